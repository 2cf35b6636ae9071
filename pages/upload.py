"""Upload experiments: a team's CSV in, every problem reported at once, nothing half-written."""

import streamlit as st

from alignment.ui.context import page_context
from alignment.ui.upload import templates, upload_flow

ctx = page_context(__file__)

st.title("Upload experiments")
st.caption("One row per experiment. Rows are added or updated by experiment_id; rows "
           "missing from your file are never deleted. Any error and nothing is written.")
if ctx.person.team_id and ctx.person.role == "member":
    st.info(f"You upload for your team **{ctx.person.team_id}**: a file with another team's "
            "rows, or with an experiment id another team owns, is refused whole.",
            icon=":material/group:")

templates("experiments")
upload_flow(ctx, "experiments")
