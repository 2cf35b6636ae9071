"""Experiments: every experiment in view, filterable, and the learning cards of the done ones."""

import pandas as pd
import streamlit as st

from alignment import charts, contract, metrics, queries
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.filters import sidebar_scope
from alignment.ui.widgets import percent

TABLE_ROWS = 500
CARDS = 30
CARD_COLUMNS = 3
TABLE_COLUMNS = ["experiment_id", "team_id", "title", "status", "lean_lens", "product_id",
                 "goal_id", "start_date", "end_date", "result", "evidence_strength",
                 "decision", "decision_date", "decision_scope"]
RESULT_COLOURS = {"validated": "green", "invalidated": "red", "inconclusive": "orange"}

ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)

st.title("Experiments")
st.caption(f"Every experiment in view and what it taught, as of {scope.as_of:%Y-%m-%d}.")

status_filter, lens_filter, result_filter, search = st.columns([1, 1, 1, 2])
chosen = queries.ExperimentFilter(
    statuses=tuple(status_filter.multiselect("Status", contract.EXPERIMENT_STATUSES,
                                             key="experiments_status")),
    lenses=tuple(lens_filter.multiselect("Lean lens", contract.LEAN_LENSES,
                                         key="experiments_lens")),
    results=tuple(result_filter.multiselect("Result", contract.RESULTS,
                                            key="experiments_result")),
    text=search.text_input("Search title, hypothesis and learning", key="experiments_search"),
)

counts = ctx.q.filtered_experiment_counts(scope, chosen)
summary = metrics.experiment_summary(counts)
if summary["experiments"] == 0:
    st.info(
        "No experiment matches this view. Clear a filter or widen the period; a new "
        "organisation adds its experiments on the **Upload experiments** page.",
        icon=":material/info:",
    )
    st.stop()

total_tile, done_tile, validated_tile, decided_tile = st.columns(4)
total_tile.metric("Experiments", f"{summary['experiments']:,}")
done_tile.metric("Done", f"{summary['done']:,}")
validated_tile.metric("Validated", percent(summary["validated_share"]),
                      help="Share of the done experiments whose hypothesis held.")
decided_tile.metric("Decided", percent(summary["decided_share"]),
                    help="Share of the done experiments with a decision.")
with st.expander("How is this computed?"):
    st.write(metrics.EXPERIMENTS_DEFINITION)

st.altair_chart(charts.experiments_by_lens_chart(counts), width="stretch")
download_csv(counts, "experiments_by_lens_and_status.csv")

rows = ctx.q.filtered_experiments(scope, chosen, limit=TABLE_ROWS)
st.caption(f"Showing {len(rows):,} of {summary['experiments']:,} experiments, latest first.")
st.dataframe(rows[TABLE_COLUMNS], hide_index=True, column_config={
    "start_date": st.column_config.DateColumn("start_date"),
    "end_date": st.column_config.DateColumn("end_date"),
    "decision_date": st.column_config.DateColumn("decision_date"),
})
download_csv(lambda: queries.filtered_experiments(ctx.con, scope, chosen),
             "experiments_filtered.csv",
             f"Download all {summary['experiments']:,} filtered experiments (CSV)")

st.header("Learning cards")
cards = ctx.q.learning_cards(scope, chosen, limit=CARDS)
if cards.empty:
    st.info("None of these experiments is done yet: its learning card appears once it is.")
else:
    st.caption(f"Showing {len(cards):,} of {summary['done']:,} done experiments, "
               "latest ended first.")
    grid = st.columns(CARD_COLUMNS)
    for i, card in enumerate(cards.itertuples(index=False)):
        with grid[i % CARD_COLUMNS].container(border=True):
            st.markdown(f"**{card.title}**")
            result = card.result if isinstance(card.result, str) else "no result"
            team = card.team_name if isinstance(card.team_name, str) else card.team_id
            st.caption(f"{card.experiment_id} · {team} · ended "
                       f"{pd.Timestamp(card.end_date):%Y-%m-%d}")
            st.markdown(f":{RESULT_COLOURS.get(result, 'gray')}-badge[{result}] "
                        f":gray-badge[evidence: {card.evidence_strength or 'not given'}]")
            st.markdown(f"**Hypothesis** {card.hypothesis}")
            st.markdown(f"**Learning** {card.learning}")
            st.markdown("**Decision** " + metrics.decision_text(
                card.decision, card.decision_scope, card.decision_date, card.decision_rationale))
