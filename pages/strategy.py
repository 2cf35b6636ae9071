"""Strategy to Gemba: the chain from ambition to experiment, where it breaks, one goal up close."""

import pandas as pd
import streamlit as st

from alignment import charts, queries, views
from alignment.markdown import plain
from alignment.sitemap import STRATEGY
from alignment.ui.breaks import (
    EXPERIMENT_BREAKS,
    asked_break,
    break_count_label,
    break_definition,
    break_items,
    break_label,
)
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.history import record_history
from alignment.ui.i18n import data_table, day, enum, num, t
from alignment.ui.navigation import carried_params, same_page_href
from alignment.ui.value import (
    check_in_form,
    check_in_table,
    goal_progress_table,
    measure_table,
)
from alignment.ui.widgets import cut_caption

ROWS_SHOWN = 500
GOAL_PARAM = "goal"
# the close-up's tables: the columns that answer first, one name per thing (no id beside it)
CLOSE_UP_COLUMNS = {
    "products": ["name", "link_type", "owner_teams", "lifecycle", "value_stream", "weight"],
    "teams": ["name", "role", "product", "allocation_pct"],
    "experiments": ["experiment_id", "title", "status", "result", "decision", "team_id",
                    "start_date", "end_date", "lean_lens"],
    "decisions": ["decision", "decision_scope", "decision_date", "experiment_id", "title",
                  "decision_rationale", "result", "team_id"],
}


def goal_picker(choices: pd.DataFrame) -> str | None:
    """A goal chosen with one click among every goal, kept in the URL as ``?goal=…``."""
    # pills draw their options as Markdown: a goal's title is shown as it was typed
    titles = {row.goal_id: plain(f"{row.goal_id} · {row.title}") + (
                  "" if row.status == "active" else f" ({enum('goal_status', row.status)})")
              for row in choices.itertuples(index=False)}
    asked = st.query_params.get(GOAL_PARAM)
    chosen = st.pills(t("strategy.goal"), list(titles), format_func=titles.get, key="goal",
                      default=asked if asked in titles else None)
    if chosen and st.query_params.get(GOAL_PARAM) != chosen:
        st.query_params[GOAL_PARAM] = chosen
    elif not chosen and GOAL_PARAM in st.query_params:
        del st.query_params[GOAL_PARAM]
    return chosen


def table_or_note(frame: pd.DataFrame, columns: list[str], file_name: str, empty: str) -> None:
    """``frame``'s ``columns`` as a table with the whole frame's download, or a short note
    when it has no rows."""
    if frame.empty:
        st.caption(empty)
        return
    cut_caption("database.showing", len(frame), ROWS_SHOWN)
    data_table(frame.head(ROWS_SHOWN)[columns])
    download_csv(frame, file_name)


ctx = page_context(__file__, filters=True)
scope = ctx.scope
view = (scope.start, scope.as_of, scope.value_stream, scope.team_id)

st.title(t("page.strategy"))
st.caption(t("strategy.caption", start=day(scope.start) or t("common.the_start"),
             end=day(scope.as_of)))

cascade = ctx.cached(views.cascade, scope, ctx.lang, same_page_href(**{GOAL_PARAM: ""}))
goals, products, team_work = cascade.goals, cascade.products, cascade.team_work
counts = cascade.break_counts
per_type = dict(zip(counts["break_type"], counts["breaks"], strict=True))

goals_tile, no_product_tile, no_owner_tile, off_chain_tile = st.columns(4)
goals_tile.metric(t("strategy.goals_in_view"), num(len(goals)))
no_product_tile.metric(t("strategy.goals_without_product"),
                       num(per_type["goal_without_product"]))
no_owner_tile.metric(t("strategy.products_without_owner"),
                     num(per_type["product_without_owner"]))
off_chain_tile.metric(
    t("strategy.off_chain"),
    num(per_type["orphan_experiment"] + per_type["misaligned_experiment"]),
    help=t("strategy.off_chain_help"),
)
with st.expander(t("common.how_computed")):
    for kind in ("goal_without_product", "product_without_owner", "orphan_experiment",
                 "misaligned_experiment"):
        st.markdown(f"**{break_label(kind)}** — {break_definition(kind)}")

# a break link (the Overview's) asks for one break: its items come first
asked = asked_break()
if asked:
    listed = (ctx.cached(views.first_experiment_breaks, scope, asked, ctx.lang,
                         views.BREAKS_LISTED) if asked in EXPERIMENT_BREAKS
              else cascade.breaks[cascade.breaks["break_type"] == asked].reset_index(drop=True))
    with st.container(border=True, key="asked_break"):
        st.subheader(f":material/link_off: {break_count_label(asked, per_type[asked])}")
        st.caption(break_definition(asked) + " " + t("strategy.break_in_view"))
        if listed.empty:
            st.success(t("strategy.break_none_in_view"))
        else:
            cut_caption("breaks.showing", per_type[asked], views.BREAKS_LISTED)
            break_items(listed.head(views.BREAKS_LISTED), asked)
            download_csv(ctx.at_click(views.cascade_breaks, scope, asked, ctx.lang),
                         f"{asked}.csv")
        st.page_link(STRATEGY.path, label=t("strategy.all_breaks"), icon=":material/close:",
                     query_params=carried_params())

