"""Small reusable Streamlit pieces: KPI tiles and break lists."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from alignment.kpis import Kpi, shown, shown_change
from alignment.ui.breaks import (
    break_count_label,
    break_definition,
    break_items,
    break_label,
    break_link,
)
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import current_language, num, pct, t
from alignment.ui.navigation import carried_params

TOP_BREAKS = 3


def percent(share: float | None) -> str:
    """A share 0–1 as a whole percentage, or an em dash when there is nothing to measure."""
    return pct(share)


def count_tiles(counts: pd.DataFrame) -> None:
    """One metric tile per entity count (columns entity, rows)."""
    columns = st.columns(len(counts))
    for column, row in zip(columns, counts.itertuples(index=False), strict=True):
        column.metric(t(f"entity.{row.entity}"), num(row.rows))


def cut_caption(key: str, total: int, shown: int) -> None:
    """The caption ``key`` ("showing {shown} of {total}…") when only ``shown`` of ``total``
    rows or teams are drawn; nothing when all of them are."""
    if total > shown:
        st.caption(t(key, shown=num(shown), total=num(total)))


def break_sections(counts: pd.DataFrame, by_type: dict[str, pd.DataFrame],
                   pages: dict[str, str],
                   every_row: Callable[[str], Callable[[], pd.DataFrame]]) -> None:
    """One expandable list per break type found ("Orphan experiment — 7"): what it means, a
    link to the page showing its items (``pages``), the first items and a download of all of
    them (``every_row(type)`` reads them on the click); then the types not found.

    ``by_type`` holds the first rows (entity_id, name, detail) of each type, as
    ``views.breaks_by_type`` gives them.
    """
    if not by_type:
        st.success(t("breaks.none"))
        return
    for row in counts[counts["breaks"] > 0].itertuples(index=False):
        listed = by_type[row.break_type]
        # lazy: a closed list costs a rerun nothing, however many breaks it holds
        section = st.expander(break_count_label(row.break_type, row.breaks),
                              key=f"breaks_{row.break_type}", on_change="rerun")
        if not section.open:
            continue
        with section:
            st.caption(break_definition(row.break_type))
            break_link(pages[row.break_type], row.break_type, t("breaks.open_items"))
            cut_caption("breaks.showing", row.breaks, len(listed))
            break_items(listed, row.break_type)
            download_csv(every_row(row.break_type), f"{row.break_type}.csv")
    absent = counts.loc[counts["breaks"] == 0, "break_type"]
    if len(absent):
        st.caption(t("breaks.not_found", kinds=", ".join(map(break_label, absent))))


def kpi_tiles(figures: list[Kpi], per_row: int = 3) -> None:
    """KPI tiles with their change against last quarter, what they count over, a definition
    and a link to the page."""
    lang = current_language()
    for start in range(0, len(figures), per_row):
        for column, kpi in zip(st.columns(per_row), figures[start:start + per_row], strict=False):
            with column.container(border=True):
                st.metric(t(kpi.key), shown(kpi.value, kpi.unit, lang), shown_change(kpi, lang),
                          delta_color=_delta_color(kpi),
                          help=t("kpi.quarter_earlier",
                                 value=shown(kpi.previous, kpi.unit, lang)))
                st.caption(kpi_window(kpi))
                with st.expander(t("common.how_computed")):
                    st.write(t(f"definition.{kpi.key.removeprefix('kpi.')}"))
                st.page_link(kpi.page, label=t("kpi.explained"), icon=":material/east:",
                             query_params=carried_params())


def kpi_window(kpi: Kpi) -> str:
    """What a tile counts over: its window, and whether the value stream and team filter it."""
    period = t(f"period.{kpi.window}")
    window = (t("kpi.window_period", period=period) if kpi.follows_period
              else t("kpi.window_fixed", period=period))
    return f"{window} · {t('kpi.filtered' if kpi.follows_filters else 'kpi.unfiltered')}"


def _delta_color(kpi: Kpi) -> str:
    if not kpi.change:
        return "off"
    return "inverse" if kpi.lower_is_better else "normal"


def top_breaks(counts: pd.DataFrame, pages: dict[str, str]) -> None:
    """The most frequent break types, each linking to the page that explains it."""
    found = counts[counts["breaks"] > 0].sort_values("breaks", ascending=False, kind="stable")
    if found.empty:
        st.success(t("breaks.none"))
        return
    for row in found.head(TOP_BREAKS).itertuples(index=False):
        break_link(pages[row.break_type], row.break_type,
                   f"{break_label(row.break_type)}: {num(row.breaks)} — "
                   f"{break_definition(row.break_type)}")
