"""Charts of the learning flow: the funnel, lead times, decisions per level, spread trees, and
the experiments per lens.

Each builder takes a frame already aggregated in DuckDB (a few dozen rows at most) and
returns an Altair chart, or DOT text for ``st.graphviz_chart``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from alignment.contract import EXPERIMENT_STATUSES, LEAN_LENSES
from alignment.i18n import translate
from alignment.metrics.learning import DECISION_SCOPE_ORDER, FUNNEL_STAGES


def _title(lang: str, key: str) -> str:
    """A chart, axis or legend title in ``lang`` (``chart.<key>``)."""
    return translate(lang, f"chart.{key}")


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


def funnel_chart(stages: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Horizontal bars idea → running → done → decided, each labelled with its share of ideas."""
    data = stages.assign(
        label=[f"{n:,}" + ("" if share is None or pd.isna(share) else f" ({share:.0%})")
               for n, share in zip(stages["experiments"], stages["share_of_ideas"],
                                   strict=True)]
    )
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", sort=list(FUNNEL_STAGES), title=None),
        x=alt.X("experiments:Q", title=_title(lang, "experiments")),
        tooltip=[alt.Tooltip("stage:N", title=_title(lang, "stage")),
                 alt.Tooltip("experiments:Q", title=_title(lang, "experiments"), format=","),
                 alt.Tooltip("share_of_ideas:Q", title=_title(lang, "share_of_ideas"),
                                                              format=".0%"),
                 alt.Tooltip("share_of_previous:Q", title=_title(lang, "share_of_previous_stage"),
                             format=".0%")],
    )
    bars = base.mark_bar(color="#4292c6")
    labels = base.mark_text(align="left", dx=4).encode(text="label:N")
    return (bars + labels).properties(height=180)


def lead_time_histogram_chart(bins: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Decisions per week of lead time (days from end to decision), the last bin open-ended."""
    return (
        alt.Chart(bins)
        .mark_bar(color="#4292c6")
        .encode(
            x=alt.X("days:N", sort=alt.EncodingSortField("bin"),
                    title=_title(lang, "days_from_end_to_decision"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("decisions:Q", title=_title(lang, "decisions")),
            tooltip=[alt.Tooltip("days:N", title=_title(lang, "days")),
                     alt.Tooltip("decisions:Q", title=_title(lang, "decisions"), format=",")],
        )
        .properties(height=260)
    )


def decisions_by_quarter_chart(decisions: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Decisions per quarter stacked by the level they were taken at, team at the bottom."""
    scopes = [s for s in DECISION_SCOPE_ORDER
              if s != "unspecified" or (decisions["decision_scope"] == s).any()]
    data = decisions.assign(
        level=decisions["decision_scope"].map({s: i for i, s in enumerate(scopes)})
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("quarter:N", title=_title(lang, "quarter_of_the_decision"),
                                              axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(decisions):Q", title=_title(lang, "decisions")),
            color=alt.Color("decision_scope:N", title=_title(lang, "decided_at"),
                            scale=alt.Scale(domain=scopes,
                                            range=[SCOPE_COLOURS[s] for s in scopes]),
                            sort=scopes),
            order=alt.Order("level:Q", sort="ascending"),
            tooltip=[alt.Tooltip("quarter:N", title=_title(lang, "quarter")),
                     alt.Tooltip("decision_scope:N", title=_title(lang, "decided_at")),
                     alt.Tooltip("decisions:Q", title=_title(lang, "decisions"), format=",")],
        )
        .properties(height=280)
    )


def experiments_by_lens_chart(counts: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Experiments per lean lens, stacked by status (``queries.filtered_experiment_counts``)."""
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("lean_lens:N", sort=list(LEAN_LENSES), title=_title(lang, "lean_lens")),
            x=alt.X("sum(experiments):Q", title=_title(lang, "experiments")),
            color=alt.Color("status:N", title=_title(lang, "status"),
                            scale=alt.Scale(domain=list(EXPERIMENT_STATUSES),
                                            range=[STATUS_COLOURS[s]
                                                   for s in EXPERIMENT_STATUSES])),
            order=alt.Order("status:N"),
            tooltip=[alt.Tooltip("lean_lens:N", title=_title(lang, "lens")),
                     alt.Tooltip("status:N", title=_title(lang, "status")),
                     alt.Tooltip("experiments:Q", title=_title(lang, "experiments"), format=",")],
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


def spread_tree_dot(nodes: pd.DataFrame, root_id: str) -> str:
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
            detail = f"validated, ended {pd.Timestamp(row.end_date):%Y-%m-%d}"
            fill = "#c7e9c0"
        else:
            status = row.result if row.status == "done" and isinstance(row.result, str) \
                else row.status
            detail = f"generation {row.generation} · {status}"
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
