"""Small reusable Streamlit pieces: KPI tiles and break lists."""

from __future__ import annotations

import pandas as pd
import streamlit as st


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
        counts.rename(columns={"break_type": "Break", "breaks": "Count",
                               "definition": "What it means"}),
        hide_index=True,
    )
    if breaks.empty:
        st.success("No breaks: every link in the chain holds.")
        return
    for row in counts[counts["breaks"] > 0].itertuples(index=False):
        found = breaks[breaks["break_type"] == row.break_type]
        with st.expander(f"{row.break_type} — {row.breaks}"):
            st.caption(row.definition)
            st.dataframe(
                found[["entity_id", "name", "detail"]],
                hide_index=True,
            )
