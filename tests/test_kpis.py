"""The Overview's figures: formatting as tables, and the quarter comparison on real databases."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import kpis
from alignment.kpis import Kpi
from alignment.scope import Scope
from tests.conftest import AS_OF, stored


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(0.666, "share", "67%"), (None, "share", "—"), (19.5, "days", "19.5 days"),
     (20.0, "days", "20 days"), (1234, "count", "1,234"), (0.071, "factor", "0.07")],
)
def test_shown(value, unit, expected):
    assert kpis.shown(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "previous", "unit", "expected"),
    [(0.5, 0.4, "share", "+10 pp vs previous quarter"),
     (33, 27, "count", "+6 vs previous quarter"),
     (19.5, 17.0, "days", "+2.5 days vs previous quarter"),
     (0.07, 0.17, "factor", "-0.10 vs previous quarter"),
     (0.5, None, "share", None),
     (None, 3, "count", None)],
)
def test_shown_change(value, previous, unit, expected):
    assert kpis.shown_change(Kpi("x", value, previous, unit, False, "", "")) == expected


def test_an_empty_organisation_has_nothing_to_compare(con):
    figures = kpis.overview_kpis(con, Scope(as_of=AS_OF))
    assert [k.key for k in figures] == [spec[0] for spec in kpis.KPI_SPECS]
    assert {k.label: k.value for k in figures} == {
        "Chain completeness": None, "Learning debt": 0.0, "Learning → decision": None,
        "Spread factor": None, "Collaboration index": None, "Reflection breadth": None,
    }


def test_learning_debt_is_compared_with_a_quarter_earlier(con):
    def done(eid, ended):
        return {"experiment_id": eid, "team_id": "T1", "title": "Proef " + eid,
                "hypothesis": "We believe", "status": "done", "lean_lens": "flow",
                "start_date": ended - dt.timedelta(days=10), "end_date": ended,
                "observed": 1.0, "result": "validated", "learning": "ok"}

    stored(con, teams=[{"team_id": "T1", "name": "Team"}],
           experiments=[done("E1", AS_OF - dt.timedelta(days=40)),
                        done("E2", AS_OF - dt.timedelta(days=150))])
    debt = {k.label: k for k in kpis.overview_kpis(con, Scope(as_of=AS_OF))}["Learning debt"]
    # now both are over 30 days undecided; a quarter earlier E1 had not ended yet
    assert (debt.value, debt.previous, debt.change) == (2.0, 1.0, 1.0)
    assert debt.lower_is_better


def test_every_break_type_links_to_a_registered_page():
    from alignment.metrics import BREAK_TYPES
    from alignment.ui.navigation import PAGES

    paths = {p.path for p in PAGES}
    assert set(kpis.BREAK_PAGES) == set(BREAK_TYPES)
    assert set(kpis.BREAK_PAGES.values()) | {spec[4] for spec in kpis.KPI_SPECS} <= paths
