"""Download buttons: every table and chart offers its data as a safe CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alignment.export import csv_bytes


def download_csv(frame: pd.DataFrame, file_name: str, label: str = "Download data (CSV)") -> None:
    """A download button for ``frame`` as a spreadsheet-safe CSV file."""
    st.download_button(
        label, csv_bytes(frame), file_name=file_name, mime="text/csv",
        key=f"download_{file_name}", icon=":material/download:",
    )
