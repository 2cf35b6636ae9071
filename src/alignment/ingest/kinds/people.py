"""The rules of who may sign in, and of which teams each coach runs sessions for."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from alignment import contract
from alignment.contract import EMAIL_PATTERN
from alignment.ingest.checks import duplicates, unknown_ids
from alignment.ingest.problems import References
from alignment.ingest.report import Report, msg
from alignment.problems import said


def _email_rules(typed: pd.DataFrame, report: Report) -> None:
    """E-mail addresses that do not look like one; the rest are stored lowercased."""
    typed["email"] = emails = typed["email"].str.lower()
    bad = emails.notna() & ~emails.str.fullmatch(EMAIL_PATTERN).fillna(False).astype(bool)
    report.add(bad.to_numpy(dtype=bool), "email", said("problem.not_email"),
               said("problem.fix_not_email"))


def people_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Valid, unique e-mails (whatever their case); a member needs an existing team."""
    _email_rules(typed, report)
    duplicates(report, typed, ["email"], "email")
    member = typed["role"].eq("member").fillna(False).astype(bool)
    report.add((member & typed["team_id"].isna()).to_numpy(dtype=bool), "team_id",
               said("problem.member_team"), said("problem.fix_member_team"))
    unknown_ids(report, typed["team_id"], refs.team_ids, "team_id", "team")


def coach_team_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Valid e-mails of people who are coaches, existing teams, each pair once."""
    _email_rules(typed, report)
    unknown_ids(report, typed["team_id"], refs.team_ids, "team_id", "team")
    duplicates(report, typed, ["email", "team_id"], "coach / team pair")
    emails = typed["email"].astype(object).where(typed["email"].notna(), None)
    roles = [refs.person_roles.get(e.lower()) if isinstance(e, str) else "" for e in emails]
    unknown = np.array([role is None for role in roles])
    report.add(unknown, "email", msg("problem.not_in_people", email=raw["email"]),
               said("problem.fix_not_in_people"))
    other = np.array([role not in (None, "", "coach") for role in roles])
    others = [(e, r) for e, r in zip(emails, roles, strict=True) if r not in (None, "", "coach")]
    report.add(other, "email",
               msg("problem.not_coach", email=[e for e, _ in others],
                    role=[said(f"enum.person_role.{r}") if r in contract.PERSON_ROLES else r
                          for _, r in others]),
               said("problem.fix_not_coach"))
