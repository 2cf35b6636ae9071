"""Per-team charts at scale: a few dozen bars, the teams a coach should see first."""

from __future__ import annotations

import pandas as pd
import pytest

from alignment import charts
from alignment.i18n import catalogue

EN = catalogue("en")  # the words the charts are drawn in


def overview(teams: int) -> pd.DataFrame:
    """A coach overview of ``teams`` teams, follow-through and safety slope rising with n."""
    return pd.DataFrame({
        "team_id": [f"T{n:04d}" for n in range(teams)],
        "team_name": [f"Team {n}" for n in range(teams)],
        "follow_through": [n / teams for n in range(teams)],
        "measurable_actions": [3] * teams,
        "attention": [""] * teams,
        "safety_slope": [n / teams - 0.5 for n in range(teams)],
        "last_safety": [3.5] * teams,
        "falling_safety": [n < teams // 4 for n in range(teams)],
    })


@pytest.mark.parametrize(("teams", "most", "drawn"), [
    (12, 40, [f"T{n:04d}" for n in range(12)]),
    (2000, 40, [f"T{n:04d}" for n in range(40)]),
    (2000, 3, ["T0000", "T0001", "T0002"]),
], ids=["a small organisation: every team", "2,000 teams: the 40 lowest", "a chosen few"])
@pytest.mark.parametrize("build", [charts.follow_through_chart, charts.safety_slope_chart],
                         ids=["follow-through", "safety slope"])
def test_per_team_charts_draw_the_teams_to_look_at_first(build, teams, most, drawn):
    given = overview(teams)
    datasets = build(given, EN, most=most).to_dict()["datasets"].values()
    [rows] = [rows for rows in datasets if rows and "team_id" in rows[0]]
    assert sorted(row["team_id"] for row in rows) == drawn
    pd.testing.assert_frame_equal(given, overview(teams))  # the input is left as it was


@pytest.mark.parametrize(("teams", "most", "drawn"), [
    (5, 40, {f"Team {n}" for n in range(5)}),
    (100, 3, {"Team 97", "Team 98", "Team 99"}),
], ids=["a small organisation: every team", "the busiest teams of many"])
def test_the_discipline_heatmap_draws_the_busiest_teams(teams, most, drawn):
    given = pd.DataFrame([
        {"name": f"Team {n}", "discipline": discipline, "declared": True, "experiments": n}
        for n in range(teams) for discipline in ("data", "design")
    ])
    [rows] = charts.discipline_heatmap(given, EN, most=most).to_dict()["datasets"].values()
    assert {row["name"] for row in rows} == drawn
    assert len(given) == 2 * teams


@pytest.mark.parametrize(("teams", "domain"), [
    (1, [-0.5, 0.0]),          # one falling team: the axis runs from its bar to zero
    (12, [-0.5, 0.4167]),
], ids=["one team", "a dozen teams"])
def test_the_safety_axis_has_a_handful_of_ticks_around_zero_and_the_threshold(teams, domain):
    spec = charts.safety_slope_chart(overview(teams), EN).to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["tickCount"] == charts.reflection.SLOPE_TICKS <= 6
    assert x["axis"]["format"] == "+.2f"
    assert [round(edge, 4) for edge in x["scale"]["domain"]] == domain
    low, high = x["scale"]["domain"]
    assert low <= charts.reflection.FALLING_SLOPE < 0 <= high
