"""Experiment outcomes on the demo, in both languages: the proof view of the Learning page
counts what the value-proof metrics count, and the cards of the Experiments and Reflection
session pages say each experiment's baseline → target → observed, evidence and energy."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from alignment import bootstrap, metrics, queries
from alignment.i18n import catalogue, enum_label, number, percent
from alignment.scope import QUARTER_DAYS, Scope
from tests.pages.test_learning_pages import proof_figures

LANGUAGES = ["en", "nl"]


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def table_with(at, *columns: str):
    """The first table on screen holding every one of ``columns``."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_proof_view_counts_what_the_metrics_count(app, demo_db, lang):
    words = catalogue(lang)
    at = app("pages/learning.py", lang=lang, period="all")
    assert not at.exception, [e.value for e in at.exception]
    scope = Scope(as_of=dt.date.today(), period="all")
    con = bootstrap.ready_connection(demo_db)
    points = metrics.outcome_points(queries.experiment_outcomes(con, scope))
    assert [h.value for h in at.header][-1] == words["outcome.proof"]
    tiles = {m.label: m.value for m in at.metric}
    expected = proof_figures(con, scope, words)
    assert {label: tiles[label] for label in expected} == expected
    # the demo tells the story: some better and more energy, a team improving while its
    # energy falls, a spread on weak evidence
    assert all(int(value) > 0 for value in expected.values())
    for section in ("proof_corners", "proof_falls", "proof_weak"):
        at.session_state[section] = True  # the leader opens the lists
    at.run()
    per_team = table_with(at, "team_name", "better_and_energy")
    assert per_team["better_and_energy"].to_list() == metrics.corner_counts(
        points, "team")["better_and_energy"].head(len(per_team)).to_list()
    per_product = table_with(at, "product_name", "better_and_energy")
    assert len(per_product) == len(metrics.corner_counts(points, "product"))
    falls = table_with(at, "later_energy")
    assert falls["team_name"].to_list() == metrics.energy_falls(points)["team_name"].to_list()
    weak = table_with(at, "evidence_strength", "attainment")
    assert weak["experiment_id"].to_list() == metrics.weak_evidence_spreads(
        points)["experiment_id"].to_list()
    assert set(weak["evidence_strength"]) == {enum_label(lang, "evidence_strength", "weak")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_proof_view_says_how_it_is_computed(app, lang):
    words = catalogue(lang)
    at = app("pages/learning.py", lang=lang)
    assert not at.exception
    hows = [e for e in at.expander if e.label == words["common.how_computed"]]
    said = " ".join(m.value for how in hows for m in how.markdown)
    assert words["outcome.definition_corner"].split(":")[0] in said
    assert percent(lang, metrics.BETTER_ATTAINMENT) in said
    assert number(lang, metrics.ENERGY_FALL, 1) in said
    assert enum_label(lang, "decision", "spread") in said


@pytest.mark.parametrize("lang", LANGUAGES)
def test_experiment_cards_show_their_outcome(app, demo_db, lang):
    words = catalogue(lang)
    at = app("pages/experiments.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    scope = Scope(as_of=dt.date.today())
    con = bootstrap.ready_connection(demo_db)
    done = queries.learning_cards(con, scope, queries.ExperimentFilter(), limit=3)
    running = queries.learning_cards(con, scope, queries.ExperimentFilter(), limit=3,
                                     status="running")
    assert not done.empty and not running.empty
    # a card measured in whole numbers: those are written without decimals in both languages
    whole = done[[float(v).is_integer() for v in done["baseline"] + done["target"]
                  + done["observed"]]]
    first = whole.iloc[0]
    line = words["outcome.line"].format(
        metric=first["metric"], baseline=number(lang, first["baseline"]),
        target=number(lang, first["target"]), observed=number(lang, first["observed"]))
    assert line in markdown(at)
    assert words["outcome.energy"].format(energy=number(lang, first["energy"])) in captions(at)
    assert words["outcome.running_cards"] in [h.value for h in at.header]
    # every bullet is the one spec, drawn with its card's row as the source Streamlit fills
    bullets = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")][1:]
    assert bullets and all(spec["data"] == {"name": "source"} for spec in bullets)
    assert all(c.proto.data.data for c in at.get("vega_lite_chart")[1:])
    waiting = words["outcome.not_observed_yet"]
    assert sum(waiting in m for m in markdown(at)) == int(running["target"].notna().sum())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_session_cards_show_outcome_evidence_and_energy(app, demo_db, lang):
    words = catalogue(lang)
    at = app("pages/session.py", team="SD-WMO", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    today = dt.date.today()
    con = bootstrap.ready_connection(demo_db)
    cards = queries.team_experiments(con, "SD-WMO",
                                     today - dt.timedelta(days=QUARTER_DAYS),
                                     today)
    assert not cards.empty
    said = captions(at)
    assert {"running", "done"} <= set(cards["status"])
    for card in cards.itertuples(index=False):
        energy = number(lang, card.energy)
        if pd.isna(card.observed):  # running: no evidence before there is an outcome
            assert words["outcome.energy"].format(energy=energy) in said
            continue
        evidence = (enum_label(lang, "evidence_strength", card.evidence_strength)
                    if isinstance(card.evidence_strength, str) else words["outcome.not_given"])
        assert words["outcome.evidence_energy"].format(evidence=evidence, energy=energy) in said
