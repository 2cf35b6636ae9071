"""Learning flow: does learning at the Gemba reach a decision, travel up, and spread?

Each function takes the frames of ``alignment.queries.learning`` (queried for the same
scope) and the day of the view, and returns a new value. The quarter helpers
``learning_debt_count``, ``median_lead_time_days`` and ``spread_factor`` give last
quarter's figure from frames queried with ``as_of=quarter_before(as_of)``.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd

from alignment.scope import QUARTER_DAYS

DEBT_AFTER_DAYS = 30
FUNNEL_STAGES = ("idea", "running", "done", "decided")
DECISION_SCOPE_ORDER = ("team", "product", "portfolio", "strategy", "unspecified")
UPPER_SCOPES = ("portfolio", "strategy")
NO_PRODUCT = "(no product)"


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column)


def quarter_before(day: dt.date) -> dt.date:
    """The same day three months earlier, or that month's last day when it is shorter.

    >>> quarter_before(dt.date(2026, 5, 31))
    datetime.date(2026, 2, 28)
    """
    month = day.month - 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- funnel -----------------------------------------------------------------------------

def funnel_stages(funnel_counts: pd.DataFrame) -> pd.DataFrame:
    """Experiments that reached each stage idea → running → done → decided.

    Columns: stage, experiments, share_of_ideas, share_of_previous (missing when there is
    nothing to divide by: for ideas, and for every stage of an empty view).
    """
    counts = funnel_counts
    started = counts["started"].astype(bool)
    done = counts["status_as_of"] == "done"
    decided = done & counts["decided"].astype(bool)
    reached = [
        int(counts["experiments"].sum()),
        int(counts.loc[started, "experiments"].sum()),
        int(counts.loc[done, "experiments"].sum()),
        int(counts.loc[decided, "experiments"].sum()),
    ]
    ideas = reached[0]
    previous = [None, *reached[:-1]]
    return pd.DataFrame(
        {
            "stage": list(FUNNEL_STAGES),
            "experiments": reached,
            "share_of_ideas": [n / ideas if ideas else None for n in reached],
            "share_of_previous": [n / p if p else None for n, p in zip(reached, previous,
                                                                      strict=True)],
        }
    )


# --- learning debt ----------------------------------------------------------------------

DEBT_COLUMNS = ["experiment_id", "title", "team_id", "team_name", "product_id",
                "product_name", "end_date", "days_since_end"]


def learning_debt(undecided: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The learning debt on ``as_of``, longest waiting first: who owes which decision, how long.

    ``undecided`` is ``queries.undecided_experiments`` for a scope with the same as_of.
    """
    days = (pd.Timestamp(as_of) - _dates(undecided["end_date"])).dt.days
    debt = undecided.assign(days_since_end=days)
    debt = debt[debt["days_since_end"] > DEBT_AFTER_DAYS]
    return (debt.sort_values(["days_since_end", "experiment_id"], ascending=[False, True])
            .reindex(columns=DEBT_COLUMNS).reset_index(drop=True))


def learning_debt_count(undecided: pd.DataFrame, as_of: dt.date) -> int:
    """How many done experiments wait more than 30 days for a decision on ``as_of``."""
    return len(learning_debt(undecided, as_of))


# --- lead time ----------------------------------------------------------------------------

