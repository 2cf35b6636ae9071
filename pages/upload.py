"""Upload experiments: a team's CSV in, every problem reported at once, nothing half-written."""

import streamlit as st

from alignment import access
from alignment.markdown import plain
from alignment.ui.context import page_context
from alignment.ui.i18n import t
from alignment.ui.upload import templates, upload_flow

ctx = page_context(__file__)

st.title(t("page.upload"))
st.caption(t("upload.caption"))
if ctx.person.team_id and ctx.person.role == access.MEMBER:
    st.info(t("upload.own_team", team=plain(ctx.person.team_id)), icon=":material/group:")

templates(ctx, "experiments")
upload_flow(ctx, "experiments")
