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

from alignment.i18n import date_text, enum_label, number, translate

DEBT_AFTER_DAYS = 30
SPREAD_WINDOW_DAYS = 90
FUNNEL_STAGES = ("idea", "running", "done", "decided")
DECISION_SCOPE_ORDER = ("team", "product", "portfolio", "strategy", "unspecified")
UPPER_SCOPES = ("portfolio", "strategy")
NO_PRODUCT = "(no product)"

FUNNEL_DEFINITION = (
    "Experiments open in the period — ideas, running ones, and those that ended in the "
    "period — as known on the day of the view. Idea: all of them, since every experiment "
    "starts as an idea. Running: those that have started. Done: those finished with a "
    "result. Decided: done experiments with a decision (persevere, pivot, stop, scale or "
    "spread). Stopped experiments count as idea and running but never reach done. A "
    "team's view includes the experiments it joined as a partner."
)

LEARNING_DEBT_DEFINITION = (
    f"Done experiments that ended in the period and still have no decision more than "
    f"{DEBT_AFTER_DAYS} days after their end date, counted to the day of the view: one "
    f"that ended {DEBT_AFTER_DAYS} days ago is not debt yet, one that ended "
    f"{DEBT_AFTER_DAYS + 1} days ago is. The learning is there, but nobody decided what "
    "to do with it."
)

LEAD_TIME_DEFINITION = (
    "Days from an experiment's end date to its decision date, for the decisions taken in "
    "the period. The median is the middle value: half of the decisions took longer. Per "
    "team means the team that led the experiment. A decision dated before its experiment "
    "ended is bad data: it is left out of every median and of the distribution, and listed "
    "under data problems so it can be corrected."
)

VERTICAL_FEEDBACK_DEFINITION = (
    "Decisions taken in the period, per quarter of their decision date, by the level they "
    "were taken at: team, product, portfolio or strategy. The share reaching portfolio or "
    "strategy is those decisions divided by all decisions in the period: how often "
    "learning at the Gemba travels up to governance."
)

SPREAD_DEFINITION = (
    "For each validated experiment that ended in the period: its adoptions are the "
    "experiments of any team that name it as their source and have started. Adopters of "
    "adopters make a tree; generations is its depth (1 = only direct adopters). Time to "
    "first adoption is the days from its end date to the start of its first direct adopter."
)

SPREAD_FACTOR_DEFINITION = (
    f"Direct adoptions that started at most {SPREAD_WINDOW_DAYS} days after their source's "
    f"end date (day 0 is the end date; an adopter that started before the source ended "
    f"counts too), divided by the validated experiments that could have been adopted: "
    f"those that ended in the period at least {SPREAD_WINDOW_DAYS} days before the day of "
    f"the view, so each has had its full {SPREAD_WINDOW_DAYS}-day window. 1.0 means each "
    f"validated experiment was taken up once within a quarter of its end; 0 that none was."
)


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
    closes = _dates(spread["end_date"]) + pd.Timedelta(days=SPREAD_WINDOW_DAYS)
    table = spread.assign(
        adoptions_in_window=[int((np.asarray(days) <= SPREAD_WINDOW_DAYS).sum())
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


# --- how a leader reads the figures --------------------------------------------------------

def days_text(days: float | None, lang: str = "en") -> str:
    """A number of days as shown on a tile: ``23 days``, ``23.5 days``, or an em dash."""
    if days is None:
        return "—"
    shown = number(lang, days, 0 if float(days).is_integer() else 1)
    return translate(lang, "kpi.days", days=shown)


def decision_text(decision, scope, decided_on, rationale, lang: str = "en") -> str:
    """A decision as a learning card shows it, or "none yet".

    >>> decision_text("scale", "product", dt.date(2026, 3, 14), "Proven; make it standard.")
    'scale at product level on 2026-03-14: Proven; make it standard.'
    """
    if not isinstance(decision, str):
        return translate(lang, "decision_text.none")
    text = enum_label(lang, "decision", decision)
    if isinstance(scope, str):
        text += translate(lang, "decision_text.at_level",
                          level=enum_label(lang, "decision_scope", scope))
    if decided_on is not None and not pd.isna(decided_on):
        text += translate(lang, "decision_text.on", day=date_text(lang, pd.Timestamp(decided_on)))
    if isinstance(rationale, str) and rationale.strip():
        text += f": {rationale.strip()}"
    return text


def factor_text(factor: float | None, lang: str = "en") -> str:
    """A spread factor as shown on a tile, two decimals, or an em dash when nothing to measure."""
    return "—" if factor is None else number(lang, factor, 2)


# --- the experiments list ------------------------------------------------------------------

EXPERIMENTS_DEFINITION = (
    "Experiments in the sidebar's scope that are open in the period — ideas, running ones, "
    "and those that ended in the period — narrowed by the filters on this page. The search "
    "looks in title, hypothesis and learning, ignoring case. Validated and decided are "
    "shares of the done experiments among them."
)


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
