"""Teams & collaboration at the organisation's size: what a rerun keeps and sends stays small,
and what it leaves out is one click away, whole."""

from __future__ import annotations

import pandas as pd
import pytest

from alignment import bootstrap, charts, metrics, queries, views
from tests.pages.test_structure_pages import PARAMS, scope_of, uncached  # noqa: F401


@pytest.mark.parametrize("params", PARAMS.values(), ids=PARAMS.keys())
def test_the_network_download_holds_every_pair_the_page_counts(demo_db, params):
    con = bootstrap.ready_connection(demo_db)
    scope = scope_of(**params)
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    links = views.network_links(con, scope)
    assert len(links) == views.collaboration(con, scope, "en").pairs
    # the table the page built with every rerun before it was read on the click
    pd.testing.assert_frame_equal(links, charts.network_edge_table(
        queries.team_collaboration(*view),
        metrics.links_with_hand_overs(queries.team_network_edges(*view),
                                      queries.team_hand_overs(*view))))


def test_a_long_list_of_isolated_teams_shows_its_first_page(app, demo_db, monkeypatch,
                                                            uncached):  # noqa: F811
    monkeypatch.setattr(views, "ISOLATED_SHOWN", 1)
    at = app("pages/teams.py")
    con = bootstrap.ready_connection(demo_db)
    scope = scope_of()
    isolated = metrics.isolated_teams(queries.team_collaboration(con, scope.start, scope.as_of))
    assert len(isolated) > 1
    [table] = [df.value for df in at.dataframe if "experiments" in df.value.columns]
    assert table["team_id"].tolist() == isolated["team_id"].head(1).tolist()
    assert any(c.value.startswith(f"Showing the first 1 of {len(isolated)} isolated teams")
               for c in at.caption)
