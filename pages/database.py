"""Database: look at any table as it is stored."""

import streamlit as st

from alignment import queries
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import data_table, num, t

ctx = page_context(__file__)

st.title(t("page.database"))
st.caption(t("database.caption"))

names = {name: f"{t(f'table.{name}')} ({name})" for name in queries.TABLE_ROWS}
table = st.selectbox(t("database.table"), list(names), format_func=names.get, key="table")
rows = ctx.cached(queries.table_rows, table)
size = ctx.cached(queries.table_size, table)
st.caption(t("database.showing", shown=num(len(rows)), total=num(size)))
data_table(rows)
download_csv(ctx.at_click(queries.table_rows, table, size), f"{table}.csv",
             t("database.download", rows=num(size)))
