"""Small reusable Streamlit pieces: KPI tiles and break lists."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alignment import metrics
from alignment.kpis import Kpi, shown, shown_change

TOP_BREAKS = 3


def percent(share: float | None) -> str:
    """A share 0–1 as a whole percentage, or an em dash when there is nothing to measure."""
    return "—" if share is None else f"{share:.0%}"


def count_tiles(counts: pd.DataFrame) -> None:
    """One metric tile per entity count (columns entity, rows)."""
    columns = st.columns(len(counts))
    for column, row in zip(columns, counts.itertuples(index=False), strict=True):
        column.metric(row.entity.capitalize(), f"{row.rows:,}")


def break_sections(counts: pd.DataFrame, breaks: pd.DataFrame) -> None:
    """A summary table of break counts, then one expandable list per break type found."""
    st.dataframe(
        counts.assign(break_type=counts["break_type"].map(metrics.break_label)).rename(
            columns={"break_type": "Break", "breaks": "Count", "definition": "What it means"}),
        hide_index=True,
    )
    if breaks.empty:
        st.success("No breaks: every link in the chain holds.")
        return
    for row in counts[counts["breaks"] > 0].itertuples(index=False):
        found = breaks[breaks["break_type"] == row.break_type]
        with st.expander(f"{metrics.break_label(row.break_type)} — {row.breaks}"):
            st.caption(row.definition)
            st.dataframe(
                found[["entity_id", "name", "detail"]],
                hide_index=True,
            )


def kpi_tiles(figures: list[Kpi], per_row: int = 3) -> None:
    """KPI tiles with their change against last quarter, a definition and a link to the page."""
    for start in range(0, len(figures), per_row):
        for column, kpi in zip(st.columns(per_row), figures[start:start + per_row], strict=False):
            with column.container(border=True):
                st.metric(kpi.label, shown(kpi.value, kpi.unit), shown_change(kpi),
                          delta_color=_delta_color(kpi),
                          help=f"A quarter earlier: {shown(kpi.previous, kpi.unit)}")
                with st.expander("How is this computed?"):
                    st.write(kpi.definition)
                st.page_link(kpi.page, label="Explained on its page", icon=":material/east:")


def _delta_color(kpi: Kpi) -> str:
    if not kpi.change:
        return "off"
    return "inverse" if kpi.lower_is_better else "normal"


def top_breaks(counts: pd.DataFrame, pages: dict[str, str]) -> None:
    """The most frequent break types, each linking to the page that explains it."""
    found = counts[counts["breaks"] > 0].sort_values("breaks", ascending=False, kind="stable")
    if found.empty:
        st.success("No breaks: every link in the chain holds.")
        return
    for row in found.head(TOP_BREAKS).itertuples(index=False):
        st.page_link(pages[row.break_type],
                     label=f"{metrics.break_label(row.break_type)}: {row.breaks} — "
                           f"{row.definition}",
                     icon=":material/link_off:")
