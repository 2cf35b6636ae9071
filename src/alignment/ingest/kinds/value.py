"""The rules of goals' measures and their check-ins."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.ingest.checks import duplicates, unknown_ids
from alignment.ingest.problems import References
from alignment.ingest.report import Report, msg
from alignment.problems import said


def goal_measure_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique measure ids, an existing goal, a target on the better side of the baseline."""
    duplicates(report, typed, ["measure_id"], "measure_id")
    unknown_ids(report, typed["goal_id"], refs.goal_ids, "goal_id", "goal")
    higher, lower = typed["direction"].eq("higher"), typed["direction"].eq("lower")
    wrong_side = ((higher & (typed["target"] <= typed["baseline"]))
                  | (lower & (typed["target"] >= typed["baseline"])))
    report.add(
        wrong_side.fillna(False).to_numpy(dtype=bool), "target",
        msg("value.problem_target_side", value=raw["target"], baseline=raw["baseline"],
             direction=raw["direction"]),
        said("value.problem_fix_target_side"),
    )


def check_in_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique check-in ids, an existing measure, no check-in dated in the future."""
    duplicates(report, typed, ["check_in_id"], "check_in_id")
    unknown_ids(report, typed["measure_id"], refs.measure_ids, "measure_id", "measure")
    future = typed["checked_on"] > pd.Timestamp(today)
    report.add(
        future.fillna(False).to_numpy(dtype=bool), "checked_on",
        msg("value.problem_check_in_future", day=raw["checked_on"]),
        said("value.problem_fix_check_in_future", day=f"{today:%Y-%m-%d}"),
    )
