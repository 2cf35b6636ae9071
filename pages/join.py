"""Join a live reflection session from a phone or a laptop: the phase the room is in, its time
left, and what to do in it — write cards, place dots, cast scores — anonymously."""

import streamlit as st

from alignment.ui.context import page_context
from alignment.ui.i18n import t
from alignment.ui.live import joined_row, participant_page, phone_layout

ctx = page_context(__file__)
phone_layout()
row = joined_row(ctx)
if row is None:
    st.caption(t("live.join_help"))
    st.stop()
participant_page(ctx, row)
