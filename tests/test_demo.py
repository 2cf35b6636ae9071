"""The demo organisation: reproducible, the right shape, referentially sound, and broken
in exactly the ways the app is meant to show.

Every check here works on the committed CSV files with plain Python, independently of how
the generator builds them.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from alignment import contract
from alignment.demo import DEMO_AS_OF, demo_tables, write_demo

DEMO_DIR = Path(__file__).resolve().parents[1] / "src" / "alignment" / "demo" / "data"
Tables = dict[str, list[dict[str, str]]]


def day(text: str) -> dt.date:
    """An ISO date."""
    return dt.date.fromisoformat(text)


def days_before(days: int) -> dt.date:
    """The date this many days before the demo's today."""
    return DEMO_AS_OF - dt.timedelta(days=days)


@pytest.fixture(scope="module")
def t() -> Tables:
    """The committed demo files, read as rows of strings."""
    tables = {}
    for name in contract.LOAD_ORDER:
        with (DEMO_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.DictReader(handle))
    return tables


# --- the metrics' break definitions, computed over the CSV rows -----------------------------

def active_goals(t: Tables) -> list[str]:
    """Active goals and objectives (ambitions are not expected to have products)."""
    return [g["goal_id"] for g in t["goals"]
            if g["level"] in ("goal", "objective") and g["status"] == "active"]


def owner_counts(t: Tables) -> Counter[str]:
    """Number of owner rows per product."""
    return Counter(r["product_id"] for r in t["team_products"] if r["role"] == "owner")


def breaks(t: Tables) -> dict[str, list[str]]:
    """Every break in the chain, by type, as lists of the offending ids."""
    linked_goals = {r["goal_id"] for r in t["product_goals"]}
    linked_products = {r["product_id"] for r in t["product_goals"]}
    links = {(r["product_id"], r["goal_id"]) for r in t["product_goals"]}
    owners = owner_counts(t)
    staffed = {r["team_id"] for r in t["team_products"]}
    recent = {e["goal_id"] for e in t["experiments"]
              if e["start_date"] and days_before(90) <= day(e["start_date"]) <= DEMO_AS_OF}
    products = [p["product_id"] for p in t["products"]]
    return {
        "goal_without_product": [g for g in active_goals(t) if g not in linked_goals],
        "product_without_goal": [p for p in products if p not in linked_products],
        "product_without_owner": [p for p in products if owners[p] == 0],
        "product_with_several_owners": [p for p in products if owners[p] >= 2],
        "team_without_product": [r["team_id"] for r in t["teams"] if r["team_id"] not in staffed],
        "goal_without_experiment": [g for g in active_goals(t) if g not in recent],
        "orphan_experiment": [e["experiment_id"] for e in t["experiments"]
                              if not e["goal_id"] or not e["product_id"]],
        "misaligned_experiment": [e["experiment_id"] for e in t["experiments"]
                                  if e["goal_id"] and e["product_id"]
                                  and (e["product_id"], e["goal_id"]) not in links],
    }


def sharing_teams(t: Tables) -> set[str]:
    """Teams that lead or join at least one experiment with another team."""
    shared = set()
    for e in t["experiments"]:
        partners = [p for p in e["partner_teams"].split(";") if p]
        if partners:
            shared.update([e["team_id"], *partners])
    return shared


def generations(t: Tables) -> dict[str, tuple[str, int]]:
    """For every experiment: the root of its adoption chain and how many adoptions deep it is."""
    source = {e["experiment_id"]: e["source_experiment_id"] for e in t["experiments"]}
    found = {}
    for experiment_id in source:
        depth, current = 0, experiment_id
        while source.get(current):
            current, depth = source[current], depth + 1
            assert depth < 100, f"adoption cycle through {experiment_id}"
        found[experiment_id] = (current, depth)
    return found


def learning_debt_share(t: Tables) -> float:
    """Of the done experiments that ended over 30 days ago, the share without a decision."""
    old = [e for e in t["experiments"]
           if e["status"] == "done" and day(e["end_date"]) < days_before(30)]
    return sum(1 for e in old if not e["decision"]) / len(old)


def safety_drop(rows: list[dict[str, str]]) -> float:
    """Mean safety of a team's first three scored sessions minus that of its last three."""
    scores = [float(r["safety"]) for r in sorted(rows, key=lambda r: r["held_on"]) if r["safety"]]
    if len(scores) < 6:
        return 0.0
    return sum(scores[:3]) / 3 - sum(scores[-3:]) / 3


