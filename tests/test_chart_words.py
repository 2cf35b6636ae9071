"""Every chart speaks the reader's language: its titles, axes, legends, categories and tooltips.

Each chart is built as the face builds it (``ui.cached.chart_spec``, graphs through the views)
on the demo organisation, in English and in Dutch. The Dutch one may show no English word of
the catalogue whose Dutch differs; the English one shows the words listed for it.
"""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import pytest

from alignment import charts, i18n, metrics, queries, views
from alignment.scope import Scope
from alignment.ui.cached import chart_spec
from tests.conftest import demo_database

AS_OF = dt.date(2026, 11, 15)
SCOPE = Scope(as_of=AS_OF, period="all")
VIEW = (SCOPE.start, AS_OF, None, None)
# the families of words a chart shows: an English one must not reach a Dutch reader
SHOWN_FAMILIES = ("chart.", "enum.", "signal.", "discipline.", "attention.", "score.",
                  "value.chart_")


def dataset_rows(spec: dict) -> dict[str, list[dict]]:
    """A cached spec's datasets (Arrow bytes, as the chart element sends them) as rows."""
    return {name: pa.ipc.open_stream(data).read_all().to_pylist()
            for name, data in spec.get("datasets", {}).items()}


def _english_only() -> set[str]:
    english, dutch = i18n.catalogue("en"), i18n.catalogue("nl")
    return {text for key, text in english.items()
            if key.startswith(SHOWN_FAMILIES) and text != dutch[key] and "{" not in text}


@pytest.fixture(scope="module")
def demo(backend, request):
    with demo_database(AS_OF, backend, request) as con:
        yield con


# builder → (its data from the demo in a language, as its page reads it; English words its
# chart shows)
ALTAIR = {
    "funnel_chart": (lambda con, _: (metrics.funnel_stages(queries.funnel_counts(con, SCOPE)),),
                     {"idea", "running", "done", "decided", "Experiments", "Stage"}),
    "lead_time_histogram_chart": (lambda con, _: (queries.lead_time_histogram(con, SCOPE),),
                                  {"Days from end to decision", "Decisions"}),
    "decisions_by_quarter_chart": (lambda con, _: (queries.decisions_by_quarter(con, SCOPE),),
                                   {"strategy", "Decided at", "Quarter of the decision"}),
    "experiments_by_lens_chart": (
        lambda con, _: (queries.filtered_experiment_counts(con, SCOPE,
                                                           queries.ExperimentFilter()),),
        {"waste", "flow", "communication", "learning", "running", "stopped", "Lean lens"}),
    "goal_product_heatmap": (lambda con, _: (queries.goal_product_matrix(con, *VIEW),),
                             {"contributes", "supports", "none", "Link", "Goal", "Weight"}),
    "balance_chart": (lambda con, _: (metrics.portfolio_balance(queries.product_balance(con,
                                                                                        *VIEW)),),
                      {"(grow)", "(explore)", "balanced", "Signal", "Running"}),
    "lens_heatmap": (lambda con, _: (queries.lens_counts(con, *VIEW),),
                     {"waste", "flow", "Where nobody experiments", "Experiments"}),
    "discipline_heatmap": (lambda con, _: (queries.team_disciplines(con, *VIEW),),
                           {"dev", "design", "ops", "support", "One of the team's disciplines"}),
    "collaboration_trend_chart": (
        lambda con, _: (metrics.collaboration_shares(queries.collaboration_by_quarter(con,
                                                                                      *VIEW)),),
        {"Collaboration index", "Cross-team", "Cross-discipline", "Share of experiments"}),
    "follow_through_chart": (lambda con, lang: (views.coaching(con, SCOPE, lang, None).overview,),
                             {"Actions closed by the next session", "Follow-through"}),
    "safety_slope_chart": (lambda con, lang: (views.coaching(con, SCOPE, lang, None).overview,),
                           {"Change in safety score per session", "Latest safety"}),
    "outcome_bullet_chart": (lambda con, _: (), {"Target", "Baseline", "Observed"}),
    "value_proof_chart": (
        lambda con, _: (metrics.outcome_points(queries.experiment_outcomes(con, SCOPE)),),
        {"validated", "invalidated", "weak", "strong", "Better and more energy", "Evidence",
         "Result", "Title"}),
    "score_trend_chart": (lambda con, _: (queries.score_trends(con, "SD-WMO", AS_OF),
                                          "Team WMO"),
                          {"Organisation median", "Safety", "Ownership", "Energy"}),
    "check_in_chart": (
        lambda con, _: (lambda up_close: (
            up_close.check_ins, up_close.measures,
            queries.goal_experiments(con, "DOEL-02", *VIEW)[["experiment_id", "title",
                                                              "end_date"]]))(
            views.goal_measures(con, AS_OF, "DOEL-02")),
        {"Date", "Value", "Target", "Experiment ended", "on track", "at risk"}),
}


def test_every_chart_builder_is_in_the_table():
    builders = {name for name in dir(charts) if name.endswith(("_chart", "_heatmap"))}
    assert builders == set(ALTAIR)


def _shown(spec: dict) -> set[str]:
    """What a reader of ``spec`` reads: titles, domains, sort orders, and the values of every
    field drawn as a category or in a tooltip; a tooltip without a title shows its field's name."""
    shown: set[str] = set()
    fields: set[str] = set()

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            if key == "tooltip" or (node.get("field") and node.get("type") in ("nominal",
                                                                               "ordinal")):
                fields.add(node.get("field", ""))
            if key == "tooltip" and "title" not in node:
                shown.add(node.get("field", ""))
            for name, value in node.items():
                if name != "datasets":
                    walk(value, name)
        elif isinstance(node, list):
            if key in ("domain", "sort"):
                shown.update(v for v in node if isinstance(v, str))
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and key == "title":
            shown.add(node)

    walk(spec)
    for rows in dataset_rows(spec).values():
        shown.update(str(row[f]) for row in rows for f in fields if row.get(f) is not None)
    return shown


def _english_in(shown: set[str], words: set[str]) -> set[str]:
    return {w for w in words if any(s == w or s.endswith(f" {w}") for s in shown)}


@pytest.mark.parametrize("name", sorted(ALTAIR))
def test_a_chart_shows_the_reader_s_words(demo, name):
    data, english_words = ALTAIR[name]
    build = getattr(charts, name)
    english, dutch = (_shown(chart_spec(lang, build, *data(demo, lang)))
                      for lang in ("en", "nl"))
    assert _english_in(english, english_words) == english_words
    assert _english_in(dutch, english_words | _english_only()) == set()


GRAPHS = {
    "cascade": (lambda con, lang: views.cascade(con, SCOPE, lang).dot,
                {"no goal", "no owner", "no product", "experiments off the chain", "running",
                 "done", "orphans", "misaligned", "experiments"}),
    "team network": (lambda con, lang: views.collaboration(con, SCOPE, lang).dot,
                     {"experiments"}),
    "spread tree": (lambda con, lang: _spread_tree(con, lang),
                    {"validated, ended", "generation", "running"}),
}


def _spread_tree(con, lang: str) -> str:
    learning = views.learning(con, SCOPE, 1)
    [root] = learning.top_spreading
    return charts.spread_tree_dot(learning.tree_nodes, root, i18n.catalogue(lang))


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_a_graph_says_its_labels_in_the_reader_s_words(demo, name):
    dot, english_words = GRAPHS[name]
    lines = {lang: dot(demo, lang).replace("\\n", "\n") for lang in ("en", "nl")}
    found = {lang: {w for w in english_words
                    if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)}
             for lang, text in lines.items()}
    assert found == {"en": english_words, "nl": set()}
