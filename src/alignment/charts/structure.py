"""Charts of the structure pages: the cascade and team network as Graphviz DOT, the rest Altair.

Vega-Lite has no tree or network layout, so the two diagrams are built as node and edge
tables (downloadable, tested) and rendered to DOT text that ``st.graphviz_chart`` draws
in the browser without the graphviz package. Every builder takes already-aggregated frames.
"""

from __future__ import annotations

import textwrap
from urllib.parse import quote

import altair as alt
import pandas as pd

from alignment import contract
from alignment.charts.reflection import TEAMS_CHARTED
from alignment.charts.words import Words, counted, labels, title

NODE_COLUMNS = ["node_id", "label", "layer", "state"]
EDGE_COLUMNS = ["source", "target", "kind", "label", "broken"]

# Left to right: the vertical chain from strategy down to the Gemba.
CASCADE_LAYERS = ("ambition", "goal", "objective", "product", "team", "experiments")

RED = "#c62828"
PALE_RED = "#fde2e1"
LAYER_FILLS = {
    "ambition": "#cfe0f1", "goal": "#e3eef8", "objective": "#f1f6fb",
    "product": "#e4f2e4", "team": "#fcefd8", "experiments": "#f2f2f2",
}
EDGE_STYLES = {
    "parent": 'color="#607d8b"',
    "contributes": 'color="#1f4e79", penwidth=1.6',
    "supports": 'color="#90a4ae"',
    "owner": 'color="#1f4e79", penwidth=1.6',
    "contributor": 'color="#90a4ae"',
    "unlinked": 'color="#90a4ae", style=dotted',
    "work": 'color="#90a4ae"',
}
BROKEN_EDGE = f'color="{RED}", fontcolor="{RED}", style=dashed, penwidth=1.6'
NODE_STATES = {
    "ok": "",
    "warning": f'color="{RED}", penwidth=2.2',
    "broken": f'color="{RED}", fillcolor="{PALE_RED}", penwidth=1.6',
    "missing": (f'color="{RED}", fontcolor="{RED}", fillcolor="white", '
                'style="rounded,dashed,filled"'),
}
STREAM_FILLS = ("#e3eef8", "#e4f2e4", "#fcefd8", "#efe4f5", "#e0f2f1", "#fbe9e7", "#f5f5dc")


# Boxes wrap their text short: the cascade's six columns then fit a page's width at a
# readable size (about 14 px at 1400 px wide) instead of being scaled down to 8 px.
WRAP = 16


def _text(value: object, width: int = WRAP) -> str:
    """``value`` as a DOT label: quotes and backslashes escaped, wrapped into lines (long
    words kept whole)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return "\\n".join(textwrap.wrap(text, width, break_long_words=False)) or " "


def _nodes(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=NODE_COLUMNS).drop_duplicates("node_id")


def _edges(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    frame["broken"] = frame["broken"].astype(bool)
    return frame


# Value breaks mark a goal's box as a warning, as a goal without recent experiment does.
WARNING_GOAL_BREAKS = {"goal_without_experiment", "goal_without_measure", "stale_measure",
                       "busy_without_value", "value_without_learning"}
TREND_ARROWS = {"up": "↑", "flat": "→", "down": "↓"}


def _progress_line(row: tuple, words: Words) -> str:
    """A goal box's progress line (``progress 70% ↑``), empty when nothing is measured."""
    progress, trend = row
    if progress is None or pd.isna(progress):
        return ""
    return "\\n" + words["value.chart_progress_label"].format(
        pct=round(progress * 100), trend=TREND_ARROWS.get(trend, "")).strip()


