
from __future__ import annotations

import pandas as pd

from alignment.i18n import enum_label, number, percent, translate
from alignment.metrics.value import (
    MANY_EXPERIMENTS,
    MOVED_SHARE,
    STALE_AFTER_DAYS,
    VALUE_BREAK_COLUMNS,
    VALUE_WINDOW_DAYS,
)

# The break types in the order a leader reads them: top of the chain first.
BREAK_TYPES: dict[str, str] = {
    "goal_without_product": "An active goal or objective that no product serves.",
    "product_without_goal": "A product that serves no goal: its work has no strategic anchor.",
    "product_without_owner": "A product no team owns: nobody answers for its value.",
    "product_with_several_owners": "A product owned by two or more teams: ownership is blurred.",
    "team_without_product": "A team that works on no product: its work has no clear customer.",
    "goal_without_experiment": (
        "An active goal or objective with no experiment started in the last 90 days: "
        "nobody is learning how to reach it."
    ),
    "orphan_experiment": "An experiment linked to no goal or no product: isolated learning.",
    "misaligned_experiment": (
        "An experiment whose product does not serve its goal: the links contradict each other."
    ),
    "goal_without_measure": (
        "An active goal or objective that carries no measure: nobody can see whether its value "
        "is realised."
    ),
    "stale_measure": (
        f"A measure of an active goal with no check-in for more than {STALE_AFTER_DAYS} days."
    ),
    "busy_without_value": (
        f"An active goal with {MANY_EXPERIMENTS} or more experiments started in the last "
        f"{VALUE_WINDOW_DAYS} days whose measure moved less than {MOVED_SHARE:.0%} of the way "
        "to its target, or the wrong way."
    ),
    "value_without_learning": (
        f"A measure that moved {MOVED_SHARE:.0%} or more of the way to its target in the last "
        f"{VALUE_WINDOW_DAYS} days with no experiment started under its goal: value nobody "
        "learns from."
    ),
}

def break_label(break_type: str) -> str:
    """A break type as a leader reads it: ``goal_without_product`` → ``Goal without product``."""
    return break_type.replace("_", " ").capitalize()


BREAK_COLUMNS = ["break_type", "entity", "entity_id", "name", "detail"]

CHAIN_COMPLETENESS_DEFINITION = (
    "Share of active goals and objectives (ambitions are measured through the goals under "
    "them) that have all three: at least one product serving them, at least one of those "
    "products owned by a team, and at least one experiment linked to the goal that started "
    "in the last 90 days."
)


def chain_completeness(goal_chain: pd.DataFrame) -> float | None:
    """Share (0–1) of active goals with a product, an owning team and a recent experiment.

    None when there is no active goal, so "nothing to measure" never reads as 0 %.
    """
    if goal_chain.empty:
        return None
    complete = (
        (goal_chain["products"] > 0)
        & (goal_chain["owned_products"] > 0)
        & (goal_chain["recent_experiments"] > 0)
    )
    return float(complete.mean())


def _breaks(rows: pd.DataFrame, break_type: str, entity: str, id_col: str,
            details: list[str]) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=BREAK_COLUMNS)
    return pd.DataFrame(
        {
            "break_type": break_type,
            "entity": entity,
            "entity_id": rows[id_col].astype(str).to_numpy(),
            "name": rows["name" if "name" in rows else "title"].astype(str).to_numpy(),
            "detail": details,
        }
    )


def _details(lang: str, key: str, rows: pd.DataFrame, **columns: str) -> list[str]:
    """``break_detail.<key>`` said for every row, its ``{placeholders}`` filled from ``columns``.

    >>> # _details("en", "owners", rows, owners="owner_ids") → ["owned by A, B", …]
    """
    template = translate(lang, "break_detail." + key, **{name: "{" + name + "}"
                                                          for name in columns})
    values = [rows[column].astype(str).to_list() for column in columns.values()]
    return [template.format(**dict(zip(columns, row, strict=True)))
            for row in zip(*values, strict=True)] if values else [template] * len(rows)


