"""Charts of the learning flow: the funnel, lead times, decisions per level, spread trees, and
the experiments per lens.

Each builder takes a frame already aggregated in DuckDB (a few dozen rows at most) and
returns an Altair chart, or DOT text for ``st.graphviz_chart``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from alignment.charts.words import Words, labels, title
from alignment.contract import EXPERIMENT_STATUSES, LEAN_LENSES
from alignment.metrics.learning import DECISION_SCOPE_ORDER, FUNNEL_STAGES

SCOPE_COLOURS = {
    "team": "#9ecae1",
    "product": "#4292c6",
    "portfolio": "#fd8d3c",
    "strategy": "#d94801",
    "unspecified": "#bdbdbd",
}
STATUS_COLOURS = {
    "idea": "#c6dbef",
    "running": "#6baed6",
    "done": "#2171b5",
    "stopped": "#bdbdbd",
}
TITLE_CHARS = 34


def _stage_labels(words: Words) -> dict[str, str]:
    """The funnel's stages in words: the statuses, then decided."""
    return {**labels(words, "enum.experiment_status", FUNNEL_STAGES[:-1]),
            "decided": title(words, "decided")}


def funnel_chart(stages: pd.DataFrame, words: Words) -> alt.Chart:
    """Horizontal bars idea → running → done → decided, each labelled with its share of ideas."""
    names = _stage_labels(words)
    data = stages.assign(
        stage=stages["stage"].map(names),
        label=[f"{n:,}" + ("" if share is None or pd.isna(share) else f" ({share:.0%})")
               for n, share in zip(stages["experiments"], stages["share_of_ideas"],
                                   strict=True)]
    )
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", sort=[names[s] for s in FUNNEL_STAGES], title=None),
        x=alt.X("experiments:Q", title=title(words, "experiments")),
        tooltip=[alt.Tooltip("stage:N", title=title(words, "stage")),
                 alt.Tooltip("experiments:Q", title=title(words, "experiments"), format=","),
                 alt.Tooltip("share_of_ideas:Q", title=title(words, "share_of_ideas"),
                                                              format=".0%"),
                 alt.Tooltip("share_of_previous:Q", title=title(words, "share_of_previous_stage"),
                             format=".0%")],
    )
    bars = base.mark_bar(color="#4292c6")
    labels = base.mark_text(align="left", dx=4).encode(text="label:N")
    return (bars + labels).properties(height=180)