def falling_safety_teams(t: Tables) -> list[str]:
    """Teams whose safety score fell by at least 0.8 over the history."""
    per_team = defaultdict(list)
    for s in t["sessions"]:
        per_team[s["team_id"]].append(s)
    return [team for team, rows in per_team.items() if safety_drop(rows) >= 0.8]


def quiet_teams(t: Tables) -> list[str]:
    """Teams with no reflection session in the last 30 days."""
    last = defaultdict(lambda: dt.date.min)
    for s in t["sessions"]:
        last[s["team_id"]] = max(last[s["team_id"]], day(s["held_on"]))
    return [r["team_id"] for r in t["teams"] if last[r["team_id"]] < days_before(30)]


def well_aligned_share(t: Tables) -> float:
    """Share of experiments whose product serves their goal and whose team works on it."""
    links = {(r["product_id"], r["goal_id"]) for r in t["product_goals"]}
    works_on = {(r["team_id"], r["product_id"]) for r in t["team_products"]}
    good = [e for e in t["experiments"]
            if (e["product_id"], e["goal_id"]) in links
            and (e["team_id"], e["product_id"]) in works_on]
    return len(good) / len(t["experiments"])


# --- (1) reproducible -------------------------------------------------------------------------

def test_regenerating_gives_byte_identical_files(tmp_path: Path) -> None:
    written = write_demo(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.csv" for n in contract.LOAD_ORDER)
    committed = sorted(p.name for p in DEMO_DIR.glob("*.csv"))
    assert committed == sorted(p.name for p in written)
    for path in written:
        assert path.read_bytes() == (DEMO_DIR / path.name).read_bytes(), path.name


@pytest.mark.parametrize("name", contract.LOAD_ORDER)
def test_files_are_plain_utf8_with_contract_header(name: str) -> None:
    raw = (DEMO_DIR / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    header = raw.decode("utf-8").split("\n", 1)[0]
    assert tuple(header.split(",")) == contract.COLUMNS[name]


def test_tables_follow_load_order_and_column_order() -> None:
    tables = demo_tables()
    assert tuple(tables) == contract.LOAD_ORDER
    for name, rows in tables.items():
        assert rows, name
        assert all(tuple(row) == contract.COLUMNS[name] for row in rows), name
        assert all(isinstance(v, str) for row in rows for v in row.values()), name


def test_the_seed_matters() -> None:
    assert demo_tables(seed=8)["experiments"] != demo_tables(seed=7)["experiments"]


# --- (2) shape --------------------------------------------------------------------------------

def level_count(level: str) -> Callable[[Tables], int]:
    """How many goals of a level there are."""
    return lambda t: sum(1 for g in t["goals"] if g["level"] == level)


SHAPE: list[tuple[str, Callable[[Tables], float], float, float]] = [
    ("ambitions", level_count("ambition"), 2, 2),
    ("goals", level_count("goal"), 7, 7),
    ("objectives", level_count("objective"), 3, 4),
    ("draft goals", lambda t: sum(g["status"] == "draft" for g in t["goals"]), 1, 1),
    ("closed goals", lambda t: sum(g["status"] == "closed" for g in t["goals"]), 1, 1),
    ("products", lambda t: len(t["products"]), 14, 14),
    ("value streams", lambda t: len({p["value_stream"] for p in t["products"]}), 4, 4),
    ("teams", lambda t: len(t["teams"]), 22, 22),
    ("experiments", lambda t: len(t["experiments"]), 240, 280),
    ("sessions", lambda t: len(t["sessions"]), 160, 200),
    ("actions per session", lambda t: len(t["actions"]) / len(t["sessions"]), 1, 3),
    ("coaches", lambda t: len({s["facilitator"] for s in t["sessions"]}), 4, 4),
    ("cross-team share", lambda t: sum(bool(e["partner_teams"]) for e in t["experiments"])
     / len(t["experiments"]), 0.15, 0.25),
    ("learning debt share", learning_debt_share, 0.15, 0.25),
    ("well-aligned share", well_aligned_share, 0.8, 1.0),
    ("isolated teams", lambda t: len({r["team_id"] for r in t["teams"]} - sharing_teams(t)),
     1, 2),
    ("teams without a session in 30 days", lambda t: len(quiet_teams(t)), 1, 2),
    ("teams with falling safety", lambda t: len(falling_safety_teams(t)), 1, 4),
    ("adoption chains of three or more generations",
     lambda t: len({root for root, depth in generations(t).values() if depth >= 3}), 2, 10),
    ("sessions skipping collaboration",
     lambda t: sum(s["covered_collaboration"] == "false" for s in t["sessions"]), 1, 199),
    ("sessions skipping safety",
     lambda t: sum(s["covered_safety"] == "false" for s in t["sessions"]), 1, 199),
    ("days of experiment history",
     lambda t: (DEMO_AS_OF - min(day(e["start_date"]) for e in t["experiments"]
                                 if e["start_date"])).days, 480, 550),
    ("days of session history",
     lambda t: (DEMO_AS_OF - min(day(s["held_on"]) for s in t["sessions"])).days, 480, 550),
]


@pytest.mark.parametrize(("what", "measure", "low", "high"), SHAPE, ids=[s[0] for s in SHAPE])
def test_shape(t: Tables, what: str, measure: Callable[[Tables], float], low: float,
               high: float) -> None:
    assert low <= measure(t) <= high


ENUMS = [
    ("goals", "level", contract.GOAL_LEVELS),
    ("goals", "status", contract.GOAL_STATUSES),
    ("products", "lifecycle", contract.LIFECYCLES),
    ("product_goals", "link_type", contract.LINK_TYPES),
    ("team_products", "role", contract.TEAM_ROLES),
    ("experiments", "status", contract.EXPERIMENT_STATUSES),
    ("experiments", "lean_lens", contract.LEAN_LENSES),
    ("experiments", "result", contract.RESULTS),
    ("experiments", "evidence_strength", contract.EVIDENCE_STRENGTHS),
    ("experiments", "decision", contract.DECISIONS),
    ("experiments", "decision_scope", contract.DECISION_SCOPES),
    ("sessions", "kind", contract.SESSION_KINDS),
    ("actions", "status", contract.ACTION_STATUSES),
    ("goal_measures", "direction", contract.MEASURE_DIRECTIONS),
    ("check_ins", "confidence", contract.CONFIDENCES),
]


@pytest.mark.parametrize(("table", "column", "values"), ENUMS,
                         ids=[f"{table}.{column}" for table, column, _ in ENUMS])
def test_every_enum_value_is_used_and_nothing_else(t: Tables, table: str, column: str,
                                                   values: tuple[str, ...]) -> None:
    assert {r[column] for r in t[table] if r[column]} == set(values)


BREAK_TYPES = (
    "goal_without_product", "product_without_goal", "product_without_owner",
    "product_with_several_owners", "team_without_product", "goal_without_experiment",
    "orphan_experiment", "misaligned_experiment",
)


@pytest.mark.parametrize("kind", BREAK_TYPES)
def test_every_break_type_appears_a_few_times(t: Tables, kind: str) -> None:
    assert 1 <= len(breaks(t)[kind]) <= 10, breaks(t)[kind]


def test_breaks_cover_exactly_the_known_types(t: Tables) -> None:
    assert set(breaks(t)) == set(BREAK_TYPES)


# --- (3) referential integrity ------------------------------------------------------------------

def ids(t: Tables, table: str, column: str) -> set[str]:
    """The key values of a table."""
    return {r[column] for r in t[table]}


@pytest.mark.parametrize(("table", "column"), [
    ("goals", "goal_id"), ("products", "product_id"), ("teams", "team_id"),
    ("experiments", "experiment_id"), ("sessions", "session_id"), ("actions", "action_id"),
])
def test_keys_are_unique(t: Tables, table: str, column: str) -> None:
    keys = [r[column] for r in t[table]]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("table", "column", "pattern"), [
    ("experiments", "experiment_id", r"[A-Z]{3}-\d{3}"),
    ("sessions", "session_id", r"S-\d{4}"),
    ("actions", "action_id", r"A-\d{4}"),
    ("teams", "team_id", r"[A-Z]{2}-[A-Z]{3}"),
    ("sessions", "facilitator", r"coach\.[a-z]+@rivierstad\.example"),
])
def test_id_formats(t: Tables, table: str, column: str, pattern: str) -> None:
    assert [r[column] for r in t[table] if not re.fullmatch(pattern, r[column])] == []


def test_experiment_ids_carry_their_team_prefix(t: Tables) -> None:
    assert all(e["experiment_id"].split("-")[0] == e["team_id"].split("-")[1]
               for e in t["experiments"])


def test_goal_tree(t: Tables) -> None:
    level = {g["goal_id"]: g["level"] for g in t["goals"]}
    expected_parent = {"ambition": None, "goal": "ambition", "objective": "goal"}
    for g in t["goals"]:
        parent = g["parent_goal_id"]
        assert (level[parent] if parent else None) == expected_parent[g["level"]], g["goal_id"]
        assert g["owner"] and not re.search(r"@", g["owner"])
        assert day(g["period_start"]) < day(g["period_end"])


@pytest.mark.parametrize(("table", "column", "target", "key"), [
    ("product_goals", "product_id", "products", "product_id"),
    ("product_goals", "goal_id", "goals", "goal_id"),
    ("team_products", "team_id", "teams", "team_id"),
    ("team_products", "product_id", "products", "product_id"),
    ("experiments", "team_id", "teams", "team_id"),
    ("experiments", "product_id", "products", "product_id"),
    ("experiments", "goal_id", "goals", "goal_id"),
    ("experiments", "source_experiment_id", "experiments", "experiment_id"),
    ("sessions", "team_id", "teams", "team_id"),
    ("actions", "session_id", "sessions", "session_id"),
    ("actions", "owner_team_id", "teams", "team_id"),
    ("actions", "experiment_id", "experiments", "experiment_id"),
])
def test_references_exist(t: Tables, table: str, column: str, target: str, key: str) -> None:
    known = ids(t, target, key)
    assert [r[column] for r in t[table] if r[column] and r[column] not in known] == []


def test_partner_teams_exist_and_differ_from_the_lead(t: Tables) -> None:
    teams = ids(t, "teams", "team_id")
    for e in t["experiments"]:
        partners = [p for p in e["partner_teams"].split(";") if p]
        assert set(partners) <= teams, e["experiment_id"]
        assert e["team_id"] not in partners, e["experiment_id"]
        assert len(partners) == len(set(partners)), e["experiment_id"]


def test_adopted_experiments_are_validated_work_of_another_team_that_ended_first(
        t: Tables) -> None:
    by_id = {e["experiment_id"]: e for e in t["experiments"]}
    adopters = [e for e in t["experiments"] if e["source_experiment_id"]]
    assert adopters
    for e in adopters:
        source = by_id[e["source_experiment_id"]]
        assert source["result"] == "validated", e["experiment_id"]
        assert source["team_id"] != e["team_id"], e["experiment_id"]
        assert day(source["end_date"]) < day(e["start_date"]), e["experiment_id"]


def test_actions_point_at_an_experiment_of_their_own_team(t: Tables) -> None:
    team_of = {e["experiment_id"]: e["team_id"] for e in t["experiments"]}
    session_team = {s["session_id"]: s["team_id"] for s in t["sessions"]}
    for a in t["actions"]:
        assert a["owner_team_id"] == session_team[a["session_id"]], a["action_id"]
        if a["experiment_id"]:
            assert team_of[a["experiment_id"]] == a["owner_team_id"], a["action_id"]


def test_team_product_allocations_fit_in_a_team(t: Tables) -> None:
    total = Counter()
    for r in t["team_products"]:
        total[r["team_id"]] += int(r["allocation_pct"])
    assert all(0 < pct <= 100 for pct in total.values())


# --- (4) the conditional CSV rules, for every row ---------------------------------------------

def is_number(text: str) -> bool:
    """Whether text is a plain number with a decimal point."""
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def is_iso_date(text: str) -> bool:
    """Whether text is an ISO date."""
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


HYPOTHESIS = re.compile(r"We geloven dat .+ zal leiden tot .+\. We weten het als .+\.")
DECISION_FIELDS = ("decision", "decision_date", "decision_scope", "decision_rationale")

EXPERIMENT_RULES: dict[str, Callable[[dict[str, str]], bool]] = {
    "title is 3 to 120 characters": lambda e: 3 <= len(e["title"]) <= 120,
    "hypothesis has the believe/lead/know form": lambda e: bool(HYPOTHESIS.fullmatch(
        e["hypothesis"])),
    "dates are ISO": lambda e: all(is_iso_date(e[c]) for c in
                                   ("start_date", "end_date", "decision_date") if e[c]),
    "running and done have a start": lambda e: e["status"] not in ("running", "done")
    or bool(e["start_date"]),
    "end is not before start": lambda e: not e["end_date"]
    or bool(e["start_date"]) and e["end_date"] >= e["start_date"],
    "nothing starts or ends after today": lambda e: all(
        day(e[c]) <= DEMO_AS_OF for c in ("start_date", "end_date") if e[c]),
    "done has end, observed, result and learning": lambda e: e["status"] != "done"
    or all(e[c] for c in ("end_date", "observed", "result", "learning", "evidence_strength")),
    "only done has a result": lambda e: e["status"] == "done"
    or not any(e[c] for c in ("observed", "result", "learning", *DECISION_FIELDS)),
    "ideas have no dates": lambda e: e["status"] != "idea"
    or not any(e[c] for c in ("start_date", "end_date", "decision_date")),
    "running has no end": lambda e: e["status"] != "running" or not e["end_date"],
    "decision fields come together": lambda e: len({bool(e[c]) for c in DECISION_FIELDS}) == 1,
    "decision date between end and today": lambda e: not e["decision_date"]
    or e["end_date"] <= e["decision_date"] <= DEMO_AS_OF.isoformat(),
    "numbers use a decimal point": lambda e: all(
        is_number(e[c]) for c in ("baseline", "target", "observed") if e[c]),
    "energy is 1 to 5 except on ideas": lambda e: e["status"] == "idea" and not e["energy"]
    or e["energy"] in {"1", "2", "3", "4", "5"},
    "disciplines come from the contract": lambda e: bool(e["disciplines"])
    and set(e["disciplines"].split(";")) <= set(contract.DISCIPLINES),
    "metric, baseline and target are given": lambda e: all(
        e[c] for c in ("metric", "baseline", "target")),
    "decisions follow results": lambda e: e["result"] != "invalidated"
    or e["decision"] not in ("scale", "spread"),
}


@pytest.mark.parametrize("rule", EXPERIMENT_RULES)
def test_every_experiment_row_keeps_the_rule(t: Tables, rule: str) -> None:
    check = EXPERIMENT_RULES[rule]
    assert [e["experiment_id"] for e in t["experiments"] if not check(e)] == []


SCORES = ("safety", "ownership", "energy", "collaboration")


def valid_score(text: str) -> bool:
    """Whether text is a team average between 1 and 5 with one decimal."""
    return re.fullmatch(r"[1-5]\.\d", text) is not None and 1.0 <= float(text) <= 5.0


SESSION_RULES: dict[str, Callable[[dict[str, str]], bool]] = {
    "held in the history, not after today": lambda s: days_before(550) <= day(s["held_on"])
    <= DEMO_AS_OF,
    "covered flags are true or false": lambda s: all(
        s[c] in ("true", "false")
        for c in ("covered_results", "covered_collaboration", "covered_safety")),
    "scores are one-decimal averages 1 to 5": lambda s: all(
        valid_score(s[c]) for c in SCORES if s[c]),
    "ownership and energy are always scored": lambda s: bool(s["ownership"] and s["energy"]),
    "safety scored only when covered": lambda s: bool(s["safety"])
    == (s["covered_safety"] == "true"),
    "collaboration scored only when covered": lambda s: bool(s["collaboration"])
    == (s["covered_collaboration"] == "true"),
    "has notes": lambda s: bool(s["notes"]),
}


@pytest.mark.parametrize("rule", SESSION_RULES)
def test_every_session_row_keeps_the_rule(t: Tables, rule: str) -> None:
    check = SESSION_RULES[rule]
    assert [s["session_id"] for s in t["sessions"] if not check(s)] == []


def action_rules(t: Tables) -> dict[str, Callable[[dict[str, str]], bool]]:
    """The rules for action rows, which need the date of their session."""
    held = {s["session_id"]: s["held_on"] for s in t["sessions"]}
    return {
        "closed_on exactly when done or dropped": lambda a: bool(a["closed_on"])
        == (a["status"] in ("done", "dropped")),
        "closed after the session, not after today": lambda a: not a["closed_on"]
        or held[a["session_id"]] < a["closed_on"] <= DEMO_AS_OF.isoformat(),
        "due after the session": lambda a: a["due_on"] > held[a["session_id"]],
        "has a description": lambda a: bool(a["description"]),
    }


@pytest.mark.parametrize("rule", [
    "closed_on exactly when done or dropped", "closed after the session, not after today",
    "due after the session", "has a description",
])
def test_every_action_row_keeps_the_rule(t: Tables, rule: str) -> None:
    check = action_rules(t)[rule]
    assert [a["action_id"] for a in t["actions"] if not check(a)] == []


def test_every_session_has_one_to_three_actions(t: Tables) -> None:
    per_session = Counter(a["session_id"] for a in t["actions"])
    assert all(1 <= per_session[s["session_id"]] <= 3 for s in t["sessions"])


@pytest.mark.parametrize("column", ["explore_target_pct"])
def test_explore_targets_are_percentages_higher_for_explore(t: Tables, column: str) -> None:
    pct = {p["lifecycle"]: [] for p in t["products"]}
    for p in t["products"]:
        assert re.fullmatch(r"\d{1,3}", p[column]) and 0 <= int(p[column]) <= 100
        pct[p["lifecycle"]].append(int(p[column]))
    assert min(pct["explore"]) > max(pct["sustain"] + pct["retire"])


def test_link_weights_are_decimals(t: Tables) -> None:
    assert all(re.fullmatch(r"\d\.\d+", r["weight"]) for r in t["product_goals"])