st.header(t("strategy.one_goal"))
choices = ctx.cached(queries.goal_choices)
if choices.empty:
    st.info(t("strategy.no_goals"), icon=":material/info:")
    goal_id = None
else:
    st.caption(t("strategy.one_goal_caption"))
    goal_id = goal_picker(choices)
if goal_id:
    goal_products = ctx.cached(queries.goal_products, goal_id, scope.value_stream, scope.team_id)
    goal_teams = ctx.cached(queries.goal_teams, goal_id, scope.value_stream, scope.team_id)
    goal_experiments = ctx.cached(queries.goal_experiments, goal_id, scope.start, scope.as_of,
                                              scope.value_stream, scope.team_id)
    goal_decisions = ctx.cached(queries.goal_decisions, goal_id, scope.start, scope.as_of,
                                          scope.value_stream, scope.team_id)
    goal_breaks = ctx.cached(views.goal_breaks, scope.as_of, goal_id, ctx.lang)

    with st.container(border=True, key="close_up"):
        products_tile, teams_tile, experiments_tile, decisions_tile, breaks_tile = st.columns(5)
        products_tile.metric(t("strategy.products_serving"), num(len(goal_products)))
        teams_tile.metric(t("strategy.teams_on_products"), num(goal_teams["team_id"].nunique()))
        experiments_tile.metric(t("strategy.experiments_on_it"), num(len(goal_experiments)))
        decisions_tile.metric(t("strategy.decisions_taken"), num(len(goal_decisions)))
        breaks_tile.metric(t("strategy.goal_breaks"), num(len(goal_breaks)))
        with st.expander(t("common.how_computed")):
            st.write(t("strategy.one_goal_definition"))

        st.subheader(t("strategy.where_goal_breaks"))
        if goal_breaks.empty:
            st.success(t("strategy.no_goal_breaks"), icon=":material/check_circle:")
        else:
            break_items(goal_breaks)
        st.subheader(t("value.measures"))
        measured = ctx.cached(views.goal_measures, scope.as_of, goal_id)
        if measured.measures.empty:
            st.info(t("value.no_measures"), icon=":material/info:")
        else:
            measure_table(measured.measures)
            if not measured.check_ins.empty:
                st.caption(t("value.chart_caption"))
                ctx.chart(charts.check_in_chart, measured.check_ins, measured.measures,
                          goal_experiments[["experiment_id", "title", "end_date"]]
                          .dropna(subset=["end_date"]))
                check_in_table(measured.check_ins, measured.measures)
            st.markdown(f"**{t('value.record')}**")
            check_in_form(ctx, goal_id, measured.measures, measured.owner)
        st.subheader(t("entity.products"))
        table_or_note(goal_products, CLOSE_UP_COLUMNS["products"], f"{goal_id}_products.csv",
                      t("strategy.no_products_for_goal"))
        st.subheader(t("entity.teams"))
        table_or_note(goal_teams, CLOSE_UP_COLUMNS["teams"], f"{goal_id}_teams.csv",
                      t("strategy.no_teams_for_goal"))
        st.subheader(t("entity.experiments"))
        table_or_note(goal_experiments, CLOSE_UP_COLUMNS["experiments"],
                      f"{goal_id}_experiments.csv", t("strategy.no_experiments_for_goal"))
        st.subheader(t("strategy.decisions"))
        table_or_note(goal_decisions, CLOSE_UP_COLUMNS["decisions"], f"{goal_id}_decisions.csv",
                      t("strategy.no_decisions_for_goal"))
        with st.expander(t("history.goal")):
            record_history(ctx, "goals", goal_id)

st.header(t("value.header"))
values = ctx.cached(views.goal_values, scope.as_of)
if values.goals.empty:
    st.info(t("value.no_goals"), icon=":material/info:")
else:
    st.caption(t("value.caption", day=day(scope.as_of)))
    goal_progress_table(values.goals)
    with st.expander(t("common.how_computed")):
        st.write(t("value.definition"))
        for kind in ("goal_without_measure", "stale_measure", "busy_without_value",
                     "value_without_learning"):
            st.markdown(f"**{break_label(kind)}** — {break_definition(kind)}")

st.header(t("strategy.cascade"))
if goals.empty and products.empty:
    st.info(t("strategy.no_goals_products"), icon=":material/info:")
else:
    if team_work["experiments"].sum() == 0:
        st.info(t("strategy.no_experiment"), icon=":material/info:")
    if cascade.dot is None:
        st.info(t("strategy.cascade_too_big", boxes=num(cascade.boxes)), icon=":material/info:")
        download_csv(ctx.at_click(views.cascade_links, scope, ctx.lang), "cascade_links.csv")
    else:
        st.caption(t("strategy.cascade_click"))
        st.graphviz_chart(cascade.dot, width="stretch")
        download_csv(cascade.edge_table, "cascade_links.csv")
    with st.expander(t("strategy.how_cascade")):
        st.write(t("definition.cascade"))

st.header(t("strategy.matrix"))
matrix = ctx.cached(queries.goal_product_matrix, *view)
if matrix.empty:
    st.info(t("strategy.no_matrix"), icon=":material/info:")
else:
    ctx.chart(charts.goal_product_heatmap, matrix)
    download_csv(matrix, "goal_product_matrix.csv")
    with st.expander(t("common.how_computed")):
        st.write(t("strategy.matrix_definition"))
