
from __future__ import annotations

import pandas as pd

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


def _breaks(rows: pd.DataFrame, break_type: str, entity: str, id_col: str, detail) -> pd.DataFrame:
    # ``detail`` maps the whole frame to a column of texts: a million experiments are
    # described in one vectorised step, not one Python call each.
    if rows.empty:
        return pd.DataFrame(columns=BREAK_COLUMNS)
    return pd.DataFrame(
        {
            "break_type": break_type,
            "entity": entity,
            "entity_id": rows[id_col].astype(str).to_numpy(),
            "name": rows["name" if "name" in rows else "title"].astype(str).to_numpy(),
            "detail": detail(rows).to_numpy(),
        }
    )


def _text(column: pd.Series) -> pd.Series:
    return column.astype(str)


def _experiment_gaps(rows: pd.DataFrame) -> pd.Series:
    no_goal, no_product = rows["goal_id"].isna(), rows["product_id"].isna()
    missing = pd.Series("goal and no product", index=rows.index)
    missing = missing.mask(no_goal & ~no_product, "goal").mask(~no_goal & no_product, "product")
    return "team " + _text(rows["team_id"]) + ": no " + missing


def chain_breaks(
    goal_chain: pd.DataFrame,
    product_links: pd.DataFrame,
    team_links: pd.DataFrame,
    experiment_link_gaps: pd.DataFrame,
) -> pd.DataFrame:
    """Every break in the chain, one row each: break_type, entity, entity_id, name, detail.

    >>> # a product owned by A and B gives
    >>> # product_with_several_owners | product | P1 | Parkeren | owned by A, B
    """
    gaps = experiment_link_gaps
    has_both = gaps["goal_id"].notna() & gaps["product_id"].notna()
    parts = [
        _breaks(goal_chain[goal_chain["products"] == 0], "goal_without_product", "goal",
                "goal_id", lambda r: _text(r["level"]) + ": no product serves it"),
        _breaks(product_links[product_links["goals"] == 0], "product_without_goal", "product",
                "product_id", lambda r: _text(r["value_stream"]) + ": serves no goal"),
        _breaks(product_links[product_links["owners"] == 0], "product_without_owner", "product",
                "product_id", lambda r: _text(r["value_stream"]) + ": no owner team"),
        _breaks(product_links[product_links["owners"] > 1], "product_with_several_owners",
                "product", "product_id", lambda r: "owned by " + _text(r["owner_ids"])),
        _breaks(team_links[team_links["products"] == 0], "team_without_product", "team",
                "team_id", lambda r: _text(r["value_stream"]) + ": works on no product"),
        _breaks(goal_chain[goal_chain["recent_experiments"] == 0], "goal_without_experiment",
                "goal", "goal_id",
                lambda r: _text(r["level"]) + ": no experiment started in 90 days"),
        _breaks(gaps[~has_both], "orphan_experiment", "experiment", "experiment_id",
                _experiment_gaps),
        _breaks(gaps[has_both & ~gaps["product_serves_goal"].astype(bool)],
                "misaligned_experiment", "experiment", "experiment_id",
                lambda r: "team " + _text(r["team_id"]) + ": product " + _text(r["product_id"])
                          + " does not serve goal " + _text(r["goal_id"])),
    ]
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
