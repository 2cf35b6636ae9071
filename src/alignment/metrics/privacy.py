"""A team's scores are the team's: who sees them named, and the figures over several teams
that may be shown to anyone else."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from alignment.metrics.reflection import SCORE_MEASURES, safety_trends

# the teams' latest scores are counted in whole-point bands: 1–2, 2–3, 3–4 and 4–5 (5 included)
SCORE_BANDS = ("1–2", "2–3", "3–4", "4–5")


def scores_kept(sessions: pd.DataFrame, sight: Iterable[str] | None) -> pd.DataFrame:
    """``sessions`` with the scores of every team outside ``sight`` emptied (None: keep all).

    ``sessions`` is ``queries.team_sessions``; what a session covered stays.
    """
    if sight is None:
        return sessions
    hidden = ~sessions["team_id"].isin(list(sight))
    kept = sessions.copy()
    for measure in SCORE_MEASURES:
        kept[measure] = kept[measure].astype(float).where(~hidden)
    return kept


def falling_teams(sessions: pd.DataFrame, min_teams: int) -> int | None:
    """How many teams' safety is falling (``safety_trends``), or None when fewer than
    ``min_teams`` teams have a trend: too few to tell no team apart."""
    trends = safety_trends(sessions)
    measured = trends[trends["safety_slope"].notna()]
    if len(measured) < min_teams:
        return None
    return int(measured["falling_safety"].sum())


def _band(score: float) -> str:
    return SCORE_BANDS[min(int(math.floor(score)), len(SCORE_BANDS)) - 1]


def score_distribution(sessions: pd.DataFrame, min_teams: int) -> pd.DataFrame:
    """Per measure, how many teams' latest score falls in each of ``SCORE_BANDS``; a measure
    fewer than ``min_teams`` teams scored is left out. Columns measure, band, teams (zeros
    included), scored_teams.

    >>> # four teams whose latest safety is 2.5, 3.1, 3.8, 4.6: 2–3 one, 3–4 two, 4–5 one
    """
    held = sessions.assign(held_on=pd.to_datetime(sessions["held_on"])).sort_values(
        ["team_id", "held_on", "session_id"], kind="stable")
    rows = []
    for measure in SCORE_MEASURES:
        scored = held[held[measure].notna()]
        latest = scored.groupby("team_id")[measure].last()
        if len(latest) < min_teams:
            continue
        counts = latest.map(_band).value_counts()
        rows.extend({"measure": measure, "band": band, "teams": int(counts.get(band, 0)),
                     "scored_teams": len(latest)} for band in SCORE_BANDS)
    return pd.DataFrame(rows, columns=["measure", "band", "teams", "scored_teams"])
