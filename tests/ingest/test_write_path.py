"""What an upload may write: a file's missing columns keep stored values, a member's file leaves
decisions above the team alone, and a commit refuses a preview the stored rows have outgrown."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment import contract, export, queries, store
from alignment.access import Person
from alignment.bootstrap import DEMO_DIR
from alignment.ingest.pipeline import demo_loaded, upload_committed, upload_preview
from tests.conftest import demo_database

TODAY = dt.date(2026, 11, 27)
ADMIN = Person("admin@example.org", "Admin", "admin")
MEMBER = Person("pas@example.org", "Pas", "member", "BZ-PAS")
REQUIRED = list(contract.REQUIRED["experiments"])


@pytest.fixture(scope="module")
def demo_con(backend, request):
    with demo_database(TODAY, backend, request) as con:
        yield con


@pytest.fixture
def demo(con):
    demo_loaded(con, DEMO_DIR, TODAY)
    return con


def plain(value: object) -> object:
    """A stored cell comparable with ==: lists as lists, missing as None, dates as dates."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def stored_rows(con, kind: str) -> dict[tuple, dict]:
    """Every stored row of ``kind`` by its key, cells made comparable."""
    rows = queries.table_rows(con, kind, 10**6)
    keys = list(store.KEYS[kind])
    return {tuple(record[k] for k in keys): {c: plain(v) for c, v in record.items()}
            for record in rows.to_dict("records")}


def file_of(con, kind: str, keys: list[tuple], columns: list[str], **changed) -> bytes:
    """The stored rows ``keys`` of ``kind`` as a downloaded CSV of ``columns`` only, with the
    ``changed`` cells set (``None`` empties a cell)."""
    rows = queries.table_rows(con, kind, 10**6)
    key_columns = list(store.KEYS[kind])
    mine = rows[[tuple(r) in set(keys) for r in rows[key_columns].itertuples(index=False)]]
    mine = mine[columns].astype(object).where(mine[columns].notna(), None)
    for column, value in changed.items():
        mine[column] = [value] * len(mine)
    return export.csv_bytes(mine)


def upload(con, kind: str, data: bytes, actor: Person = ADMIN, **kwargs):
    return upload_committed(con, kind, f"{kind}.csv", data, actor=actor, today=TODAY, **kwargs)


# ----------------------------------------------------------------------------- partial files

# (kind, stored key, columns of the file, the cell it changes): every other stored field stays.
PARTIAL = [
    # the reported case: required and result columns only, of a done experiment with a
    # product-scope decision, partner teams, a product and a goal
    ("experiments", ("PAS-001",), [*REQUIRED, "observed", "result", "learning"],
     ("learning", "Minder onvolledige aanvragen; de check blijft.")),
    ("experiments", ("PAS-004",), REQUIRED, ("title", "Digitale check, tweede ronde")),
    ("experiments", ("PAS-007",), [*REQUIRED, "decision", "decision_rationale"],
     ("decision_rationale", "Team gaat door met de proef.")),
    ("goals", ("DOEL-01",), list(contract.REQUIRED["goals"]), ("title", "Alles digitaal goed")),
    ("products", ("P-REISDOC",), list(contract.REQUIRED["products"]), ("name", "Reisdocumenten")),
    ("teams", ("BZ-PAS",), ["team_id", "name"], ("name", "Team Paspoort")),
    ("product_goals", ("P-REISDOC", "DOEL-02"), list(contract.REQUIRED["product_goals"]),
     ("link_type", "contributes")),
    ("team_products", ("BZ-PAS", "P-AFSPRAAK"), list(contract.REQUIRED["team_products"]),
     ("role", "contributor")),
]


@pytest.mark.parametrize(("kind", "key", "columns", "change"), PARTIAL,
                         ids=[f"{p[0]}-{len(p[2])}-columns" for p in PARTIAL])
def test_a_file_with_fewer_columns_changes_only_its_own(demo, kind, key, columns, change):
    before = stored_rows(demo, kind)
    field, value = change
    outcome = upload(demo, kind, file_of(demo, kind, [key], columns, **{field: value}))
    assert outcome.errors == []
    after = stored_rows(demo, kind)
    assert after[key][field] == value
    assert {c: v for c, v in after[key].items() if c != field} == {
        c: v for c, v in before[key].items() if c != field}


def test_the_reported_case_keeps_the_leaders_decision(demo):
    columns = [*REQUIRED, "observed", "result", "learning"]
    before = stored_rows(demo, "experiments")[("PAS-001",)]
    preview = upload_preview(demo, "experiments", "f.csv",
                             file_of(demo, "experiments", [("PAS-001",)], columns,
                                     learning="Nieuw inzicht"), TODAY, actor=ADMIN)
    assert preview.cleared == {}
    assert set(preview.changes["field"]) == {"learning"}
    assert {"decision", "decision_scope", "partner_teams", "goal_id"} <= set(preview.kept_columns)
    upload(demo, "experiments", file_of(demo, "experiments", [("PAS-001",)], columns,
                                        learning="Nieuw inzicht"))
    after = stored_rows(demo, "experiments")[("PAS-001",)]
    kept = ["decision", "decision_date", "decision_scope", "decision_rationale", "product_id",
            "goal_id", "partner_teams", "disciplines", "start_date", "end_date", "energy"]
    assert {c: after[c] for c in kept} == {c: before[c] for c in kept}
    assert before["decision"] and before["partner_teams"]  # there was something to lose
    teams = queries.table_rows(demo, "experiment_teams", 10**6)
    assert "BZ-BRP" in set(teams.loc[teams["experiment_id"] == "PAS-001", "team_id"])


