"""People: who may sign in with which role, and which teams each coach runs sessions for."""

import datetime as dt

import streamlit as st

from alignment import access, contract, queries
from alignment.markdown import plain
from alignment.store import people as store_people
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import data_table, enum, num, t
from alignment.ui.identity import LOCAL, identity_mode
from alignment.ui.people import PEOPLE_SHOWN, people_found
from alignment.ui.upload import templates, upload_flow
from alignment.ui.widgets import cut_caption

ctx = page_context(__file__)

st.title(t("page.people"))
st.caption(t("people.caption"))

if identity_mode() == LOCAL:
    st.info(t("people.local_mode"), icon=":material/info:")

with st.expander(t("people.roles"), expanded=False):
    roles = [{"role": enum("person_role", role), "may": access.role_description(role, ctx.lang)}
             for role in contract.PERSON_ROLES]
    st.dataframe(roles, hide_index=True, column_config={
        "role": t("column.role"), "may": t("column.may")})

people = ctx.cached(queries.people_list)
st.header(t("page.people"))
if people.empty:
    st.info(t("people.nobody"), icon=":material/info:")
else:
    counts = people["role"].value_counts()
    tiles = st.columns(len(contract.PERSON_ROLES))
    for tile, role in zip(tiles, contract.PERSON_ROLES, strict=True):
        tile.metric(t(f"role_plural.{role}"), num(int(counts.get(role, 0))))
    search = st.text_input(t("coach_scale.people_search"), key="people_search",
                           help=t("coach_scale.people_search_help"))
    found = people_found(people, search)
    cut_caption("coach_scale.people_showing", len(found), PEOPLE_SHOWN)
    shown = found.head(PEOPLE_SHOWN)
    data_table(shown.assign(role=shown["role"].map(lambda r: enum("person_role", r))))
    download_csv(people, "people.csv")

    removed = st.session_state.pop("person_removed", None)
    if removed:
        st.success(removed, icon=":material/check_circle:")
    with st.expander(t("people.remove")):
        st.caption(t("people.remove_caption"))
        others = [e for e in found["email"].head(PEOPLE_SHOWN)
                  if e.lower() != ctx.person.email.lower()]
        leaving = st.selectbox(t("people.person"), others, index=None, key="person_to_remove",
                               placeholder=t("people.choose_email"))
        if st.button(t("people.remove_button"), key="remove_person", disabled=leaving is None,
                     icon=":material/person_remove:"):
            try:
                store_people.removed_person(ctx.con, leaving, ctx.person,
                                            dt.datetime.now(dt.UTC).replace(tzinfo=None))
            except KeyError:
                st.error(t("people.not_listed", email=plain(leaving)))
            except PermissionError:
                st.error(t("people.may_not_remove"))
            else:
                st.session_state["person_removed"] = t("people.removed", email=plain(leaving))
                st.rerun()

st.header(t("people.assignments"))
assignments = ctx.cached(queries.coach_assignments)
if assignments.empty:
    st.info(t("people.no_assignments"), icon=":material/info:")
else:
    cut_caption("outcome.showing_rows", len(assignments), PEOPLE_SHOWN)
    data_table(assignments.head(PEOPLE_SHOWN))
    download_csv(assignments, "coach_teams.csv")

st.header(t("people.upload"))
kinds = {k: t(f"kind.{k}") for k in contract.PEOPLE_KINDS}
kind = st.radio(t("upload.file"), list(kinds), horizontal=True, key="people_kind",
                format_func=kinds.get, help=t("people.file_help"))
templates(ctx, kind)
upload_flow(ctx, kind)
