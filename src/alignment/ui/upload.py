"""The upload flow shared by every kind of file: template, uploader, report, preview, confirm."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alignment import queries
from alignment.ingest.pipeline import Outcome, upload_committed, upload_preview
from alignment.ingest.reader import HEADER_ALIASES
from alignment.templates import column_guide, template_csv
from alignment.ui.cached import cached_result
from alignment.ui.context import PageContext
from alignment.ui.downloads import download_csv

REPORT_ROWS = 200


def templates(kind: str) -> None:
    """Template downloads (comma and Dutch-Excel semicolon) and the column guide."""
    left, right = st.columns(2)
    left.download_button("Template (CSV, comma)", template_csv(kind, ","),
                         file_name=f"{kind}_template.csv", mime="text/csv",
                         icon=":material/download:", key=f"template_{kind}_comma")
    right.download_button("Template for Dutch Excel (CSV, semicolon)", template_csv(kind, ";"),
                          file_name=f"{kind}_template_nl.csv", mime="text/csv",
                          icon=":material/download:", key=f"template_{kind}_semicolon")
    with st.expander("Column guide"):
        st.caption("Only the required columns must be present. Headers match whatever their "
                   "case or spacing; the names in the last column are accepted too.")
        st.dataframe(column_guide(kind, HEADER_ALIASES), hide_index=True)


def problem_table(problems) -> pd.DataFrame:
    """The problems as the report table: line, column, value, problem, fix, severity."""
    return pd.DataFrame(
        [(p.line, p.column, p.value, p.problem, p.fix, p.severity) for p in problems],
        columns=["line", "column", "value", "problem", "how to fix", "severity"],
    )


def report(outcome: Outcome) -> None:
    """Every problem at once: counts per problem, the first rows on screen, all as a download."""
    table = problem_table(outcome.problems)
    if outcome.blocked:
        st.error(f"{len(outcome.errors):,} error(s) in {outcome.file_name}: nothing was "
                 "written. Fix them in your sheet and upload the file again.")
    if outcome.warnings:
        st.warning(f"{len(outcome.warnings):,} warning(s): these rows load, but show as breaks "
                   "in the chain until you fix them.")
    if table.empty:
        return
    counts = (table.groupby(["severity", "column", "problem"], as_index=False)
              .size().rename(columns={"size": "rows"})
              .sort_values(["severity", "rows"], ascending=[True, False]))
    st.dataframe(counts, hide_index=True)
    st.caption(f"Showing {min(len(table), REPORT_ROWS):,} of {len(table):,} problems; "
               "line numbers are as your spreadsheet shows them (the header is line 1).")
    st.dataframe(table.head(REPORT_ROWS), hide_index=True)
    download_csv(table, f"{outcome.file_name}_problems.csv", "Download every problem (CSV)")


def preview(outcome: Outcome) -> None:
    """What the upload will change: new, changed and unchanged rows, field by field."""
    new, changed, unchanged = st.columns(3)
    new.metric("New rows", f"{outcome.new:,}")
    changed.metric("Changed rows", f"{outcome.changed:,}")
    unchanged.metric("Unchanged rows", f"{outcome.unchanged:,}")
    if outcome.new_ids:
        with st.expander(f"New: {outcome.new:,}"):
            st.write(", ".join(outcome.new_ids))
    if not outcome.changes.empty:
        with st.expander(f"Changed: {outcome.changed:,}", expanded=True):
            st.dataframe(outcome.changes, hide_index=True)


def upload_flow(ctx: PageContext, kind: str) -> None:
    """Uploader → report → preview → confirm, then the upload history of this kind.

    The file is checked and written as ``ctx.person``: a member's file with another team's
    rows is refused whole, in the report, before anything is written.
    """
    attempt = st.session_state.setdefault(f"upload_attempt_{kind}", 0)
    done = st.session_state.pop(f"upload_done_{kind}", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    file = st.file_uploader(f"CSV file with {kind.replace('_', ' ')}",
                            key=f"uploader_{kind}_{attempt}",
                            help="CSV from Excel, a sheet or Jira: comma, semicolon or tab; "
                                 "UTF-8 or Windows-1252.")
    if file is not None:
        data = file.getvalue()
        outcome = upload_preview(ctx.con, kind, file.name, data, ctx.today,
                                 actor=ctx.person)
        report(outcome)
        if outcome.nothing_to_do:
            st.info("This file changes nothing: every row is already stored exactly like this.")
        elif not outcome.blocked:
            preview(outcome)
            if st.button("Confirm upload", type="primary", key=f"confirm_{kind}"):
                written = upload_committed(ctx.con, kind, file.name, data, actor=ctx.person,
                                           today=ctx.today)
                if written.blocked or written.upload_id is None:
                    report(written)
                else:
                    st.session_state[f"upload_done_{kind}"] = (
                        f"Uploaded {file.name}: {written.new:,} new, {written.changed:,} "
                        f"changed, {written.unchanged:,} unchanged."
                    )
                    st.session_state[f"upload_attempt_{kind}"] = attempt + 1
                    st.rerun()
    st.subheader("Upload history")
    history = cached_result(ctx.con, queries.upload_history, kind)
    if history.empty:
        st.caption("No uploads yet.")
    else:
        st.dataframe(history, hide_index=True)
