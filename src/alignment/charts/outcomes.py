"""Charts of experiment outcomes: one experiment's baseline → target → observed as a bullet,
and the value proof's finished experiments placed by attainment and energy.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from alignment.charts.words import Words, labels
from alignment.contract import EVIDENCE_STRENGTHS, RESULTS
from alignment.metrics.value_proof import BETTER_ATTAINMENT, MORE_ENERGY, SHOWN_ATTAINMENT

RESULT_COLOURS = {"validated": "#41ab5d", "invalidated": "#d94801", "inconclusive": "#fd8d3c"}
RUNNING_COLOUR = "#6baed6"
EVIDENCE_SHAPES = {"weak": "triangle-up", "medium": "square", "strong": "circle"}
NOT_GIVEN = "not_given"  # evidence_strength left empty
# The latest finished experiments drawn as points; the tables count every one.
# the latest placed experiments the scatter draws: every point travels on every rerun
POINTS_CHARTED = 300
JITTER = 0.3
# the name Streamlit's chart element inserts the data given beside a spec into
BULLET_DATA = "source"  # energy is a whole score: points of one score are spread this far apart


def bullet_row(baseline: float, target: float, observed: float | None,
               result: str | None) -> pd.DataFrame:
    """The one row ``outcome_bullet_chart`` draws: the values, and the observed bar's colour
    (the result's; the running colour while nothing is observed or no result is given)."""
    seen = None if observed is None or pd.isna(observed) else float(observed)
    colour = RESULT_COLOURS.get(result or "", RUNNING_COLOUR) if seen is not None else None
    return pd.DataFrame([{"baseline": float(baseline), "target": float(target),
                          "observed": seen, "colour": colour or RUNNING_COLOUR}])


def outcome_bullet_chart(words: Words) -> alt.LayerChart:
    """A bullet for one experiment: the stretch from baseline to target as a pale band, the
    observed value as a bar from the baseline (coloured by result) and the target as a tick.

    The chart carries no values, only the name of its one source: every card draws it with
    its own ``bullet_row``, so the spec is built once per language however many cards.
    """
    scale = alt.Scale(zero=False, nice=False, padding=12)
    tooltip = [alt.Tooltip("baseline:Q", title=words["outcome_chart.baseline"]),
               alt.Tooltip("target:Q", title=words["outcome_chart.target"]),
               alt.Tooltip("observed:Q", title=words["outcome_chart.observed"])]
    band = alt.Chart().mark_bar(color="#deebf7", height=22).encode(
        x=alt.X("baseline:Q", scale=scale, title=None, axis=alt.Axis(tickCount=4)),
        x2="target:Q", tooltip=tooltip)
    observed = alt.Chart().mark_bar(height=9).encode(
        x=alt.X("baseline:Q", scale=scale), x2="observed:Q", tooltip=tooltip,
        color=alt.Color("colour:N", scale=None, legend=None))
    tick = alt.Chart().mark_tick(color="#252525", thickness=3, size=26).encode(
        x=alt.X("target:Q", scale=scale), tooltip=tooltip)
    # one named source, no values: the face hands each card's row in as that source
    return alt.layer(band, observed, tick,
                     data=alt.NamedData(name=BULLET_DATA)).properties(height=40)


def value_proof_chart(points: pd.DataFrame, words: Words,
                      most: int = POINTS_CHARTED) -> alt.LayerChart:
    """Finished experiments placed by shown attainment (x) and energy (y), coloured by result
    and shaped by evidence strength, with the better-and-more-energy corner marked.

    ``points`` is ``metrics.outcome_points``; of those placed the ``most`` latest are drawn.
    """
    placed = points[points["placed"]].head(most)
    results = labels(words, "enum.result", RESULTS)
    evidence = {**labels(words, "enum.evidence_strength", EVIDENCE_STRENGTHS),
                NOT_GIVEN: words["outcome_chart.evidence_not_given"]}
    # a steady spread of each score's points, so equal scores do not hide one another
    offsets = [((i * 7) % 11 - 5) / 5 * JITTER for i in range(len(placed))]
    data = pd.DataFrame({
        "experiment_id": placed["experiment_id"], "title": placed["title"],
        "team_name": placed["team_name"].fillna(placed["team_id"]),
        "attainment": placed["attainment"], "shown": placed["shown_attainment"],
        "energy": placed["energy"].astype(float),
        "placed_energy": placed["energy"].astype(float) + offsets,
        "result": placed["result"].map(results),
        "evidence": placed["evidence_strength"].fillna(NOT_GIVEN).map(evidence),
    })
    low, high = SHOWN_ATTAINMENT
    corner = alt.Chart(pd.DataFrame([{"x": BETTER_ATTAINMENT, "x2": high + 0.05,
                                      "y": MORE_ENERGY - JITTER - 0.1, "y2": 5.5,
                                      "label": words["outcome_chart.corner"]}]))
    area = corner.mark_rect(color="#c7e9c0", opacity=0.45).encode(
        x=alt.X("x:Q"), x2="x2:Q", y=alt.Y("y:Q"), y2="y2:Q")
    name = corner.mark_text(align="right", baseline="top", dx=-4, dy=4, color="#238b45",
                            fontWeight="bold").encode(x="x2:Q", y="y2:Q", text="label:N")
    dots = alt.Chart(data).mark_point(filled=True, size=80, opacity=0.85).encode(
        x=alt.X("shown:Q", title=words["outcome_chart.attainment"],
                scale=alt.Scale(domain=[low - 0.05, high + 0.05], nice=False),
                axis=alt.Axis(format="%")),
        y=alt.Y("placed_energy:Q", title=words["outcome_chart.energy"],
                scale=alt.Scale(domain=[0.5, 5.5], nice=False),
                axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d")),
        color=alt.Color("result:N", title=words["outcome_chart.result"],
                        scale=alt.Scale(domain=[results[r] for r in RESULTS],
                                        range=[RESULT_COLOURS[r] for r in RESULTS])),
        shape=alt.Shape("evidence:N", title=words["outcome_chart.evidence"],
                        scale=alt.Scale(domain=[evidence[e] for e in EVIDENCE_SHAPES]
                                        + [evidence[NOT_GIVEN]],
                                        range=[*EVIDENCE_SHAPES.values(), "cross"])),
        tooltip=[alt.Tooltip("experiment_id:N", title=words["outcome_chart.experiment"]),
                 alt.Tooltip("title:N", title=words["outcome_chart.title"]),
                 alt.Tooltip("team_name:N", title=words["outcome_chart.team"]),
                 alt.Tooltip("attainment:Q", title=words["outcome_chart.attainment"], format=".0%"),
                 alt.Tooltip("energy:Q", title=words["outcome_chart.energy"], format="d"),
                 alt.Tooltip("result:N", title=words["outcome_chart.result"]),
                 alt.Tooltip("evidence:N", title=words["outcome_chart.evidence"])],
    )
    target = alt.Chart(pd.DataFrame([{"x": BETTER_ATTAINMENT}])).mark_rule(
        strokeDash=[4, 3], color="#737373").encode(x="x:Q")
    return alt.layer(area, target, dots, name).properties(height=380)