def cascade_graph(goals: pd.DataFrame, goal_links: pd.DataFrame, products: pd.DataFrame,
                  team_work: pd.DataFrame, breaks: pd.DataFrame,
                  broken_by_team: pd.DataFrame, words: Words,
                  progress: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cascade as (nodes, edges): goal → product → team → experiments, breaks marked.

    ``progress`` (goal_id, progress, trend: ``views.goal_values``' goals) adds each goal's
    progress and trend under its title.

    ``goals``, ``goal_links``, ``products``, ``team_work`` come from the cascade queries,
    ``breaks`` from ``metrics.breaks_in_view`` and ``broken_by_team`` from
    ``metrics.broken_experiments_by_team``. Missing links become red placeholder nodes
    (state 'missing') joined by broken edges, e.g. a goal no product serves gets
    ``goal:G2 → no-product:goal:G2`` labelled 'no product' (in ``words``).
    """
    # experiment breaks are drawn per team (broken_by_team); only the boxes' own count here
    boxed = breaks[breaks["entity"] != "experiment"]
    kinds = boxed.groupby("entity_id")["break_type"].agg(set).to_dict() if len(boxed) else {}
    node_rows: list[tuple] = []
    edge_rows: list[tuple] = []
    goal_ids = set(goals["goal_id"])
    measured = ({} if progress is None else
                dict(zip(progress["goal_id"], zip(progress["progress"], progress["trend"],
                                                  strict=True), strict=True)))
    for g in goals.itertuples(index=False):
        found = kinds.get(g.goal_id, set())
        state = ("broken" if "goal_without_product" in found
                 else "warning" if found & WARNING_GOAL_BREAKS else "ok")
        line = _progress_line(measured[g.goal_id], words) if g.goal_id in measured else ""
        node_rows.append((f"goal:{g.goal_id}", f"{g.goal_id}\\n{_text(g.title)}{line}", g.level,
                          state))
        if isinstance(g.parent_goal_id, str) and g.parent_goal_id in goal_ids:
            edge_rows.append((f"goal:{g.parent_goal_id}", f"goal:{g.goal_id}", "parent", "",
                              False))
        if "goal_without_product" in found:
            node_rows.append((f"no-product:goal:{g.goal_id}", title(words, "no_product"),
                              "product", "missing"))
            edge_rows.append((f"goal:{g.goal_id}", f"no-product:goal:{g.goal_id}", "missing",
                              "", True))
    product_ids = set(products["product_id"])
    for p in products.itertuples(index=False):
        found = kinds.get(p.product_id, set())
        state = "broken" if found else "ok"
        lifecycle = words[f"enum.lifecycle.{p.lifecycle}"]
        node_rows.append((f"product:{p.product_id}", f"{_text(p.name)}\\n({lifecycle})",
                          "product", state))
        if "product_without_goal" in found:
            node_rows.append((f"no-goal:{p.product_id}", title(words, "no_goal"), "objective",
                              "missing"))
            edge_rows.append((f"no-goal:{p.product_id}", f"product:{p.product_id}", "missing",
                              "", True))
        if "product_without_owner" in found:
            node_rows.append((f"no-owner:{p.product_id}", title(words, "no_owner"), "team",
                              "missing"))
            edge_rows.append((f"product:{p.product_id}", f"no-owner:{p.product_id}", "missing",
                              "", True))
    for link in goal_links.itertuples(index=False):
        if link.goal_id in goal_ids and link.product_id in product_ids:
            edge_rows.append((f"goal:{link.goal_id}", f"product:{link.product_id}",
                              link.link_type, "", False))
    for team_id, rows in team_work.groupby("team_id", sort=True):
        found = kinds.get(team_id, set())
        node_rows.append((f"team:{team_id}", _text(rows["name"].iloc[0]), "team",
                          "broken" if "team_without_product" in found else "ok"))
        if "team_without_product" in found:
            node_rows.append((f"no-product:team:{team_id}", title(words, "no_product"),
                              "product", "missing"))
            edge_rows.append((f"no-product:team:{team_id}", f"team:{team_id}", "missing", "",
                              True))
        for w in rows.itertuples(index=False):
            if not isinstance(w.product_id, str) or w.product_id not in product_ids:
                continue
            several = "product_with_several_owners" in kinds.get(w.product_id, set())
            role = w.role if isinstance(w.role, str) else "unlinked"
            edge_rows.append((f"product:{w.product_id}", f"team:{team_id}", role,
                              str(w.experiments) if w.experiments else "",
                              several and role == "owner"))
        total, running, done = (int(rows[c].sum()) for c in ("experiments", "running", "done"))
        if total:
            node_rows.append((f"work:{team_id}",
                              counted(words, "experiments", total) + "\\n"
                              + title(words, "running_done").format(running=running, done=done),
                              "experiments", "ok"))
            edge_rows.append((f"team:{team_id}", f"work:{team_id}", "work", "", False))
    teams_drawn = {f"team:{team_id}" for team_id in team_work["team_id"]}
    for b in broken_by_team.itertuples(index=False):
        if f"team:{b.team_id}" not in teams_drawn:
            continue
        parts = [counted(words, "orphans", int(b.orphan_experiments)),
                 title(words, "misaligned").format(n=int(b.misaligned_experiments))]
        node_rows.append((f"off-chain:{b.team_id}",
                          title(words, "off_the_chain") + "\\n" + " · ".join(parts),
                          "experiments", "broken"))
        edge_rows.append((f"team:{b.team_id}", f"off-chain:{b.team_id}", "missing", "", True))
    return _nodes(node_rows), _edges(edge_rows)


def _node_line(node_id: str, label: str, style: str) -> str:
    extra = f", {style}" if style else ""
    return f'  "{node_id}" [label="{label}"{extra}];'


def cascade_dot(nodes: pd.DataFrame, edges: pd.DataFrame, goal_href: str | None = None) -> str:
    """DOT text of the cascade: one column per layer, broken links red and dashed.

    With ``goal_href`` (a URL ending in ``goal=``), each goal box is a link to it followed
    by the goal's id: a click opens that goal up close.
    """
    lines = [
        "digraph cascade {",
        '  graph [rankdir=LR, ranksep=0.35, nodesep=0.1, fontname="Helvetica", '
        'bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=14, '
        'color="#78909c", margin="0.1,0.05"];',
        '  edge [fontname="Helvetica", fontsize=12, arrowsize=0.6];',
    ]
    for layer in CASCADE_LAYERS:
        members = nodes[nodes["layer"] == layer]
        if members.empty:
            continue
        lines.append("  { rank=same;")
        for n in members.itertuples(index=False):
            fill = f'fillcolor="{LAYER_FILLS[layer]}"'
            state = NODE_STATES[n.state]
            style = state if "fillcolor" in state else ", ".join(s for s in (fill, state) if s)
            if goal_href is not None and n.node_id.startswith("goal:"):
                url = goal_href + quote(n.node_id.removeprefix("goal:"), safe="")
                style += f', URL="{url}", target="_self"'
            lines.append("  " + _node_line(n.node_id, n.label, style))
        lines.append("  }")
    for e in edges.itertuples(index=False):
        style = BROKEN_EDGE if e.broken or e.kind == "missing" else EDGE_STYLES[e.kind]
        label = f', label="{e.label}"' if e.label else ""
        lines.append(f'  "{e.source}" -> "{e.target}" [{style}{label}];')
    lines.append("}")
    return "\n".join(lines)


def cascade_edge_table(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The cascade's edges with readable ends, for the download: from, to, link, count, broken."""
    names = dict(zip(nodes["node_id"], nodes["label"].str.replace("\\n", " ", regex=False),
                     strict=True))
    return pd.DataFrame({
        "from": edges["source"].map(names), "to": edges["target"].map(names),
        "link": edges["kind"], "experiments": edges["label"], "broken": edges["broken"],
        "from_id": edges["source"], "to_id": edges["target"],
    })


def team_network_dot(teams: pd.DataFrame, edges: pd.DataFrame, words: Words) -> str:
    """DOT text of the undirected team network: line width grows with shared experiments,
    pairs linked by hand-overs only dashed, isolated teams (no shared experiment) outlined red
    and dashed.

    ``teams`` is ``queries.team_collaboration``; ``edges`` is
    ``metrics.links_with_hand_overs``.
    """
    streams = sorted({s for s in teams["value_stream"] if isinstance(s, str)})
    fills = {s: STREAM_FILLS[i % len(STREAM_FILLS)] for i, s in enumerate(streams)}
    lines = [
        "graph teams {",
        '  graph [layout=neato, overlap=false, splines=true, sep="+12", '
        'fontname="Helvetica", bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, '
        'color="#78909c"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#546e7a"];',
    ]
    for t in teams.itertuples(index=False):
        fill = fills.get(t.value_stream, "#f2f2f2")
        label = _text(t.name, 20) + "\\n" + counted(words, "experiments", int(t.experiments))
        style = f'fillcolor="{fill}"'
        if t.shared_experiments == 0:
            style += f', color="{RED}", fontcolor="{RED}", style="rounded,dashed,filled"'
        lines.append(_node_line(t.team_id, label, style))
    known = set(teams["team_id"])
    for e in edges.itertuples(index=False):
        if e.team_a in known and e.team_b in known:
            lines.append(_network_edge_line(e))
    lines.append("}")
    return "\n".join(lines)


def _network_edge_line(e) -> str:
    """One pair of the network: a solid line for shared experiments, its width growing with
    them; dashed for actions handed over only; the label counts both (hand-overs after ↪)."""
    shared, handed = int(e.shared_experiments), int(e.handed_actions)
    width = min(1.0 + 1.5 * (max(shared, 1) - 1), 9.0)
    label = " ".join(([str(shared)] if shared else []) + ([f"↪{handed}"] if handed else []))
    style = "" if shared else ', style="dashed"'
    return f'  "{e.team_a}" -- "{e.team_b}" [penwidth={width:g}, label="{label}"{style}];'


def network_edge_table(teams: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The network's edges with team names, for the download."""
    names = dict(zip(teams["team_id"], teams["name"], strict=True))
    return edges.assign(name_a=edges["team_a"].map(names), name_b=edges["team_b"].map(names))[
        ["team_a", "name_a", "team_b", "name_b", "shared_experiments", "handed_actions"]]


# --- Altair ---------------------------------------------------------------------------------

LINK_COLOURS = {"contributes": "#1f4e79", "supports": "#8db3d9", "none": "#f4f4f4"}
SIGNAL_COLOURS = {"thrash": RED, "stagnation": "#ef6c00", "thrash and stagnation": "#6a1b9a",
                  "balanced": "#2e7d32", "no target": "#90a4ae"}


def _link_types(words: Words) -> dict[str, str]:
    """The link types of the goal × product matrix in words; ``none`` for no link."""
    return {**labels(words, "enum.link_type", contract.LINK_TYPES), "none": title(words, "no_link")}


def goal_product_heatmap(matrix: pd.DataFrame, words: Words) -> alt.Chart:
    """Goals × products coloured by link type (contributes, supports, none).

    Only the linked cells travel to the browser, drawn over a background in the colour of
    "no link"; every goal and product of ``matrix`` keeps its row and column through the axes'
    domains. At 300 products the full matrix is ~12,000 cells, sent on every rerun.
    """
    links = _link_types(words)
    labelled = matrix.assign(goal_label=matrix["goal_id"] + " " + matrix["goal"],
                             link_type=matrix["link_type"].map(links))
    data = labelled[matrix["link_type"] != "none"][
        ["goal_label", "product", "link_type", "weight"]]
    x = alt.X("product:N", title=title(words, "product"),
              scale=alt.Scale(domain=sorted(labelled["product"].unique())),
              axis=alt.Axis(labelAngle=-45, labelOverlap=False, labelLimit=180))
    y = alt.Y("goal_label:N", title=None,
              scale=alt.Scale(domain=sorted(labelled["goal_label"].unique())),
              axis=alt.Axis(labelLimit=320))
    background = alt.Chart(pd.DataFrame([{}])).mark_rect(color=LINK_COLOURS["none"]).encode(
        x=alt.value(0), x2=alt.value("width"), y=alt.value(0), y2=alt.value("height"))
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y,
        color=alt.Color("link_type:N", title=title(words, "link"),
                        scale=alt.Scale(domain=[links[k] for k in LINK_COLOURS],
                                        range=list(LINK_COLOURS.values()))),
        tooltip=[alt.Tooltip("goal_label:N", title=title(words, "goal")),
                 alt.Tooltip("product:N", title=title(words, "product")),
                 alt.Tooltip("link_type:N", title=title(words, "link")),
                 alt.Tooltip("weight:Q", title=title(words, "weight"))],
    )
    return (alt.layer(background, cells, title=title(words, "which_product_serves_which_goal"))
            .properties(width=alt.Step(30), height=alt.Step(22)))


def balance_chart(balance: pd.DataFrame, words: Words) -> alt.Chart:
    """Per product: the explore target as a grey bar, the running share as a dot coloured by
    its signal (thrash, stagnation, balanced)."""
    signals = {signal: words[f"signal.{signal.replace(' ', '_')}"] for signal in SIGNAL_COLOURS}
    lifecycles = labels(words, "enum.lifecycle", contract.LIFECYCLES)
    data = balance[["name", "lifecycle", "explore_target_pct", "running_share", "target_share",
                    "experiments", "running", "signal"]].copy()
    data["product"] = data["name"] + " (" + data["lifecycle"].map(lifecycles) + ")"
    data["signal"] = data["signal"].map(signals)
    product = alt.Tooltip("product:N", title=title(words, "product"))
    base = alt.Chart(data, title=title(words, "running_share_against_the_explore_target")).encode(
        y=alt.Y("product:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)))
    target = base.mark_bar(color="#cfd8dc", height=14).encode(
        x=alt.X("target_share:Q", title=title(words, "share_of_the_product_s_experiments"),
                axis=alt.Axis(format="%")),
        tooltip=[product, alt.Tooltip("target_share:Q", format=".0%",
                                      title=title(words, "explore_target"))],
    )
    share = base.mark_point(filled=True, size=120).encode(
        x="running_share:Q",
        color=alt.Color("signal:N", title=title(words, "signal"),
                        scale=alt.Scale(domain=list(signals.values()),
                                        range=list(SIGNAL_COLOURS.values()))),
        tooltip=[product,
                 alt.Tooltip("running_share:Q", format=".0%", title=title(words, "running_share")),
                 alt.Tooltip("running:Q", title=title(words, "running")),
                 alt.Tooltip("experiments:Q", title=title(words, "experiments")),
                 alt.Tooltip("signal:N", title=title(words, "signal"))],
    )
    return alt.layer(target, share)


def _dark_from(counts: pd.DataFrame) -> float:
    """The count from which a heat-map cell is dark enough to need white text."""
    return max(2.0, 0.6 * float(counts["experiments"].max()))


def lens_heatmap(lens_counts: pd.DataFrame, words: Words) -> alt.Chart:
    """Products × lean lens, experiments per cell; a 0 is shaded red, so gaps stand out."""
    lenses = labels(words, "enum.lean_lens", contract.LEAN_LENSES)
    data = lens_counts[["name", "lean_lens", "experiments"]].assign(
        lean_lens=lens_counts["lean_lens"].map(lenses))
    base = alt.Chart(data, title=title(words, "where_nobody_experiments")).encode(
        x=alt.X("lean_lens:N", title=title(words, "lean_lens"), sort=list(lenses.values()),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("name:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.when(alt.datum.experiments == 0)
        .then(alt.value(PALE_RED))
        .otherwise(alt.Color("experiments:Q", title=title(words, "experiments"),
                             scale=alt.Scale(scheme="blues"))),
        tooltip=[alt.Tooltip("name:N", title=title(words, "product")),
                 alt.Tooltip("lean_lens:N", title=title(words, "lens")),
                 alt.Tooltip("experiments:Q", title=title(words, "experiments"))],
    )
    counts = base.mark_text(fontSize=11).encode(
        text="experiments:Q",
        color=alt.when(alt.datum.experiments == 0).then(alt.value(RED))
        .when(alt.datum.experiments >= _dark_from(data)).then(alt.value("white"))
        .otherwise(alt.value("#263238")),
    )
    return alt.layer(cells, counts)


def charted_disciplines(team_disciplines: pd.DataFrame,
                        most: int = TEAMS_CHARTED) -> pd.DataFrame:
    """The rows of ``queries.team_disciplines`` the heatmap draws: those of the ``most``
    teams with the most experiments."""
    totals = team_disciplines.groupby("name")["experiments"].sum()
    busiest = totals.sort_values(ascending=False, kind="stable").head(most).index
    return team_disciplines.loc[team_disciplines["name"].isin(busiest),
                                ["name", "discipline", "declared", "experiments"]]


def discipline_heatmap(team_disciplines: pd.DataFrame, words: Words,
                       most: int = TEAMS_CHARTED) -> alt.Chart:
    """Teams × discipline, experiments per cell; the team's own disciplines outlined.

    Of many teams, the ``most`` with the most experiments get a row (`charted_disciplines`).
    """
    disciplines = labels(words, "discipline", contract.DISCIPLINES)
    data = charted_disciplines(team_disciplines, most)
    # a discipline outside the contract's list is kept (a warning on upload) and shown as is
    data = data.assign(discipline=data["discipline"].map(lambda d: disciplines.get(d, d)),
                       own=data["declared"].map({True: words["common.yes"], False: ""}))
    base = alt.Chart(data, title=title(words, "disciplines_per_team")).encode(
        x=alt.X("discipline:N", title=title(words, "discipline"), axis=alt.Axis(labelAngle=0),
                sort=list(disciplines.values())),
        y=alt.Y("name:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect(strokeWidth=2).encode(
        color=alt.Color("experiments:Q", title=title(words, "experiments"),
                                                      scale=alt.Scale(scheme="greens")),
        stroke=alt.when(alt.datum.declared).then(alt.value("#263238"))
        .otherwise(alt.value("white")),
        tooltip=[alt.Tooltip("name:N", title=title(words, "team")),
                 alt.Tooltip("discipline:N", title=title(words, "discipline")),
                 alt.Tooltip("own:N", title=title(words, "declared")),
                 alt.Tooltip("experiments:Q", title=title(words, "experiments"))],
    )
    counts = base.mark_text(fontSize=11).encode(
        text="experiments:Q",
        color=alt.when(alt.datum.experiments >= _dark_from(data)).then(alt.value("white"))
        .otherwise(alt.value("#263238")),
    )
    return alt.layer(cells, counts)


# the shares of ``metrics.collaboration_shares`` drawn, with the key of their name
SHARES = {"collaboration_index": "chart.collaboration_index",
          "cross_team_share": "chart.cross_team",
          "cross_discipline_share": "chart.cross_discipline"}


def collaboration_trend_chart(shares: pd.DataFrame, words: Words) -> alt.Chart:
    """The collaboration index and the cross-team / cross-discipline shares per quarter."""
    names = {share: words[key] for share, key in SHARES.items()}
    long = shares.melt(id_vars=["quarter", "experiments"], value_vars=list(SHARES),
                       var_name="measure", value_name="share").dropna(subset=["share"])
    long["measure"] = long["measure"].map(names)
    long["share"] = long["share"].astype(float)
    return (
        alt.Chart(long, title=title(words, "collaboration_per_quarter"))
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=title(words, "quarter"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", title=title(words, "share_of_experiments"),
                                            axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("measure:N", title=None, sort=list(names.values())),
            tooltip=[alt.Tooltip("quarter:O", title=title(words, "quarter")),
                     alt.Tooltip("measure:N", title=title(words, "measure")),
                     alt.Tooltip("share:Q", format=".0%", title=title(words, "share")),
                     alt.Tooltip("experiments:Q", title=title(words, "experiments"))],
        )
    )
