"""The experiment contract's rules across rows and columns: ids, teams, links, adoption, and
what a running or done experiment needs."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment import contract
from alignment.ingest.cells import list_items
from alignment.ingest.checks import duplicates, isin, mapped, other_values, unknown_ids
from alignment.ingest.problems import References
from alignment.ingest.report import Report, msg
from alignment.problems import choices, said


def experiment_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: Report
) -> None:
    """Cross-row, reference and conditional rules of the experiment contract."""
    ids, team = typed["experiment_id"], typed["team_id"]
    duplicates(report, typed, ["experiment_id"], "experiment_id")

    if refs.experiment_teams:
        stored = mapped(ids, refs.experiment_teams)
        taken = stored.notna() & team.notna() & stored.ne(team)
        report.add(
            taken, "experiment_id",
            msg("problem.taken", column=report.name("experiment_id"), id=ids, team=stored),
            msg("problem.fix_taken", team=stored),
        )

    unknown_ids(report, team, refs.team_ids, "team_id", "team")
    for column, noun, known in (
        ("product_id", "product", refs.product_ids),
        ("goal_id", "goal", refs.goal_ids),
    ):
        report.add(
            raw[column].isna(), column, said("problem.no_link", noun=said(f"noun.{noun}")),
            said("problem.fix_no_link", noun=said(f"noun.{noun}")), "warning",
        )
        unknown_ids(report, typed[column], known, column, noun)

    partners = list_items(typed["partner_teams"])
    rows = partners.index.to_numpy()
    unknown_ids(report, partners.reset_index(drop=True), refs.team_ids, "partner_teams", "team",
                rows)
    lead = partners.eq(team.reindex(partners.index)).to_numpy()
    report.add(
        rows[lead], "partner_teams", msg("problem.lead_partner", team=list(partners[lead])),
        said("problem.fix_lead_partner"), value=list(partners[lead]),
    )
    other_values(report, typed["disciplines"], contract.DISCIPLINES, "disciplines")

    source = typed["source_experiment_id"]
    if source.notna().any():
        in_file = isin(source, ids)
        source_team = mapped(source, (ids, team)).fillna(mapped(source, refs.experiment_teams))
        validated = mapped(source, (ids, typed["result"])).eq("validated").where(
            in_file, isin(source, refs.validated_experiments)
        )
        itself = source.notna() & source.eq(ids)
        report.add(
            itself, "source_experiment_id", said("problem.adopts_itself"),
            said("problem.fix_adopts_itself"),
        )
        unknown = source.notna() & source_team.isna() & ~itself
        report.add(
            unknown, "source_experiment_id",
            msg("problem.unknown_source", column=report.name("source_experiment_id"), id=source),
            said("problem.fix_unknown_source"),
        )
        own = source_team.notna() & source_team.eq(team) & ~itself
        report.add(
            own, "source_experiment_id", msg("problem.own_source", id=source, team=team),
            said("problem.fix_own_source"),
        )
        unproven = source_team.notna() & ~validated.astype(bool) & ~itself
        report.add(
            unproven, "source_experiment_id", msg("problem.unproven", id=source),
            said("problem.fix_unproven"),
        )

    status = typed["status"]
    running_or_done = status.isin(["running", "done"])
    statuses = {value: said(f"enum.experiment_status.{value}")
                for value in contract.EXPERIMENT_STATUSES}
    report.add(
        running_or_done & raw["start_date"].isna(), "start_date",
        msg("problem.needs_start", status=lambda: status.map(statuses),
             column=report.name("start_date")),
        said("problem.fix_needs_start"),
    )
    done = status.eq("done")
    for column, fix in (
        ("observed", said("problem.fix_observed")),
        ("result", said("problem.fix_result", allowed=choices(contract.RESULTS))),
        ("learning", said("problem.fix_learning")),
    ):
        report.add(done & raw[column].isna(), column,
                   said("problem.done_needs", column=report.name(column)), fix)

    start, end, decided = typed["start_date"], typed["end_date"], typed["decision_date"]
    named_dates = {"column": report.name("end_date"), "other": report.name("start_date")}
    report.add(
        end < start, "end_date",
        msg("problem.end_before_start", day=raw["start_date"], **named_dates),
        said("problem.fix_end_before_start", **named_dates),
    )
    report.add(
        decided < end, "decision_date",
        msg("problem.decided_before_end", day=raw["end_date"], column=report.name("decision_date"),
             other=report.name("end_date")),
        said("problem.fix_decided_before_end"),
    )
    report.add(
        decided > pd.Timestamp(today), "decision_date",
        said("problem.decided_future", column=report.name("decision_date")),
        said("problem.fix_decided_future", day=f"{today:%Y-%m-%d}"),
    )
