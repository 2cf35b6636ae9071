"""Database: look at any table as it is stored."""

import streamlit as st

from alignment import queries
from alignment.ui.context import page_context

ctx = page_context(__file__)

st.title("Database")
st.caption("Every table as stored, the first 1,000 rows.")

table = st.selectbox("Table", list(queries.TABLE_ROWS), key="table")
st.dataframe(ctx.q.table_rows(table), hide_index=True)
