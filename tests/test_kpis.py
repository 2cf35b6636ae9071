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
    assert kpis.shown_change(Kpi("kpi.x", value, previous, unit, False)) == expected


def test_an_empty_organisation_has_nothing_to_compare(con):
    figures = kpis.overview_kpis(con, Scope(as_of=AS_OF))
    assert [k.key for k in figures] == [spec[0] for spec in kpis.KPI_SPECS]
    assert {k.key: k.value for k in figures} == {
        "kpi.chain_completeness": None, "kpi.learning_debt": 0.0, "kpi.lead_time": None,
        "kpi.spread_factor": None, "kpi.collaboration_index": None,
        "kpi.reflection_breadth": None,
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
    debt = {k.key: k for k in kpis.overview_kpis(con, Scope(as_of=AS_OF))}["kpi.learning_debt"]
    # now both are over 30 days undecided; a quarter earlier E1 had not ended yet
    assert (debt.value, debt.previous, debt.change) == (2.0, 1.0, 1.0)
    assert debt.lower_is_better


def test_every_break_type_links_to_one_registered_page():
    from alignment.metrics import BREAK_TYPES
    from alignment.sitemap import BREAK_PAGES, PAGES

    listed = [kind for page in PAGES for kind in page.breaks]
    assert sorted(listed) == sorted(BREAK_TYPES) == sorted(BREAK_PAGES)


def test_every_figure_links_to_one_registered_page():
    from alignment.sitemap import PAGES

    listed = [f"kpi.{kpi}" for page in PAGES for kpi in page.kpis]
    assert sorted(listed) == sorted(spec[0] for spec in kpis.KPI_SPECS)