def test_an_empty_cell_in_a_column_the_file_has_clears_it_and_the_preview_says_so(demo):
    data = file_of(demo, "experiments", [("PAS-001",), ("PAS-002",)], [*REQUIRED, "goal_id"],
                   goal_id=None)
    preview = upload_preview(demo, "experiments", "f.csv", data, TODAY, actor=ADMIN)
    assert preview.cleared == {"goal_id": 2}
    upload(demo, "experiments", data)
    after = stored_rows(demo, "experiments")
    assert after[("PAS-001",)]["goal_id"] is None
    assert after[("PAS-001",)]["product_id"] == "P-REISDOC"


OPTIONAL = [c for c in contract.COLUMNS["experiments"] if c not in REQUIRED]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(columns=st.sets(st.sampled_from(OPTIONAL)),
       ids=st.sets(st.sampled_from([f"PAS-{n:03d}" for n in range(1, 17)]
                                   + [f"KCC-{n:03d}" for n in range(1, 9)]), min_size=1,
                   max_size=6),
       title=st.sampled_from(["Nieuwe titel", "Andere titel", "Titel drie"]))
def test_any_subset_of_columns_changes_no_field_outside_them(demo_con, columns, ids, title):
    con = demo_con
    keys = [(i,) for i in ids]
    file_columns = [*REQUIRED, *sorted(columns, key=OPTIONAL.index)]
    before = stored_rows(con, "experiments")
    outcome = upload(con, "experiments", file_of(con, "experiments", keys, file_columns,
                                                 title=title))
    assert outcome.errors == []
    after = stored_rows(con, "experiments")
    for key in keys:
        outside = [c for c in contract.COLUMNS["experiments"] if c not in file_columns]
        assert {c: after[key][c] for c in outside} == {c: before[key][c] for c in outside}
        assert {c: after[key][c] for c in file_columns if c != "title"} == {
            c: before[key][c] for c in file_columns if c != "title"}
        assert after[key]["title"] == title


def test_a_stored_number_beyond_plain_digits_is_kept_exactly(demo):
    columns = [*REQUIRED, "baseline", "target"]
    first = upload(demo, "experiments", file_of(demo, "experiments", [("PAS-014",)], columns,
                                                baseline="9" * 15, target="0.0000001"))
    assert first.errors == []
    before = stored_rows(demo, "experiments")[("PAS-014",)]
    assert (before["baseline"], before["target"]) == (999_999_999_999_999, 1e-7)
    outcome = upload(demo, "experiments", file_of(demo, "experiments", [("PAS-014",)], REQUIRED,
                                                  title="Weer een titel"))
    assert outcome.errors == []
    after = stored_rows(demo, "experiments")[("PAS-014",)]
    assert (after["baseline"], after["target"]) == (999_999_999_999_999, 1e-7)


# ----------------------------------------------------------------------------- decisions

DECISION = ["decision", "decision_date", "decision_scope", "decision_rationale"]
NEW_ROW = ("experiment_id,team_id,title,hypothesis,status,lean_lens,start_date,end_date,"
           "observed,result,learning,decision,decision_date,decision_scope\n"
           "PAS-900,BZ-PAS,Nieuwe proef,We geloven dat het helpt,done,flow,2026-10-01,"
           "2026-10-20,3,validated,Het hielp,scale,2026-11-01,{scope}\n")


def changed_decision(con, key: str, **cells) -> bytes:
    return file_of(con, "experiments", [(key,)], [*REQUIRED, *DECISION], **cells)


# (who, the file, whether it is refused): a member's file may set team-scope decisions only.
DECISIONS = [
    ("member changes a product-scope decision", MEMBER,
     lambda c: changed_decision(c, "PAS-001", decision="stop"), True),
    ("member moves a product-scope decision to team", MEMBER,
     lambda c: changed_decision(c, "PAS-001", decision_scope="team"), True),
    ("member clears a strategy-scope decision", MEMBER,
     lambda c: changed_decision(c, "PAS-004", decision=None, decision_date=None,
                                decision_scope=None, decision_rationale=None), True),
    ("member raises a team-scope decision to portfolio", MEMBER,
     lambda c: changed_decision(c, "PAS-007", decision_scope="portfolio"), True),
    ("member's new experiment decided at strategy scope", MEMBER,
     lambda c: NEW_ROW.format(scope="strategy").encode(), True),
    ("member's new experiment decided at team scope", MEMBER,
     lambda c: NEW_ROW.format(scope="team").encode(), False),
    ("member changes a team-scope decision", MEMBER,
     lambda c: changed_decision(c, "PAS-007", decision="stop"), False),
    ("member uploads a product-scope decision unchanged, with a new title", MEMBER,
     lambda c: changed_decision(c, "PAS-001", title="Digitale check vooraf, herzien"), False),
    ("member leaves the decision columns out", MEMBER,
     lambda c: file_of(c, "experiments", [("PAS-004",)], REQUIRED, title="Nieuwe titel"), False),
    ("admin changes a product-scope decision", ADMIN,
     lambda c: changed_decision(c, "PAS-001", decision="stop"), False),
]


