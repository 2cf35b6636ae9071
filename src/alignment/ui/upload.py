"""The upload flow shared by every kind of file: template, uploader, report, preview, confirm."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alignment import queries
from alignment.i18n import translate
from alignment.ingest.pipeline import Outcome, upload_committed, upload_preview
from alignment.ingest.reader import HEADER_ALIASES
from alignment.markdown import plain
from alignment.templates import GUIDE_COLUMNS, column_guide, template_csv
from alignment.ui.cached import cached_result
from alignment.ui.context import PageContext
from alignment.ui.downloads import download_csv
from alignment.ui.failures import failures_said
from alignment.ui.i18n import current_language, data_table, num, t

REPORT_ROWS = 200
REPORT_COLUMNS = ("line", "column", "value", "problem", "fix", "severity")


def templates(kind: str) -> None:
    """Template downloads (comma and Dutch-Excel semicolon) and the column guide."""
    left, right = st.columns(2)
    lang = current_language()
    left.download_button(t("upload.template_comma"), template_csv(kind, ",", lang),
                         file_name=f"{kind}_template.csv", mime="text/csv",
                         icon=":material/download:", key=f"template_{kind}_comma",
                         on_click="ignore")
    right.download_button(t("upload.template_semicolon"), template_csv(kind, ";", lang),
                          file_name=f"{kind}_template_nl.csv", mime="text/csv",
                          icon=":material/download:", key=f"template_{kind}_semicolon",
                          on_click="ignore")
    with st.expander(t("upload.column_guide")):
        st.caption(t("upload.column_guide_caption"))
        data_table(column_guide(kind, HEADER_ALIASES, current_language()),
                   {column: f"guide.{column}" for column in GUIDE_COLUMNS})


def problem_table(problems, lang: str = "en") -> pd.DataFrame:
    """The problems as the report table, in ``lang``: line, column, value, problem, fix, severity.

    Each problem and fix is said from its message key and parameters; the column names are
    those of the downloaded report in that language.
    """
    columns = [translate(lang, f"report.{name}") for name in REPORT_COLUMNS]
    return pd.DataFrame(
        [(p.line, *p.cells_in(lang), *p.in_language(lang),
          translate(lang, f"report.{p.severity}")) for p in problems],
        columns=columns,
    )


def report(outcome: Outcome) -> None:
    """Every problem at once: counts per problem, the first rows on screen, all as a download."""
    lang = current_language()
    table = problem_table(outcome.problems, lang)
    if outcome.blocked:
        st.error(t("upload.errors", count=num(len(outcome.errors)),
                   file=plain(outcome.file_name)))
    if outcome.warnings:
        st.warning(t("upload.warnings", count=num(len(outcome.warnings))))
    if table.empty:
        return
    severity, column, problem = (translate(lang, f"report.{name}")
                                 for name in ("severity", "column", "problem"))
    counts = (table.groupby([severity, column, problem], as_index=False)
              .size().rename(columns={"size": t("upload.rows")})
              .sort_values([severity, t("upload.rows")], ascending=[True, False]))
    st.dataframe(counts, hide_index=True)
    st.caption(t("upload.showing", shown=num(min(len(table), REPORT_ROWS)),
                 total=num(len(table))))
    st.dataframe(table.head(REPORT_ROWS), hide_index=True)
    download_csv(table, f"{outcome.file_name}_problems.csv", t("upload.download_problems"))


def preview(outcome: Outcome) -> None:
    """What the upload will change: new, changed and unchanged rows, field by field."""
    new, changed, unchanged = st.columns(3)
    new.metric(t("upload.new_rows"), num(outcome.new))
    changed.metric(t("upload.changed_rows"), num(outcome.changed))
    unchanged.metric(t("upload.unchanged_rows"), num(outcome.unchanged))
    if outcome.new_ids:
        with st.expander(t("upload.new", count=num(outcome.new))):
            st.markdown(plain(", ".join(outcome.new_ids)))
    if not outcome.changes.empty:
        with st.expander(t("upload.changed", count=num(outcome.changed)), expanded=True):
            data_table(outcome.changes)


def upload_flow(ctx: PageContext, kind: str) -> None:
    """Uploader → report → preview → confirm, then the upload history of this kind.

    The file is checked and written as ``ctx.person``: a member's file with another team's
    rows is refused whole, in the report, before anything is written.
    """
    attempt = st.session_state.setdefault(f"upload_attempt_{kind}", 0)
    done = st.session_state.pop(f"upload_done_{kind}", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    file = st.file_uploader(t("upload.file_with", kind=t(f"kind.{kind}")),
                            key=f"uploader_{kind}_{attempt}", help=t("upload.file_help"))
    if file is not None:
        data = file.getvalue()
        with failures_said():
            outcome = upload_preview(ctx.con, kind, file.name, data, ctx.today,
                                     actor=ctx.person)
        report(outcome)
        if outcome.nothing_to_do:
            st.info(t("upload.nothing_to_do"))
        elif not outcome.blocked:
            preview(outcome)
            if st.button(t("upload.confirm"), type="primary", key=f"confirm_{kind}"):
                with failures_said():
                    written = upload_committed(ctx.con, kind, file.name, data,
                                               actor=ctx.person, today=ctx.today)
                if written.blocked or written.upload_id is None:
                    report(written)
                else:
                    st.session_state[f"upload_done_{kind}"] = t(
                        "upload.done", file=plain(file.name), new=num(written.new),
                        changed=num(written.changed), unchanged=num(written.unchanged))
                    st.session_state[f"upload_attempt_{kind}"] = attempt + 1
                    st.rerun()
    st.subheader(t("upload.history"))
    history = cached_result(ctx.con, queries.upload_history, kind)
    if history.empty:
        st.caption(t("upload.no_history"))
    else:
        data_table(history)
        download_csv(history, f"{kind}_uploads.csv")
