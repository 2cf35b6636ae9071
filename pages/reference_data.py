"""Reference data: goals, products, teams and their links, uploaded through the same checks."""

import streamlit as st

from alignment import contract
from alignment.ui.context import page_context
from alignment.ui.i18n import t
from alignment.ui.upload import templates, upload_flow

ctx = page_context(__file__)

st.title(t("page.reference_data"))
st.caption(t("reference.caption"))

kinds = {k: t(f"kind.{k}") for k in contract.REFERENCE_KINDS}
kind = st.radio(t("upload.file"), list(kinds), horizontal=True, key="kind",
                format_func=kinds.get)
templates(ctx, kind)
upload_flow(ctx, kind)