def lead_time_histogram_chart(bins: pd.DataFrame, words: Words) -> alt.Chart:
    """Decisions per week of lead time (days from end to decision), the last bin open-ended."""
    return (
        alt.Chart(bins)
        .mark_bar(color="#4292c6")
        .encode(
            x=alt.X("days:N", sort=alt.EncodingSortField("bin"),
                    title=title(words, "days_from_end_to_decision"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("decisions:Q", title=title(words, "decisions")),
            tooltip=[alt.Tooltip("days:N", title=title(words, "days")),
                     alt.Tooltip("decisions:Q", title=title(words, "decisions"), format=",")],
        )
        .properties(height=260)
    )


def decisions_by_quarter_chart(decisions: pd.DataFrame, words: Words) -> alt.Chart:
    """Decisions per quarter stacked by the level they were taken at, team at the bottom."""
    scopes = [s for s in DECISION_SCOPE_ORDER
              if s != "unspecified" or (decisions["decision_scope"] == s).any()]
    names = {**labels(words, "enum.decision_scope", DECISION_SCOPE_ORDER[:-1]),
             "unspecified": title(words, "unspecified")}
    data = decisions.assign(
        level=decisions["decision_scope"].map({s: i for i, s in enumerate(scopes)}),
        decision_scope=decisions["decision_scope"].map(names),
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("quarter:N", title=title(words, "quarter_of_the_decision"),
                                              axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(decisions):Q", title=title(words, "decisions")),
            color=alt.Color("decision_scope:N", title=title(words, "decided_at"),
                            scale=alt.Scale(domain=[names[s] for s in scopes],
                                            range=[SCOPE_COLOURS[s] for s in scopes]),
                            sort=[names[s] for s in scopes]),
            order=alt.Order("level:Q", sort="ascending"),
            tooltip=[alt.Tooltip("quarter:N", title=title(words, "quarter")),
                     alt.Tooltip("decision_scope:N", title=title(words, "decided_at")),
                     alt.Tooltip("decisions:Q", title=title(words, "decisions"), format=",")],
        )
        .properties(height=280)
    )


def experiments_by_lens_chart(counts: pd.DataFrame, words: Words) -> alt.Chart:
    """Experiments per lean lens, stacked by status (``queries.filtered_experiment_counts``)."""
    lenses = labels(words, "enum.lean_lens", LEAN_LENSES)
    statuses = labels(words, "enum.experiment_status", EXPERIMENT_STATUSES)
    data = counts.assign(lean_lens=counts["lean_lens"].map(lenses),
                         status=counts["status"].map(statuses),
                         level=counts["status"].map(EXPERIMENT_STATUSES.index))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("lean_lens:N", sort=list(lenses.values()), title=title(words, "lean_lens")),
            x=alt.X("sum(experiments):Q", title=title(words, "experiments")),
            color=alt.Color("status:N", title=title(words, "status"),
                            scale=alt.Scale(domain=list(statuses.values()),
                                            range=[STATUS_COLOURS[s]
                                                   for s in EXPERIMENT_STATUSES])),
            order=alt.Order("level:Q"),
            tooltip=[alt.Tooltip("lean_lens:N", title=title(words, "lens")),
                     alt.Tooltip("status:N", title=title(words, "status")),
                     alt.Tooltip("experiments:Q", title=title(words, "experiments"), format=",")],
        )
        .properties(height=200)
    )


def _escaped(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def _quoted(text: object) -> str:
    """``text`` as a DOT double-quoted string (quotes and backslashes escaped)."""
    return '"' + _escaped(text) + '"'


def _label(*lines: str) -> str:
    """A quoted DOT label of several lines: DOT breaks a line at the two characters ``\\n``."""
    return '"' + "\\n".join(_escaped(line) for line in lines) + '"'


def _short(title: object) -> str:
    text = "" if title is None or (isinstance(title, float) and pd.isna(title)) else str(title)
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def spread_tree_dot(nodes: pd.DataFrame, root_id: str, words: Words) -> str:
    """DOT text of one adoption tree, left to right: the validated source, then each generation.

    ``nodes`` is ``queries.spread_tree_nodes``; edges are labelled with the days from the
    parent's end to the adopter's start, e.g. ``PAS-001 -> BRP-001 [label="+35 d"]``.
    """
    tree = nodes[nodes["root_id"] == root_id]
    lines = [
        "digraph spread {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=10,'
        ' fillcolor="#deebf7", color="#4292c6"];',
        '  edge [fontname="sans-serif", fontsize=9, color="#6b6b6b"];',
    ]
    for row in tree.itertuples(index=False):
        if row.generation == 0:
            detail = title(words, "validated_ended").format(day=pd.Timestamp(row.end_date))
            fill = "#c7e9c0"
        else:
            done = row.status == "done" and isinstance(row.result, str)
            status = row.result if done else row.status
            shown = words[f"enum.{'result' if done else 'experiment_status'}.{status}"]
            detail = title(words, "generation").format(generation=row.generation, status=shown)
            fill = "#c7e9c0" if status == "validated" else "#deebf7"
        label = _label(f"{row.experiment_id} · {row.team_id}", _short(row.title), detail)
        lines.append(f"  {_quoted(row.experiment_id)} [label={label},"
                     f" fillcolor={_quoted(fill)}];")
    for row in tree[tree["generation"] > 0].itertuples(index=False):
        days = row.days_after_parent_end
        label = "" if days is None or pd.isna(days) else f"{int(days):+d} d"
        lines.append(f"  {_quoted(row.parent_id)} -> {_quoted(row.experiment_id)}"
                     f" [label={_quoted(label)}];")
    lines.append("}")
    return "\n".join(lines)
