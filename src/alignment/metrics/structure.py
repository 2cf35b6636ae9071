"""The structure metrics: breaks in view, portfolio balance, lens coverage and collaboration.

Pure functions over the frames of the Strategy, Portfolio and Teams queries; each figure's
definition (its "How is this computed?" text) lives in the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from alignment.metrics.chain import BREAK_COLUMNS, EXPERIMENT_BREAK_TYPES

# --- Strategy to Gemba ----------------------------------------------------------------------


# Break types that belong to an entity of each kind; experiment breaks follow their lead team.
_ENTITY_BREAKS = {
    "goal": ("goal_without_product", "goal_without_experiment", "goal_without_measure",
             "stale_measure", "busy_without_value", "value_without_learning"),
    "product": ("product_without_goal", "product_without_owner", "product_with_several_owners"),
    "team": ("team_without_product",),
    "experiment": EXPERIMENT_BREAK_TYPES,
}


def breaks_in_view(breaks: pd.DataFrame, experiment_link_gaps: pd.DataFrame,
                   goal_ids: Iterable[str], product_ids: Iterable[str],
                   team_ids: Iterable[str]) -> pd.DataFrame:
    """The breaks whose goal, product or team is in view; experiment breaks go with their lead
    team (found in ``experiment_link_gaps``). Same columns as ``chain_breaks`` plus team_id."""
    if breaks.empty:
        return pd.DataFrame(columns=[*BREAK_COLUMNS, "team_id"])
    lead = experiment_link_gaps.set_index("experiment_id")["team_id"]
    teams = set(team_ids)
    entity, entity_id = breaks["entity"], breaks["entity_id"]
    is_experiment, is_team = entity.eq("experiment"), entity.eq("team")
    result = breaks.assign(team_id=entity_id.map(lead).where(is_experiment,
                                                             entity_id.where(is_team)))
    keep = ((is_experiment & result["team_id"].isin(teams))
            | (is_team & entity_id.isin(teams))
            | (entity.eq("goal") & entity_id.isin(set(goal_ids)))
            | (entity.eq("product") & entity_id.isin(set(product_ids))))
    return result[keep].reset_index(drop=True)


def goal_breaks(breaks: pd.DataFrame, experiment_link_gaps: pd.DataFrame, goal_id: str,
                product_ids: Iterable[str]) -> pd.DataFrame:
    """The breaks that touch one goal: its own, those of the products serving it
    (``product_ids``) and those of the experiments linked to it. Columns of ``chain_breaks``.

    >>> # goal G1 that no product serves and an experiment on G1 whose product does not
    >>> # serve it: goal_without_product | G1 and misaligned_experiment | E7
    """
    on_goal = set(experiment_link_gaps.loc[experiment_link_gaps["goal_id"] == goal_id,
                                           "experiment_id"])
    entity, entity_id = breaks["entity"], breaks["entity_id"]
    keep = ((entity.eq("goal") & entity_id.eq(goal_id))
            | (entity.eq("product") & entity_id.isin(set(product_ids)))
            | (entity.eq("experiment") & entity_id.isin(on_goal)))
    return breaks[keep].reset_index(drop=True)


def broken_experiments_by_team(counts: pd.DataFrame) -> pd.DataFrame:
    """Per lead team: orphan_experiments and misaligned_experiments, from ``counts`` (team_id,
    break_type, breaks, as ``queries.experiment_break_counts`` gives them, of the teams in
    view); teams without such breaks are left out."""
    columns = ["team_id", "orphan_experiments", "misaligned_experiments"]
    found = counts[counts["break_type"].isin(_ENTITY_BREAKS["experiment"])
                   & (counts["breaks"] > 0)]
    if found.empty:
        return pd.DataFrame(columns=columns)
    table = found.pivot_table(index="team_id", columns="break_type", values="breaks",
                              aggfunc="sum", fill_value=0)
    return pd.DataFrame({
        "team_id": table.index.astype(str),
        "orphan_experiments": table.get("orphan_experiment", 0),
        "misaligned_experiments": table.get("misaligned_experiment", 0),
    }).reset_index(drop=True)[columns].astype({"orphan_experiments": int,
                                              "misaligned_experiments": int})


# --- Portfolio ------------------------------------------------------------------------------

THRASH_FACTOR = 1.5  # running share above 1.5 × the target: more change than the product absorbs
STAGNATION_FACTOR = 0.5  # running share below half the target: too little experimenting
THRASH_MIN_RUNNING = 2  # one experiment at a time never overwhelms a product
DIRECTION_CHANGE_LIMIT = 2  # pivots and stops in the period that unsettle a stable product
STEADY_LIFECYCLES = ("sustain",)  # products meant to be stable: frequent turns are thrash
GROWING_LIFECYCLES = ("explore", "grow")  # products meant to learn: silence is stagnation


def portfolio_balance(product_balance: pd.DataFrame) -> pd.DataFrame:
    """``product_balance`` with running_share (0–1, None without experiments), target_share
    (0–1, None without a target), thrash, stagnation (bool) and signal: 'thrash',
    'stagnation', 'thrash and stagnation', 'balanced' or 'no target'.

    >>> # a sustain product, target 10 %, 2 of 10 experiments running: share 0.2 > 0.15
    >>> # → thrash (1 of 5 would not be: a single running experiment never thrashes);
    >>> # an explore product with no experiment in the period → stagnation
    """
    result = product_balance.copy()
    experiments = result["experiments"].astype(float)
    running = result["running"].astype(float)
    target_pct = result["explore_target_pct"].astype(float)
    share = running / experiments.where(experiments > 0)
    target = target_pct / 100
    # compared as counts (running × 100 against factor × target % × experiments), so a share
    # exactly on a threshold never tips over it by a rounding error
    above = running * 100 > THRASH_FACTOR * target_pct * experiments
    below = running * 100 < STAGNATION_FACTOR * target_pct * experiments
    steady = result["lifecycle"].isin(STEADY_LIFECYCLES)
    growing = result["lifecycle"].isin(GROWING_LIFECYCLES)
    thrash = (above & (running >= THRASH_MIN_RUNNING)) | (
        steady & (result["direction_changes"] >= DIRECTION_CHANGE_LIMIT))
    stagnation = (growing & (experiments == 0)) | (below & (experiments > 0))
    result["running_share"] = share.astype(object).where(share.notna(), None)
    result["target_share"] = target.astype(object).where(target.notna(), None)
    result["thrash"] = thrash.astype(bool)
    result["stagnation"] = stagnation.astype(bool)
    result["signal"] = [
        "thrash and stagnation" if t and s else "thrash" if t else "stagnation" if s
        else "no target" if pd.isna(goal) else "balanced"
        for t, s, goal in zip(result["thrash"], result["stagnation"], target, strict=True)
    ]
    return result


def signal_counts(balance: pd.DataFrame) -> dict[str, int]:
    """How many products thrash and how many stagnate (a product can do both)."""
    return {"thrash": int(balance["thrash"].sum()), "stagnation": int(balance["stagnation"].sum())}


def lens_coverage(lens_counts: pd.DataFrame) -> float | None:
    """Share (0–1) of product × lens cells with at least one experiment; None without products."""
    if lens_counts.empty:
        return None
    return float((lens_counts["experiments"] > 0).mean())


# --- Teams & collaboration ------------------------------------------------------------------


def collaboration_index(collaboration_counts: pd.DataFrame) -> float | None:
    """Share (0–1) of experiments with ≥ 2 teams or ≥ 2 disciplines; None without experiments.

    Takes the one-row frame of ``queries.collaboration_counts(con, start, as_of, …)``, so a
    quarter and the one before it are two calls with different windows.
    """
    if collaboration_counts.empty:
        return None
    row = collaboration_counts.iloc[0]
    if not row["experiments"]:
        return None
    return float(row["collaborative"] / row["experiments"])


def collaboration_shares(collaboration_by_quarter: pd.DataFrame) -> pd.DataFrame:
    """Per quarter: quarter, experiments and the shares (0–1, None without experiments)
    cross_team_share, cross_discipline_share and collaboration_index."""
    result = collaboration_by_quarter[["quarter", "experiments"]].copy()
    experiments = collaboration_by_quarter["experiments"].astype(float)
    base = experiments.where(experiments > 0)
    for column, share in (("cross_team", "cross_team_share"),
                          ("cross_discipline", "cross_discipline_share"),
                          ("collaborative", "collaboration_index")):
        values = collaboration_by_quarter[column] / base
        result[share] = values.astype(object).where(values.notna(), None)
    return result.reset_index(drop=True)


def isolated_teams(team_collaboration: pd.DataFrame) -> pd.DataFrame:
    """The teams that shared no experiment in the period: team_id, name, value_stream,
    experiments (what they ran alone)."""
    alone = team_collaboration[team_collaboration["shared_experiments"] == 0]
    return alone[["team_id", "name", "value_stream", "experiments"]].reset_index(drop=True)
