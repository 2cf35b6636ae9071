"""Experiments: every experiment in view, filterable, and the learning cards of the done ones."""

import pandas as pd
import streamlit as st

from alignment import charts, contract, metrics, queries
from alignment.decisions import decision_text
from alignment.markdown import plain
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.history import (
    experiment_picker,
    history_column,
    history_linked,
    record_history,
)
from alignment.ui.i18n import data_table, day, enum, enum_format, num, t
from alignment.ui.outcomes import experiment_outcome
from alignment.ui.widgets import percent

# a first page: every row travels on every rerun (500 rows sent 65 KB at 1M); the rest is in
# the download, built on its click
TABLE_ROWS = 100
# each card's messages travel on every rerun (30 and 12 cards sent 226 KB at 1M): a first page
CARDS = 3  # one row of the grid
RUNNING_CARDS = 3  # each says its outcome in words: a bullet without an observation is a
# target alone, and each chart costs a warm rerun its spec and data
CARD_COLUMNS = 3
# what a leader looks for first: which experiment, its history, where it stands, then the rest
TABLE_COLUMNS = ["experiment_id", "title", "history", "status", "result", "decision",
                 "team_id", "lean_lens", "product_id", "goal_id", "start_date", "end_date",
                 "evidence_strength", "decision_date", "decision_scope"]
RESULT_COLOURS = {"validated": "green", "invalidated": "red", "inconclusive": "orange"}

ctx = page_context(__file__, filters=True)
scope = ctx.scope

st.title(t("page.experiments"))
st.caption(t("experiments.caption", day=day(scope.as_of)))

status_filter, lens_filter, result_filter, search = st.columns([1, 1, 1, 2])
anything = t("experiments.any")  # what an empty filter shows: it keeps every experiment
chosen = queries.ExperimentFilter(
    statuses=tuple(status_filter.multiselect(t("column.status"), contract.EXPERIMENT_STATUSES,
                                             format_func=enum_format("experiment_status"),
                                             key="experiments_status", placeholder=anything)),
    lenses=tuple(lens_filter.multiselect(t("column.lean_lens"), contract.LEAN_LENSES,
                                         format_func=enum_format("lean_lens"),
                                         key="experiments_lens", placeholder=anything)),
    results=tuple(result_filter.multiselect(t("column.result"), contract.RESULTS,
                                            format_func=enum_format("result"),
                                            key="experiments_result", placeholder=anything)),
    text=search.text_input(t("experiments.search"), key="experiments_search"),
)

counts = ctx.cached(queries.filtered_experiment_counts, scope, chosen)
summary = metrics.experiment_summary(counts)
if summary["experiments"] == 0:
    st.info(t("experiments.none"), icon=":material/info:")
    st.stop()

total_tile, done_tile, validated_tile, decided_tile = st.columns(4)
total_tile.metric(t("entity.experiments"), num(summary["experiments"]))
done_tile.metric(t("experiments.done"), num(summary["done"]))
validated_tile.metric(t("experiments.validated"), percent(summary["validated_share"]),
                      help=t("experiments.validated_help"))
decided_tile.metric(t("experiments.decided"), percent(summary["decided_share"]),
                    help=t("experiments.decided_help"))
with st.expander(t("common.how_computed")):
    st.write(t("definition.experiments"))

ctx.chart(charts.experiments_by_lens_chart, counts, width="stretch")
download_csv(counts, "experiments_by_lens_and_status.csv")

rows = ctx.cached(queries.filtered_experiments, scope, chosen, limit=TABLE_ROWS)
more = summary["experiments"] - len(rows)
st.caption(t("search_scale.more", shown=num(len(rows)), more=num(more)) if more > 0
           else t("experiments.showing", shown=num(len(rows)), total=num(summary["experiments"])))
data_table(history_linked(rows)[TABLE_COLUMNS].assign(
    status=rows["status"].map(enum_format("experiment_status"))), {"history": history_column()})
download_csv(ctx.at_click(queries.filtered_experiments, scope, chosen),
             "experiments_filtered.csv",
             t("experiments.download_all", total=num(summary["experiments"])))

st.header(t("history.title"))
st.caption(t("history.caption"))
picked = experiment_picker(rows["experiment_id"])
if picked:
    record_history(ctx, "experiments", picked)

st.header(t("experiments.cards"))
cards = ctx.cached(queries.learning_cards, scope, chosen, limit=CARDS)
if cards.empty:
    st.info(t("experiments.no_cards"))
else:
    st.caption(t("experiments.showing_cards", shown=num(len(cards)),
                 total=num(summary["done"])))
    grid = st.columns(CARD_COLUMNS)
    for i, card in enumerate(cards.itertuples(index=False)):
        with grid[i % CARD_COLUMNS].container(border=True):
            st.markdown(f"**{plain(card.title)}**")
            result = card.result if isinstance(card.result, str) else None
            shown = enum("result", result) if result else t("experiments.no_result")
            evidence = (enum("evidence_strength", card.evidence_strength)
                        if card.evidence_strength else t("experiments.not_given"))
            team = card.team_name if isinstance(card.team_name, str) else card.team_id
            st.caption(t("experiments.card_caption", id=plain(card.experiment_id), team=plain(team),
                         day=day(pd.Timestamp(card.end_date))))
            # a paragraph each, in one element: every element is a message on every rerun
            st.markdown(f":{RESULT_COLOURS.get(result, 'gray')}-badge[{shown}] "
                        f":gray-badge[{t('experiments.evidence', strength=evidence)}]\n\n"
                        f"**{t('experiments.hypothesis')}** {plain(card.hypothesis)}")
            experiment_outcome(ctx, card, evidence_shown=False)
            st.markdown(f"**{t('experiments.learning')}** {plain(card.learning)}\n\n"
                        f"**{t('learning.decision')}** " + plain(decision_text(
                            card.decision, card.decision_scope, card.decision_date,
                            card.decision_rationale, ctx.lang)))

st.header(t("outcome.running_cards"))
running = ctx.cached(queries.learning_cards, scope, chosen, limit=RUNNING_CARDS, status="running")
if running.empty:
    st.info(t("outcome.no_running"))
else:
    st.caption(t("outcome.running_caption", shown=num(len(running))))
    grid = st.columns(CARD_COLUMNS)
    for i, card in enumerate(running.itertuples(index=False)):
        with grid[i % CARD_COLUMNS].container(border=True):
            st.markdown(f"**{plain(card.title)}**")
            team = card.team_name if isinstance(card.team_name, str) else card.team_id
            st.caption(t("outcome.running_card_caption", id=plain(card.experiment_id),
                         team=plain(team), day=day(pd.Timestamp(card.start_date))))
            st.markdown(f"**{t('experiments.hypothesis')}** {plain(card.hypothesis)}")
            experiment_outcome(ctx, card, drawn=False)
