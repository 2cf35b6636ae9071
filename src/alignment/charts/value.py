"""Charts of value realisation: a goal's check-ins over time, with the work that ended beside them.

Pure: frames in, an Altair chart out; the words come from the reader's catalogue (``words``).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from alignment.charts.words import Words

TARGET_COLOUR, VALUE_COLOUR, ENDED_COLOUR = "#41ab5d", "#2171b5", "#d94801"


def check_in_chart(check_ins: pd.DataFrame, measures: pd.DataFrame, ended: pd.DataFrame,
                   words: Words) -> alt.FacetChart:
    """One panel per measure: its check-ins as a line, its target as a dashed line, and a ▲
    on each day an experiment of the goal ended within the check-ins' span.

    ``check_ins`` has measure_id, checked_on, value, confidence; ``measures`` measure_id,
    name, target; ``ended`` experiment_id, title, end_date.
    """
    names = dict(zip(measures["measure_id"], measures["name"], strict=True))
    days = pd.to_datetime(check_ins["checked_on"])
    points = pd.DataFrame({
        "layer": "check_in", "measure": check_ins["measure_id"].map(names),
        "day": days, "value": check_ins["value"].astype(float),
        "confidence": check_ins["confidence"].map(
            lambda c: words.get(f"enum.confidence.{c}", "") if isinstance(c, str) else ""),
        "experiment": "",
    })
    lows = points.groupby("measure")["value"].min()
    span = (days.min(), days.max())
    targets = pd.DataFrame([
        {"layer": "target", "measure": names[m.measure_id], "day": day, "value": float(m.target),
         "confidence": "", "experiment": ""}
        for m in measures.itertuples(index=False) if names[m.measure_id] in lows.index
        for day in span
    ], columns=points.columns)
    ends = pd.to_datetime(ended["end_date"])
    within = ended[(ends >= span[0]) & (ends <= span[1])]
    marks = pd.DataFrame([
        {"layer": "ended", "measure": measure, "day": pd.Timestamp(e.end_date), "value": low,
         "confidence": "", "experiment": f"{e.experiment_id} · {e.title}"}
        for e in within.itertuples(index=False) for measure, low in lows.items()
    ], columns=points.columns)
    data = pd.concat([frame for frame in (points, targets, marks) if not frame.empty],
                     ignore_index=True)
    x = alt.X("day:T", title=words["value.chart_day"],
              axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap="greedy"))
    y = alt.Y("value:Q", title=words["value.chart_value"], scale=alt.Scale(zero=False))
    base = alt.Chart().encode(x=x, y=y)
    line = base.transform_filter(alt.datum.layer == "check_in").mark_line(
        point=True, color=VALUE_COLOUR).encode(tooltip=[
            alt.Tooltip("day:T", title=words["value.chart_day"], format=words["chart.date_format"]),
            alt.Tooltip("value:Q", title=words["value.chart_value"]),
            alt.Tooltip("confidence:N", title=words["value.confidence"]),
        ])
    target = base.transform_filter(alt.datum.layer == "target").mark_line(
        strokeDash=[6, 4], color=TARGET_COLOUR).encode(
        tooltip=[alt.Tooltip("value:Q", title=words["value.chart_target"])])
    ended_marks = base.transform_filter(alt.datum.layer == "ended").mark_point(
        shape="triangle-up", filled=True, size=90, color=ENDED_COLOUR).encode(tooltip=[
            alt.Tooltip("experiment:N", title=words["value.chart_experiment"]),
            alt.Tooltip("day:T", title=words["value.chart_day"],
                        format=words["chart.date_format"]),
        ])
    return (
        alt.layer(target, line, ended_marks, data=data)
        .properties(width=320, height=180)
        .facet(facet=alt.Facet("measure:N", title=None), columns=2)
        .resolve_scale(y="independent")
    )
