"""The rules of reflection sessions and their actions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.ingest.checks import duplicates, unknown_ids
from alignment.ingest.problems import References
from alignment.ingest.report import Report


def session_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique session ids and an existing team."""
    duplicates(report, typed, ["session_id"], "session_id")
    unknown_ids(report, typed["team_id"], refs.team_ids, "team_id", "team")


def action_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Unique action ids; existing session, owner team and experiment."""
    duplicates(report, typed, ["action_id"], "action_id")
    unknown_ids(report, typed["session_id"], refs.session_ids, "session_id", "session")
    unknown_ids(report, typed["owner_team_id"], refs.team_ids, "owner_team_id", "team")
    unknown_ids(
        report, typed["experiment_id"], set(refs.experiment_teams), "experiment_id", "experiment"
    )
