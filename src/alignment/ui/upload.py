"""The upload flow shared by every kind of file: template, uploader, report, preview, confirm."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from alignment import contract, i18n, queries, store, views
from alignment.contract import HEADER_ALIASES
from alignment.i18n import csv_delimiter, translate
from alignment.ingest.pipeline import PREVIEW_ROWS, Outcome, upload_committed, upload_preview
from alignment.markdown import plain
from alignment.sitemap import EXPERIMENTS
from alignment.templates import EXAMPLE_KINDS, GUIDE_COLUMNS, column_guide, template_csv
from alignment.ui.context import PageContext
from alignment.ui.downloads import download_csv
from alignment.ui.failures import failures_said
from alignment.ui.history import EXPERIMENT_PARAM
from alignment.ui.i18n import MISSING_TEXT, current_language, data_table, enum, num, t
from alignment.ui.navigation import carried_params

REPORT_ROWS = 200
REPORT_COLUMNS = ("line", "column", "value", "problem", "fix", "severity")


def templates(ctx: PageContext, kind: str) -> None:
    """Template downloads (comma and Dutch-Excel semicolon) and the column guide.

    The example rows name the organisation's own ids: a member's team, its product and a goal
    that product serves; so the untouched template uploads cleanly.
    """
    left, right = st.columns(2)
    lang = current_language()
    ids = ctx.cached(views.example_ids, ctx.person, lang) if kind in EXAMPLE_KINDS else None
    left.download_button(t("upload.template_comma"), template_csv(kind, ids, ",", lang),
                         file_name=f"{kind}_template.csv", mime="text/csv",
                         icon=":material/download:", key=f"template_{kind}_comma",
                         on_click="ignore")
    right.download_button(t("upload.template_semicolon"), template_csv(kind, ids, ";", lang),
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


def problems_file_name(file_name: str, lang: str = "en") -> str:
    """The problem report's file name: ``team.csv`` → ``team-problems.csv`` (``-problemen``)."""
    return translate(lang, "upload.problems_file", stem=PurePath(file_name).stem)


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
    download_csv(table, problems_file_name(outcome.file_name, lang),
                 t("upload.download_problems"), delimiter=csv_delimiter(lang))


# Columns whose words depend on the kind of file (an experiment's or a goal's ``status``).
KIND_ENUMS = {
    "experiments": {"status": "experiment_status"}, "goals": {"status": "goal_status"},
    "actions": {"status": "action_status"}, "team_products": {"role": "team_role"},
    "people": {"role": "person_role"},
}


def _enum_of(kind: str, field: str) -> str | None:
    return KIND_ENUMS.get(kind, {}).get(field) or i18n.ENUM_COLUMNS.get(field)


def new_rows(outcome: Outcome) -> pd.DataFrame:
    """The new rows the preview shows, with the kind's own choice words said in the reader's
    language (the other choice columns the table translates itself)."""
    rows = outcome.new_rows
    return rows.assign(**{column: rows[column].map(lambda v, f=field: enum(f, v))
                          for column, field in KIND_ENUMS.get(outcome.kind, {}).items()
                          if column in rows})


def changed_rows(outcome: Outcome) -> pd.DataFrame:
    """The changed rows the preview shows: the key, then each changed field as ``old → new``
    (blank where that row's field stays as stored)."""
    changes = outcome.changes
    key = "|".join(store.KEYS[outcome.kind])
    if changes.empty:
        return pd.DataFrame(columns=[key])
    shown = changes[changes["entity_id"].isin(changes["entity_id"].unique()[:PREVIEW_ROWS])]

    def said(field: str, value: object) -> str:
        if value is None or pd.isna(value):
            return MISSING_TEXT
        words = _enum_of(outcome.kind, field)
        return enum(words, value) if words else str(value)

    cells = shown.assign(change=[f"{said(f, old)} → {said(f, new)}" for f, old, new in zip(
        shown["field"], shown["old_value"], shown["new_value"], strict=True)])
    table = cells.pivot(index="entity_id", columns="field", values="change").fillna("")
    order = [c for c in contract.COLUMNS[outcome.kind] if c in table.columns]
    return table[order].rename_axis(key).reset_index().rename_axis(None, axis=1)


