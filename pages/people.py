"""People: who may sign in with which role, and which teams each coach runs sessions for."""

import datetime as dt

import streamlit as st

from alignment import access, contract, store_people
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import t
from alignment.ui.identity import LOCAL, identity_mode
from alignment.ui.upload import templates, upload_flow

ctx = page_context(__file__)

st.title(t("page.people"))
st.caption("Who may sign in, in which role. A signed-in e-mail that is not listed here sees "
           "“ask your admin for access” and nothing else. Rows are added or updated by "
           "e-mail, never deleted.")

if identity_mode() == LOCAL:
    st.info("The app runs in local mode, so nobody signs in and this list is not used yet. "
            "It takes effect once sign-in (OIDC or a trusted proxy) is configured; see the "
            "README.", icon=":material/info:")

with st.expander("What each role may do", expanded=False):
    st.dataframe(
        [{"role": role, "may": access.ROLE_DESCRIPTIONS[role]} for role in contract.PERSON_ROLES],
        hide_index=True,
    )

people = ctx.q.people_list()
st.header("People")
if people.empty:
    st.info("Nobody is listed yet. Upload a people file below (email, name, role, team_id); "
            "members need the id of their team.", icon=":material/info:")
else:
    counts = people["role"].value_counts()
    tiles = st.columns(len(contract.PERSON_ROLES))
    for tile, role in zip(tiles, contract.PERSON_ROLES, strict=True):
        tile.metric(f"{role.capitalize()}s", f"{int(counts.get(role, 0)):,}")
    st.dataframe(people, hide_index=True, column_config={
        "email": "E-mail", "name": "Name", "role": "Role", "team_id": "Team id",
        "team_name": "Team", "coached_teams": "Coaches teams",
    })
    download_csv(people, "people.csv")

    removed = st.session_state.pop("person_removed", None)
    if removed:
        st.success(removed, icon=":material/check_circle:")
    with st.expander("Remove someone's access"):
        st.caption("Uploads never delete anyone. Removing a person deletes their row and coach "
                   "assignments; the change log keeps who they were and who removed them.")
        others = [e for e in people["email"] if e.lower() != ctx.person.email.lower()]
        leaving = st.selectbox("Person", others, index=None, key="person_to_remove",
                               placeholder="Choose the e-mail to remove")
        if st.button("Remove access", key="remove_person", disabled=leaving is None,
                     icon=":material/person_remove:"):
            try:
                store_people.removed_person(ctx.con, leaving, ctx.person,
                                            dt.datetime.now(dt.UTC).replace(tzinfo=None))
            except (KeyError, PermissionError) as error:
                st.error(f"Nothing changed: {error}.")
            else:
                st.session_state["person_removed"] = f"{leaving} no longer has access."
                st.rerun()

st.header("Coach assignments")
assignments = ctx.q.coach_assignments()
if assignments.empty:
    st.info("No coach is assigned to a team yet. Upload a coach_teams file (email, team_id); "
            "a coach runs reflection sessions only for the teams assigned here.",
            icon=":material/info:")
else:
    st.dataframe(assignments, hide_index=True)
    download_csv(assignments, "coach_teams.csv")

st.header("Upload")
kind = st.radio("File", contract.PEOPLE_KINDS, horizontal=True, key="people_kind",
                help="Load people first: a coach assignment needs the coach in people.")
templates(kind)
upload_flow(ctx, kind)
