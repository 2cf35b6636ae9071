"""Reference data: goals, products, teams and their links, uploaded through the same checks."""

import streamlit as st

from alignment import contract
from alignment.ui.context import page_context
from alignment.ui.upload import templates, upload_flow

ctx = page_context(__file__)

st.title("Reference data")
st.caption("Load in this order so every reference exists: goals, products, product links, "
           "teams, team links. Rows are added or updated, never deleted.")

kind = st.radio("File", contract.REFERENCE_KINDS, horizontal=True, key="kind")
templates(kind)
upload_flow(ctx, kind)