def preview(outcome: Outcome) -> None:
    """What the upload will write: the counts, the fields it empties, and the rows themselves
    (new rows as they will be stored, changed rows with each changed field old → new)."""
    new, changed, unchanged = st.columns(3)
    new.metric(t("upload.new_rows"), num(outcome.new))
    changed.metric(t("upload.changed_rows"), num(outcome.changed))
    unchanged.metric(t("upload.unchanged_rows"), num(outcome.unchanged))
    if outcome.cleared:
        st.warning(t("upload.clears", fields=", ".join(
            f"{field} ({num(count)})" for field, count in outcome.cleared.items())),
            icon=":material/backspace:")
    if outcome.kept_columns and (outcome.changed or outcome.unchanged):
        st.caption(t("upload.kept_columns", columns=", ".join(outcome.kept_columns)))
    if outcome.new:
        with st.expander(t("upload.new", count=num(outcome.new)), expanded=True):
            st.caption(t("upload.rows_shown", shown=num(len(outcome.new_rows)),
                         total=num(outcome.new)))
            data_table(new_rows(outcome), key=f"new_rows_{outcome.kind}")
    if outcome.changed:
        with st.expander(t("upload.changed", count=num(outcome.changed)), expanded=True):
            table = changed_rows(outcome)
            st.caption(t("upload.changes_shown", shown=num(len(table)),
                         total=num(outcome.changed)))
            data_table(table, key=f"changed_rows_{outcome.kind}")


def previewed_once(ctx: PageContext, kind: str, file: UploadedFile) -> Outcome:
    """The preview of ``file``, worked out once per file content, data version and person:
    the reruns every click makes while the file sits in the uploader reuse it."""
    data = file.getvalue()
    asked = (hashlib.sha256(data).hexdigest(), file.name, ctx.version,
             ctx.person, ctx.today)
    kept = st.session_state.get(f"upload_preview_{kind}")
    if kept is not None and kept[0] == asked:
        return kept[1]
    outcome = upload_preview(ctx.con, kind, file.name, data, ctx.today, actor=ctx.person)
    st.session_state[f"upload_preview_{kind}"] = (asked, outcome)
    return outcome


def _confirmed(kind: str, basis: str | None) -> None:
    # bound when the button was drawn: the preview the person saw, not one made on the click
    st.session_state[f"upload_confirmed_{kind}"] = basis


def uploaded_links(ids: list[str], total: int) -> None:
    """Links to the history of each uploaded experiment (the first ones), keeping the URL's
    language and filters."""
    st.caption(t("upload.open_uploaded", shown=num(len(ids)), total=num(total)))
    columns = st.columns(4)
    for position, experiment_id in enumerate(ids):
        columns[position % 4].page_link(
            EXPERIMENTS.path, label=plain(experiment_id),
            query_params={**carried_params(), EXPERIMENT_PARAM: experiment_id})


def _committed(ctx: PageContext, kind: str, file: UploadedFile, basis: str | None,
               attempt: int) -> None:
    """Write the confirmed file; on success start over with an empty uploader and say so.

    Refused, it writes nothing; the preview drawn next, of the data as it is now, shows why.
    """
    written = upload_committed(ctx.con, kind, file.name, file.getvalue(), actor=ctx.person,
                               today=ctx.today, previewed=basis)
    if written.out_of_date:
        # the kept preview is of the rows as they were: the one drawn below reads them again
        st.session_state.pop(f"upload_preview_{kind}", None)
        st.warning(t("upload.out_of_date"), icon=":material/update:")
    elif written.upload_id is not None:
        st.session_state[f"upload_done_{kind}"] = (
            t("upload.done", file=plain(file.name), new=num(written.new),
              changed=num(written.changed), unchanged=num(written.unchanged)),
            written.written_ids, written.new + written.changed)
        st.session_state[f"upload_attempt_{kind}"] = attempt + 1
        st.rerun()


def upload_flow(ctx: PageContext, kind: str) -> None:
    """Uploader → report → preview → confirm, then the upload history of this kind.

    The file is checked and written as ``ctx.person``: a member's file with another team's
    rows is refused whole, in the report, before anything is written. Confirming writes what
    the preview showed, or nothing if the stored rows changed since.
    """
    attempt = st.session_state.setdefault(f"upload_attempt_{kind}", 0)
    done = st.session_state.pop(f"upload_done_{kind}", None)
    if done:
        message, ids, total = done
        st.success(message, icon=":material/check_circle:")
        if kind == "experiments" and ids:
            uploaded_links(ids, total)
    file = st.file_uploader(t("upload.file_with", kind=t(f"kind.{kind}")),
                            key=f"uploader_{kind}_{attempt}", help=t("upload.file_help"))
    confirmed = st.session_state.pop(f"upload_confirmed_{kind}", None)
    if file is not None:
        with failures_said():
            if confirmed is not None:
                _committed(ctx, kind, file, confirmed, attempt)
            outcome = previewed_once(ctx, kind, file)
        report(outcome)
        if outcome.nothing_to_do:
            st.info(t("upload.nothing_to_do"))
        elif not outcome.blocked:
            preview(outcome)
            st.button(t("upload.confirm"), type="primary", key=f"confirm_{kind}",
                      on_click=_confirmed, args=(kind, outcome.basis))
    st.subheader(t("upload.history"))
    history = ctx.cached(queries.upload_history, kind)
    if history.empty:
        st.caption(t("upload.no_history"))
    else:
        data_table(history)
        download_csv(history, f"{kind}_uploads.csv")
