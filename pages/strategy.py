"""Strategy to Gemba: the chain from ambition to experiment, where it breaks, one goal up close."""

import pandas as pd
import streamlit as st

from alignment import charts, metrics
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.filters import sidebar_scope


def goal_picker(choices: pd.DataFrame) -> str:
    """A goal chosen in a select box and kept in the URL as ``?goal=…``."""
    titles = {row.goal_id: f"{row.goal_id} · {row.title} ({row.level}, {row.status})"
              for row in choices.itertuples(index=False)}
    options = list(titles)
    asked = st.query_params.get("goal")
    chosen = st.selectbox("Goal", options, format_func=titles.get, key="goal",
                          index=options.index(asked) if asked in options else 0)
    if st.query_params.get("goal") != chosen:
        st.query_params["goal"] = chosen
    return chosen


def table_or_note(frame: pd.DataFrame, file_name: str, empty: str) -> None:
    """``frame`` as a table with its download, or a short note when it has no rows."""
    if frame.empty:
        st.caption(empty)
        return
    dates = {column: st.column_config.DateColumn(format="YYYY-MM-DD")
             for column in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[column])}
    st.dataframe(frame, hide_index=True, column_config=dates)
    download_csv(frame, file_name)


ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)
view = (scope.start, scope.as_of, scope.value_stream, scope.team_id)

st.title("Strategy to Gemba")
st.caption("The vertical chain: ambition → goal → product → team → experiment, and back up as "
           f"a decision. Experiments under way from {scope.start or 'the start'} to "
           f"{scope.as_of:%Y-%m-%d}.")

goals = ctx.q.cascade_goals(*view)
products = ctx.q.cascade_products(*view)
goal_links = ctx.q.cascade_goal_links(*view)
team_work = ctx.q.cascade_team_work(*view)
gaps = ctx.q.experiment_link_gaps()
all_breaks = metrics.chain_breaks(ctx.q.goal_chain(scope.as_of),
                                  ctx.q.product_links(), ctx.q.team_links(),
                                  gaps)
breaks = metrics.breaks_in_view(all_breaks, gaps, goals["goal_id"], products["product_id"],
                                team_work["team_id"])
counts = metrics.break_counts(breaks)
per_type = dict(zip(counts["break_type"], counts["breaks"], strict=True))

goals_tile, no_product_tile, no_owner_tile, off_chain_tile = st.columns(4)
goals_tile.metric("Goals in view", f"{len(goals):,}")
no_product_tile.metric("Goals without product", f"{per_type['goal_without_product']:,}")
no_owner_tile.metric("Products without owner", f"{per_type['product_without_owner']:,}")
off_chain_tile.metric(
    "Experiments off the chain",
    f"{per_type['orphan_experiment'] + per_type['misaligned_experiment']:,}",
    help="Orphan experiments (no goal or product) plus misaligned ones (their product does "
         "not serve their goal), of the teams in view.",
)
with st.expander("How is this computed?"):
    for kind in ("goal_without_product", "product_without_owner", "orphan_experiment",
                 "misaligned_experiment"):
        st.markdown(f"**{kind}** — {metrics.BREAK_TYPES[kind]}")

st.header("The cascade")
if goals.empty and products.empty:
    st.info("No goals or products in view yet. An admin loads goals, products, teams and their "
            "links on the **Reference data** page; then this diagram shows the chain.",
            icon=":material/info:")
else:
    if team_work["experiments"].sum() == 0:
        st.info("No experiment in view in this period, so the chain stops at the teams. Teams "
                "upload their experiments on the **Upload experiments** page; or widen the "
                "period in the sidebar.", icon=":material/info:")
    nodes, edges = charts.cascade_graph(goals, goal_links, products, team_work, breaks,
                                        metrics.broken_experiments_by_team(breaks))
    st.graphviz_chart(charts.cascade_dot(nodes, edges), width="stretch")
    download_csv(charts.cascade_edge_table(nodes, edges), "cascade_links.csv")
    with st.expander("How is the cascade computed?"):
        st.write(metrics.CASCADE_DEFINITION)

st.header("Goals × products")
matrix = ctx.q.goal_product_matrix(*view)
if matrix.empty:
    st.info("No active goals or no products in view: nothing to match yet.",
            icon=":material/info:")
else:
    st.altair_chart(charts.goal_product_heatmap(matrix))
    download_csv(matrix, "goal_product_matrix.csv")
    with st.expander("How is this computed?"):
        st.write("Every active goal and objective against every product in view. "
                 "**Contributes**: the product's results move the goal directly. "
                 "**Supports**: the product helps, but the goal is measured elsewhere. "
                 "A row without any colour is a goal no product in view serves.")

st.header("One goal up close")
choices = ctx.q.goal_choices()
if choices.empty:
    st.info("No goals yet: an admin loads them on the **Reference data** page.",
            icon=":material/info:")
else:
    goal_id = goal_picker(choices)
    goal_products = ctx.q.goal_products(goal_id, scope.value_stream, scope.team_id)
    goal_teams = ctx.q.goal_teams(goal_id, scope.value_stream, scope.team_id)
    goal_experiments = ctx.q.goal_experiments(goal_id, scope.start, scope.as_of,
                                                scope.value_stream, scope.team_id)
    goal_decisions = ctx.q.goal_decisions(goal_id, scope.start, scope.as_of,
                                            scope.value_stream, scope.team_id)

    products_tile, teams_tile, experiments_tile, decisions_tile = st.columns(4)
    products_tile.metric("Products serving it", f"{len(goal_products):,}")
    teams_tile.metric("Teams on those products", f"{goal_teams['team_id'].nunique():,}")
    experiments_tile.metric("Experiments on it", f"{len(goal_experiments):,}")
    decisions_tile.metric("Decisions taken", f"{len(goal_decisions):,}")
    with st.expander("How is this computed?"):
        st.write("Products: those linked to the goal (contributes or supports). Teams: every "
                 "team that owns or contributes to one of those products. Experiments: those "
                 "linked to this goal and under way in the period. Decisions: the decisions "
                 "on those experiments taken in the period. " + metrics.PERIOD_RULE)

    st.subheader("Products")
    table_or_note(goal_products, f"{goal_id}_products.csv",
                  "No product serves this goal: the chain breaks right below it.")
    st.subheader("Teams")
    table_or_note(goal_teams, f"{goal_id}_teams.csv",
                  "No team works on this goal's products.")
    st.subheader("Experiments")
    table_or_note(goal_experiments, f"{goal_id}_experiments.csv",
                  "No experiment on this goal in the period: nobody is learning how to reach it.")
    st.subheader("Decisions")
    table_or_note(goal_decisions, f"{goal_id}_decisions.csv",
                  "No decision in the period: the learning has not come back up yet.")