def _levels(lang: str, rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(level=rows["level"].map(lambda v: enum_label(lang, "goal_level", v)))


def _experiment_gaps(lang: str, rows: pd.DataFrame) -> list[str]:
    no_goal, no_product = rows["goal_id"].isna(), rows["product_id"].isna()
    found = []
    for key, chosen in (("no_goal_no_product", no_goal & no_product),
                        ("no_goal", no_goal & ~no_product), ("no_product", ~no_goal & no_product)):
        part = rows[chosen]
        found.append(pd.Series(_details(lang, key, part, team="team_id"), index=part.index,
                               dtype=object))
    return pd.concat(found).reindex(rows.index).to_list()


def _value_breaks(lang: str, gaps: pd.DataFrame) -> list[pd.DataFrame]:
    """The value breaks of ``gaps`` as break rows, in ``BREAK_TYPES`` order."""
    said = _levels(lang, gaps).assign(
        days=gaps["days"].map(lambda d: number(lang, d)),
        change=gaps["change"].map(lambda c: percent(lang, c)),
        experiments=gaps["experiments"].map(lambda n: number(lang, n)),
    )
    stale = said[said["break_type"] == "stale_measure"]
    never = stale["days"].eq("—")
    parts = []
    for kind, columns in (("goal_without_measure", {"level": "level"}),
                          ("busy_without_value", {"measure": "measure", "count": "experiments",
                                                  "change": "change"}),
                          ("value_without_learning", {"measure": "measure", "change": "change"})):
        rows = said[said["break_type"] == kind]
        parts.append(_breaks(rows, kind, "goal", "goal_id", _details(lang, kind, rows, **columns)))
    details = pd.Series(
        _details(lang, "stale_measure", stale[~never], measure="measure", days="days")
        + _details(lang, "stale_measure_never", stale[never], measure="measure"),
        index=[*stale.index[~never], *stale.index[never]], dtype=object).reindex(stale.index)
    parts.insert(1, _breaks(stale, "stale_measure", "goal", "goal_id", details.to_list()))
    return parts


def chain_breaks(
    goal_chain: pd.DataFrame,
    product_links: pd.DataFrame,
    team_links: pd.DataFrame,
    experiment_link_gaps: pd.DataFrame,
    lang: str = "en",
    value_gaps: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every break in the chain, one row each: break_type, entity, entity_id, name, detail
    (the detail in ``lang``). ``value_gaps`` (``metrics.value_gaps``) adds the breaks between
    a goal's work and its measures.

    >>> # a product owned by A and B gives
    >>> # product_with_several_owners | product | P1 | Parkeren | owned by A, B
    """
    gaps = experiment_link_gaps
    has_both = gaps["goal_id"].notna() & gaps["product_id"].notna()
    unserved = _levels(lang, goal_chain[goal_chain["products"] == 0])
    unlearned = _levels(lang, goal_chain[goal_chain["recent_experiments"] == 0])
    aimless = product_links[product_links["goals"] == 0]
    ownerless = product_links[product_links["owners"] == 0]
    shared = product_links[product_links["owners"] > 1]
    idle = team_links[team_links["products"] == 0]
    orphans = gaps[~has_both]
    misaligned = gaps[has_both & ~gaps["product_serves_goal"].astype(bool)]
    parts = [
        _breaks(unserved, "goal_without_product", "goal", "goal_id",
                _details(lang, "goal_without_product", unserved, level="level")),
        _breaks(aimless, "product_without_goal", "product", "product_id",
                _details(lang, "product_without_goal", aimless, stream="value_stream")),
        _breaks(ownerless, "product_without_owner", "product", "product_id",
                _details(lang, "product_without_owner", ownerless, stream="value_stream")),
        _breaks(shared, "product_with_several_owners", "product", "product_id",
                _details(lang, "product_with_several_owners", shared, owners="owner_ids")),
        _breaks(idle, "team_without_product", "team", "team_id",
                _details(lang, "team_without_product", idle, stream="value_stream")),
        _breaks(unlearned, "goal_without_experiment", "goal", "goal_id",
                _details(lang, "goal_without_experiment", unlearned, level="level")),
        _breaks(orphans, "orphan_experiment", "experiment", "experiment_id",
                _experiment_gaps(lang, orphans)),
        _breaks(misaligned, "misaligned_experiment", "experiment", "experiment_id",
                _details(lang, "misaligned_experiment", misaligned, team="team_id",
                         product="product_id", goal="goal_id")),
    ]
    parts += _value_breaks(lang, value_gaps if value_gaps is not None
                           else pd.DataFrame(columns=VALUE_BREAK_COLUMNS))
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=BREAK_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def break_counts(breaks: pd.DataFrame) -> pd.DataFrame:
    """Number of breaks per type, every type listed (zeros included), in chain order."""
    counts = breaks["break_type"].value_counts() if not breaks.empty else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "break_type": list(BREAK_TYPES),
            "breaks": [int(counts.get(kind, 0)) for kind in BREAK_TYPES],
            "definition": list(BREAK_TYPES.values()),
        }
    )
