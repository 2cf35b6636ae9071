"""The Experiments page reads only what it shows: counts from the rollup, first pages by LIMIT.
Each is held to the raw rows of every experiment in view (``experiments_raw_rows``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest

from alignment import metrics, queries
from alignment.db import Database
from alignment.demo import DEMO_AS_OF
from alignment.queries import ExperimentFilter
from alignment.scope import Scope
from tests import experiments_raw_rows as raw
from tests.conftest import demo_database

SCOPES = {
    "all time": Scope(DEMO_AS_OF, "all"),
    "a year": Scope(DEMO_AS_OF),
    "a quarter of a stream": Scope(DEMO_AS_OF, "90d", value_stream="Burgerzaken"),
    "a team": Scope(DEMO_AS_OF, "all", team_id="SD-WMO"),
    "a stream's team": Scope(DEMO_AS_OF, "6m", value_stream="Sociaal Domein", team_id="SD-WMO"),
    "earlier, mid-month": Scope(dt.date(2026, 5, 15), "6m"),
    "earlier, a month's first day": Scope(dt.date(2026, 3, 1), "90d"),
}

FILTERS = {
    "nothing": ExperimentFilter(),
    "done, validated": ExperimentFilter(statuses=("done",), results=("validated",)),
    "two lenses": ExperimentFilter(lenses=("flow", "waste")),
    "ideas and running": ExperimentFilter(statuses=("idea", "running")),
    "a text": ExperimentFilter(text="wmo"),
    "a text and a status": ExperimentFilter(statuses=("done",), text=" Klant "),
    "a text nothing has": ExperimentFilter(text="100%"),
}

FIRST_PAGE = 5


@pytest.fixture(scope="module")
def demo(backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    with demo_database(DEMO_AS_OF, backend, request) as database:
        yield database


CASES = [pytest.param(scope, chosen, id=f"{s}-{f}")
         for s, scope in SCOPES.items() for f, chosen in FILTERS.items()]


@pytest.mark.parametrize(("scope", "chosen"), CASES)
def test_the_counts_equal_those_of_the_raw_rows(demo, scope, chosen):
    pd.testing.assert_frame_equal(queries.filtered_experiment_counts(demo, scope, chosen),
                                  raw.counts(demo, scope, chosen), check_dtype=False)


@pytest.mark.parametrize(("scope", "chosen"), CASES)
def test_the_first_page_is_the_latest_and_the_rest_is_counted(demo, scope, chosen):
    every = raw.latest(demo, scope, chosen)
    shown = queries.filtered_experiments(demo, scope, chosen, limit=FIRST_PAGE)
    total = metrics.experiment_summary(queries.filtered_experiment_counts(demo, scope, chosen))
    assert list(shown["experiment_id"]) == [id_ for id_, _ in every[:FIRST_PAGE]]
    assert total["experiments"] - len(shown) == max(len(every) - FIRST_PAGE, 0)
    everything = queries.filtered_experiments(demo, scope, chosen)
    assert list(everything["experiment_id"]) == [id_ for id_, _ in every]


@pytest.mark.parametrize(("scope", "chosen"), CASES)
@pytest.mark.parametrize("status", ["done", "running"])
def test_the_cards_are_the_latest_of_their_status_on_the_day(demo, scope, chosen, status):
    cards = queries.learning_cards(demo, scope, chosen, limit=FIRST_PAGE, status=status)
    expected = [id_ for id_, as_of in raw.latest(demo, scope, chosen) if as_of == status]
    assert list(cards["experiment_id"]) == expected[:FIRST_PAGE]
    assert set(cards["status"]) <= {status}
