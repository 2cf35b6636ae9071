"""Database: look at any table as it is stored."""

import streamlit as st

from alignment import queries
from alignment.ui.context import page_context

ctx = page_context(__file__)

st.title("Database")
st.caption("Every table as stored.")

table = st.selectbox("Table", list(queries.TABLE_ROWS), key="table")
rows = ctx.q.table_rows(table)
st.caption(f"Showing {len(rows):,} of {ctx.q.table_size(table):,} rows.")
st.dataframe(rows, hide_index=True)