def _known_lead_times(lead_times: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    known = lead_times
    if as_of is not None:
        known = known[_dates(known["decision_date"]) <= pd.Timestamp(as_of)]
    return known


def decisions_before_end(lead_times: pd.DataFrame) -> pd.DataFrame:
    """Decisions dated before their experiment ended: bad data, to be listed and corrected."""
    return lead_times[lead_times["lead_days"] < 0].reset_index(drop=True)


def valid_lead_times(lead_times: pd.DataFrame) -> pd.DataFrame:
    """Decisions dated on or after their experiment's end: the ones lead times are made of."""
    return lead_times[lead_times["lead_days"] >= 0].reset_index(drop=True)


def median_lead_time_days(lead_times: pd.DataFrame, as_of: dt.date) -> float | None:
    """Median days from end to decision over the decisions known on ``as_of``; None if none.

    A decision dated before its experiment's end is left out (see ``decisions_before_end``).
    """
    valid = valid_lead_times(_known_lead_times(lead_times, as_of))
    return None if valid.empty else float(valid["lead_days"].median())


def _medians_by(lead_times: pd.DataFrame, key: str, name: str, missing: str) -> pd.DataFrame:
    valid = valid_lead_times(lead_times).copy()
    valid[key] = valid[key].fillna(missing)
    valid[name] = valid[name].fillna(valid[key])
    grouped = (valid.groupby([key, name], as_index=False)
               .agg(decisions=("lead_days", "size"), median_days=("lead_days", "median")))
    grouped["median_days"] = grouped["median_days"].astype(float)
    return grouped.sort_values(["median_days", key], ascending=[False, True],
                               ignore_index=True)


def median_lead_time_per_team(lead_times: pd.DataFrame) -> pd.DataFrame:
    """Per lead team: team_id, team_name, decisions, median_days; slowest first."""
    return _medians_by(lead_times, "team_id", "team_name", "(no team)")


def median_lead_time_per_product(lead_times: pd.DataFrame) -> pd.DataFrame:
    """Per product: product_id, product_name, decisions, median_days; slowest first.

    Decisions on experiments without a product are grouped under "(no product)".
    """
    return _medians_by(lead_times, "product_id", "product_name", NO_PRODUCT)


# --- vertical feedback -------------------------------------------------------------------

def upper_scope_share(decisions_by_quarter: pd.DataFrame) -> float | None:
    """Share (0–1) of the period's decisions taken at portfolio or strategy level; None if none."""
    total = decisions_by_quarter["decisions"].sum()
    if not total:
        return None
    upper = decisions_by_quarter.loc[
        decisions_by_quarter["decision_scope"].isin(UPPER_SCOPES), "decisions"
    ].sum()
    return float(upper / total)


def decisions_per_scope(decisions_by_quarter: pd.DataFrame) -> pd.DataFrame:
    """Decisions in the period per decision_scope, every scope listed in order (zeros too)."""
    totals = decisions_by_quarter.groupby("decision_scope")["decisions"].sum()
    scopes = [s for s in DECISION_SCOPE_ORDER if s != "unspecified" or s in totals]
    return pd.DataFrame({"decision_scope": scopes,
                         "decisions": [int(totals.get(s, 0)) for s in scopes]})


# --- spread --------------------------------------------------------------------------------

SPREAD_COLUMNS = ["experiment_id", "title", "team_id", "team_name", "end_date", "adoptions",
                  "adoptions_in_window", "window_closed", "first_adoption_days",
                  "tree_adoptions", "generations"]


def spread_table(spread: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per validated experiment, its spread; the widest spreading first.

    Adds adoptions_in_window (direct adoptions started at most 90 days after its end) and
    window_closed (its 90 days are over on ``as_of``, so it counts in the spread factor).
    """
    closes = _dates(spread["end_date"]) + pd.Timedelta(days=QUARTER_DAYS)
    table = spread.assign(
        adoptions_in_window=[int((np.asarray(days) <= QUARTER_DAYS).sum())
                             for days in spread["adoption_days"]],
        window_closed=(closes <= pd.Timestamp(as_of)).to_numpy(dtype=bool),
    )
    table = table.sort_values(
        ["tree_adoptions", "generations", "adoptions", "first_adoption_days", "experiment_id"],
        ascending=[False, False, False, True, True], na_position="last",
    )
    return table.reindex(columns=SPREAD_COLUMNS).reset_index(drop=True)


def spread_factor(spread: pd.DataFrame, as_of: dt.date) -> float | None:
    """Adoptions within 90 days ÷ validated experiments whose window closed; None if none.

    >>> # two validated experiments ended 100 and 200 days ago, adopted after 30 and 120
    >>> # days (one adoption each): spread factor = 1 / 2 = 0.5
    """
    table = spread_table(spread, as_of)
    eligible = table[table["window_closed"]]
    if eligible.empty:
        return None
    return float(eligible["adoptions_in_window"].sum() / len(eligible))


def top_spreading(spread: pd.DataFrame, as_of: dt.date, count: int = 3) -> list[str]:
    """The ``count`` validated experiments with the largest adoption trees (at least one)."""
    table = spread_table(spread, as_of)
    return table.loc[table["tree_adoptions"] > 0, "experiment_id"].head(count).to_list()


# --- the experiments list ------------------------------------------------------------------


def experiment_summary(counts: pd.DataFrame) -> dict[str, int | float | None]:
    """Totals of the filtered experiments: experiments, done, validated_share, decided_share.

    ``counts`` is ``queries.filtered_experiment_counts``; shares are of the done ones and
    None when none is done.
    """
    done = counts[counts["status"] == "done"]
    done_count = int(done["experiments"].sum())
    return {
        "experiments": int(counts["experiments"].sum()),
        "done": done_count,
        "validated_share": float(done["validated"].sum() / done_count) if done_count else None,
        "decided_share": float(done["decided"].sum() / done_count) if done_count else None,
    }
