"""Download buttons: every table and chart offers its data as a safe CSV."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from alignment.export import csv_bytes
from alignment.ui.i18n import t


def download_csv(
    frame: pd.DataFrame | Callable[[], pd.DataFrame], file_name: str,
    label: str | None = None, delimiter: str = ",",
) -> None:
    """A download button for ``frame`` as a spreadsheet-safe CSV file, written on click.

    The CSV is built only when someone clicks, never on a rerun, so a page with a
    hundred thousand rows behind its buttons still renders at once. Pass a function
    returning the frame when even reading the rows should wait for the click.

    A click does not rerun the page (``on_click="ignore"``): a rerun that starts while
    the file is being written can drop the server's answer, and the button then spins
    for minutes with nothing downloaded. ``delimiter`` is ``;`` for a file meant for Dutch
    Excel, which opens a comma-separated one as a single column.
    """
    def data() -> bytes:
        return csv_bytes(frame() if callable(frame) else frame, delimiter)

    st.download_button(
        label or t("common.download_data"), data, file_name=file_name, mime="text/csv",
        key=f"download_{file_name}", icon=":material/download:", on_click="ignore",
    )
