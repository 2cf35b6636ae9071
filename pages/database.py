"""Database: look at any table as it is stored."""

import streamlit as st

from alignment import queries
from alignment.ui.context import page_context
from alignment.ui.i18n import data_table, num, t

ctx = page_context(__file__)

st.title(t("page.database"))
st.caption(t("database.caption"))

names = {name: f"{t(f'table.{name}')} ({name})" for name in queries.TABLE_ROWS}
table = st.selectbox(t("database.table"), list(names), format_func=names.get, key="table")
rows = ctx.q.table_rows(table)
st.caption(t("database.showing", shown=num(len(rows)), total=num(ctx.q.table_size(table))))
data_table(rows)
