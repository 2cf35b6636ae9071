"""Charts of reflection: a team's scores against the organisation, and follow-through per team.

Each builder takes a frame already aggregated in DuckDB or by a metric (one row per session,
quarter or team) and returns an Altair chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from alignment.charts.words import Words, labels, title
from alignment.metrics.reflection import FALLING_SLOPE, SCORE_MEASURES

# A bar per team stops being readable (and light to send) past a few dozen teams: the
# charts show those a coach should look at first; the tables and downloads hold them all.
TEAMS_CHARTED = 40


SERIES = ("Team", "Organisation median")  # the values of ``series`` in the data
SERIES_COLOURS = ("#2171b5", "#969696")
RED, GREEN, GREY = "#d94801", "#41ab5d", "#bdbdbd"


def score_trend_chart(trends: pd.DataFrame, team_name: str, words: Words) -> alt.FacetChart:
    """One panel per score: the team's session averages and the organisation's quarterly median.

    ``trends`` is ``queries.score_trends``: the median is drawn as a dashed step per quarter.
    """
    measures = labels(words, "score", SCORE_MEASURES)
    median_label = title(words, "organisation_median")
    shown = [team_name, median_label]  # SERIES as the legend names them
    data = trends.assign(measure_label=trends["measure"].map(measures),
                         series_label=trends["series"].map(dict(zip(SERIES, shown, strict=True))))
    base = alt.Chart().encode(
        # a month per tick at most: weekly ticks of a few close sessions all read "Nov 2026"
        x=alt.X("on_date:T", title=None,
                axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap="greedy",
                              tickCount={"interval": "month", "step": 1})),
        y=alt.Y("score:Q", title=title(words, "score_1_5"), scale=alt.Scale(domain=[1, 5])),
        color=alt.Color("series_label:N", title=None, sort=shown,
                        scale=alt.Scale(domain=shown, range=list(SERIES_COLOURS)),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("series_label:N", title=title(words, "series")),
                 alt.Tooltip("measure_label:N", title=title(words, "score")),
                 alt.Tooltip("on_date:T", title=title(words, "date"),
                             format=title(words, "date_format")),
                 alt.Tooltip("score:Q", title=title(words, "score"), format=".1f"),
                 alt.Tooltip("sessions:Q", title=title(words, "sessions"))],
    )
    team = base.transform_filter(alt.datum.series == "Team").mark_line(point=True)
    median = (base.transform_filter(alt.datum.series == "Organisation median")
              .mark_line(interpolate="step-after", strokeDash=[5, 4]))
    return (
        alt.layer(median, team, data=data)
        .properties(width=300, height=170)
        .facet(facet=alt.Facet("measure_label:N", title=None,
                               sort=[measures[m] for m in SCORE_MEASURES]),
               columns=2)
    )


def follow_through_chart(overview: pd.DataFrame, words: Words,
                         most: int = TEAMS_CHARTED) -> alt.Chart:
    """Per team, the share of actions closed by the next session; flagged teams in red.

    ``overview`` is ``metrics.coach_overview``; teams with nothing measurable are left out,
    and of the others the ``most`` lowest are drawn.
    """
    data = (overview.loc[overview["measurable_actions"] > 0,
                         ["team_id", "team_name", "follow_through", "measurable_actions",
                          "attention"]]
            .sort_values(["follow_through", "team_id"], kind="stable").head(most).copy())
    flagged, on_track = words["attention.needs_attention"], words["attention.on_track"]
    data["flag"] = [flagged if text else on_track for text in data["attention"]]
    return (
        alt.Chart(data, title=title(words, "action_follow_through_per_team"))
        .mark_bar()
        .encode(
            y=alt.Y("team_name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("follow_through:Q", title=title(words, "actions_closed_by_the_next_session"),
                    axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("flag:N", title=None,
                            scale=alt.Scale(domain=[flagged, on_track],
                                            range=[RED, GREEN])),
            tooltip=[alt.Tooltip("team_name:N", title=title(words, "team")),
                     alt.Tooltip("follow_through:Q", title=title(words, "follow_through"),
                                                                  format=".0%"),
                     alt.Tooltip("measurable_actions:Q", title=title(words, "measurable_actions")),
                     alt.Tooltip("attention:N", title=title(words, "flag"))],
        )
    )


# A handful of ticks on the slope axis, whatever the chart's width or number of teams: left
# to itself Vega puts one every 0.02 points, 17 overlapping labels for a single team.
SLOPE_TICKS = 5


def _slope_domain(slopes: pd.Series) -> list[float]:
    """The slope axis from the steepest fall to the highest rise, always showing zero and the
    falling threshold, so one team's bar is read against both."""
    present = [float(slope) for slope in slopes.dropna()]
    return [min([FALLING_SLOPE, *present]), max([0.0, *present])]


def safety_slope_chart(overview: pd.DataFrame, words: Words,
                       most: int = TEAMS_CHARTED) -> alt.Chart:
    """Per team, the safety trend in points per session, the ``most`` steepest falling first;
    the falling threshold as a rule."""
    data = (overview.loc[overview["safety_slope"].notna(),
                         ["team_id", "team_name", "safety_slope", "last_safety",
                          "falling_safety"]]
            .sort_values(["safety_slope", "team_id"], kind="stable").head(most).copy())
    falling, steady = words["attention.falling_trend"], words["attention.steady"]
    data["trend"] = [falling if f else steady for f in data["falling_safety"]]
    bars = (
        alt.Chart(data, title=title(words, "safety_trend_per_team_points_per_session"))
        .mark_bar()
        .encode(
            y=alt.Y("team_name:N", sort="x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("safety_slope:Q", title=title(words, "change_in_safety_score_per_session"),
                    scale=alt.Scale(domain=_slope_domain(data["safety_slope"]), nice=True),
                    axis=alt.Axis(format="+.2f", tickCount=SLOPE_TICKS)),
            color=alt.Color("trend:N", title=None,
                            scale=alt.Scale(domain=[falling, steady],
                                            range=[RED, GREY])),
            tooltip=[alt.Tooltip("team_name:N", title=title(words, "team")),
                     alt.Tooltip("safety_slope:Q", title=title(words, "per_session"),
                                                                format="+.2f"),
                     alt.Tooltip("last_safety:Q", title=title(words, "latest_safety"),
                                                               format=".1f")],
        )
    )
    rule = (alt.Chart(pd.DataFrame({"threshold": [FALLING_SLOPE]}))
            .mark_rule(color=RED, strokeDash=[4, 3])
            .encode(x="threshold:Q"))
    return alt.layer(bars, rule)


# Type for a shared screen, read from the back of a room: the same size as the page's own
# text in presenter mode, headings of the panels a little larger.
PRESENTER_CONFIG = {
    "axis": {"labelFontSize": 18, "titleFontSize": 20},
    "legend": {"labelFontSize": 18, "titleFontSize": 20, "symbolSize": 180},
    "header": {"labelFontSize": 22, "titleFontSize": 22},
    "title": {"fontSize": 24},
}


def presented(spec: dict) -> dict:
    """``spec`` (a Vega-Lite spec as a dict) with type large enough for a shared screen;
    the rest of its config (locale, …) is kept."""
    config = dict(spec.get("config", {}))
    for part, sizes in PRESENTER_CONFIG.items():
        config[part] = {**config.get(part, {}), **sizes}
    return {**spec, "config": config}