@pytest.mark.parametrize(("case", "actor", "made", "refused"), DECISIONS,
                         ids=[d[0] for d in DECISIONS])
def test_a_members_file_sets_decisions_at_team_scope_only(demo, case, actor, made, refused):
    before = stored_rows(demo, "experiments")
    outcome = upload(demo, "experiments", made(demo), actor=actor)
    keys = {p.problem_said.key for p in outcome.errors if p.problem_said}
    assert (keys == {"problem.decision_above_team"}) is refused, outcome.errors
    if refused:
        assert [(p.line, p.column) for p in outcome.errors] == [(2, "decision_scope")]
        assert stored_rows(demo, "experiments") == before
    else:
        assert outcome.errors == []


def test_a_members_file_with_one_refused_decision_is_refused_whole_and_says_it_in_dutch(demo):
    before = stored_rows(demo, "experiments")
    data = file_of(demo, "experiments", [("PAS-007",), ("PAS-008",)], [*REQUIRED, *DECISION],
                   decision="stop")
    outcome = upload(demo, "experiments", data, actor=MEMBER)
    assert [(p.line, p.value) for p in outcome.errors] == [(3, "strategy")]
    problem, fix = outcome.errors[0].in_language("nl")
    assert problem.startswith("PAS-008: een besluit op strategieniveau")
    assert "Leerstroom & besluitvorming" in fix
    assert outcome.upload_id is None
    assert stored_rows(demo, "experiments") == before


# ----------------------------------------------------------------------------- stale previews

MANY_NEW = "experiment_id,team_id,title,hypothesis,status,lean_lens\n" + "".join(
    f"PAS-{n},BZ-PAS,Proef {n} {{who}},We geloven dat het helpt,idea,flow\n"
    for n in range(500, 540))


def test_two_previews_of_the_same_new_rows_then_two_commits_the_second_is_refused(demo):
    anna, bert = (Person(f"{name}@example.org", name, "member", "BZ-PAS")
                  for name in ("anna", "bert"))
    files = {who: MANY_NEW.format(who=who.name).encode() for who in (anna, bert)}
    previews = {who: upload_preview(demo, "experiments", "f.csv", files[who], TODAY, actor=who)
                for who in (anna, bert)}
    assert [p.new for p in previews.values()] == [40, 40]
    first = upload(demo, "experiments", files[anna], actor=anna, previewed=previews[anna].basis)
    assert (first.new, first.changed) == (40, 0) and first.upload_id
    after_first = stored_rows(demo, "experiments")
    second = upload(demo, "experiments", files[bert], actor=bert, previewed=previews[bert].basis)
    assert [p.problem_said.key for p in second.errors] == ["problem.stale_preview"]
    assert second.upload_id is None
    assert stored_rows(demo, "experiments") == after_first
    again = upload_preview(demo, "experiments", "f.csv", files[bert], TODAY, actor=bert)
    assert (again.new, again.changed) == (0, 40)
    third = upload(demo, "experiments", files[bert], actor=bert, previewed=again.basis)
    assert (third.new, third.changed) == (0, 40) and third.upload_id


def test_a_preview_of_rows_nobody_touched_since_commits(demo):
    data = MANY_NEW.format(who="c").encode()
    preview = upload_preview(demo, "experiments", "f.csv", data, TODAY, actor=ADMIN)
    upload(demo, "goals", file_of(demo, "goals", [("DOEL-01",)],
                                  list(contract.REQUIRED["goals"]), title="Ander doel"))
    outcome = upload(demo, "experiments", data, previewed=preview.basis)
    assert outcome.errors == [] and outcome.new == 40
    assert outcome.written_ids[:2] == ["PAS-500", "PAS-501"]


def test_a_people_file_without_names_keeps_them_whatever_the_case_of_the_address(demo):
    upload(demo, "people", b"email,name,role,team_id\nAnn@Example.org,Ann de Vries,member,BZ-PAS\n")
    outcome = upload(demo, "people", b"email,role\nANN@example.org,member\n")
    assert outcome.errors == [] and outcome.nothing_to_do
    assert stored_rows(demo, "people")[("ann@example.org",)]["name"] == "Ann de Vries"


def test_a_preview_confirms_its_own_file_only(demo):
    files = [MANY_NEW.format(who=who).encode() for who in ("a", "b")]
    preview = upload_preview(demo, "experiments", "a.csv", files[0], TODAY, actor=ADMIN)
    outcome = upload(demo, "experiments", files[1], previewed=preview.basis)
    assert outcome.out_of_date and outcome.upload_id is None
