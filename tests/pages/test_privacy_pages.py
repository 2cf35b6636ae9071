"""A team's scores are the team's: each role on each page that shows scores, in both languages.

Named safety scores and trends reach only the team's members, its coaches and admins; anyone
else sees the teams' scores counted over at least three teams, never a named team's.
"""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import access, bootstrap, i18n, metrics, queries
from tests.pages import test_roles_pages as roles

EMAILS = roles.EMAILS
# the role tests' organisation and sign-in, one of each role (the coach runs BZ-AFS)
people_db, proxy_header, signed_in = roles.people_db, roles.proxy_header, roles.signed_in

# role → the teams whose own scores it sees by name (None: every team)
SEES = {"admin": None, "leader": set(), "member": {"BZ-PAS"}, "coach": {"BZ-AFS"}}
LANGS = ("en", "nl")


def scored_teams(people_db) -> set[str]:
    con = bootstrap.ready_connection(people_db)
    sessions = queries.team_sessions(con, dt.date.today())
    return set(sessions.loc[sessions["safety"].notna(), "team_id"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", SEES)
def test_the_coach_overview_names_only_the_scores_a_role_may_see(signed_in, people_db, role,
                                                                  lang):
    at = signed_in("coach_overview", EMAILS[role], lang=lang)
    assert not at.exception
    scored = scored_teams(people_db)
    expected = scored if SEES[role] is None else SEES[role] & scored
    assert expected or SEES[role] == set()
    table = at.dataframe[0].value
    for column in ("last_safety", "safety_slope"):
        named = set(table.loc[table[column].notna(), "team_id"])
        assert named <= expected and (column == "safety_slope" or named == expected)
    # the flags never say a hidden team's safety is falling
    falling = i18n.translate(lang, "attention.falling")
    for line in "\n".join(w.value for w in at.warning).splitlines():
        if falling in line:
            assert SEES[role] is None or any(f"({team})" in line for team in SEES[role])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", ["leader", "member", "coach"])
def test_others_see_the_teams_scores_only_counted_over_enough_teams(signed_in, people_db, role,
                                                                    lang):
    at = signed_in("coach_overview", EMAILS[role], lang=lang)
    assert not at.exception
    con = bootstrap.ready_connection(people_db)
    sessions = queries.team_sessions(con, dt.date.today())
    least = access.MIN_TEAMS_FOR_AGGREGATE
    shown = {m.label: m.value for m in at.metric}
    falling = metrics.falling_teams(sessions, least)
    assert shown[i18n.translate(lang, "coach.falling")] == ("—" if falling is None
                                                             else str(falling))
    [counted] = [d.value for d in at.dataframe if "scored_teams" in d.value.columns]
    expected = metrics.score_distribution(sessions, least)
    safety = i18n.translate(lang, "score.safety")
    row = counted.set_index("measure").loc[safety]
    per_band = expected[expected["measure"] == "safety"].set_index("band")["teams"]
    assert [row[band] for band in metrics.SCORE_BANDS] == per_band.to_list()
    assert row["scored_teams"] >= least
    heading = i18n.translate(lang, "answers_privacy.distribution_heading")
    assert heading in [h.value for h in at.header]
    if role == "leader":
        # no chart or download names a team's safety: only the locked note
        assert i18n.translate(lang, "answers_privacy.no_named_scores") in [
            i.value for i in at.info]
        charts = [e.proto.spec for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]
        assert charts and not any("safety_slope" in spec for spec in charts)


def test_an_admin_sees_every_named_score_and_no_counts(signed_in, people_db):
    at = signed_in("coach_overview", EMAILS["admin"])
    assert not any("scored_teams" in d.value.columns for d in at.dataframe)
    assert "Scores across the teams" not in [h.value for h in at.header]
    charts = [e.proto.spec for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]
    assert any("safety_slope" in spec for spec in charts)   # the per-team trend, named


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("role", "opens"), [("admin", True), ("coach", True),
                                             ("leader", False), ("member", False)])
def test_the_session_page_shows_scores_only_for_a_team_one_runs(signed_in, role, opens, lang):
    # the coach runs BZ-AFS only; a leader and a member never open the session page
    at = signed_in("session", EMAILS[role], team="BZ-AFS", lang=lang)
    assert not at.exception
    safety = i18n.translate(lang, "score.safety")
    assert (safety in [m.label for m in at.metric]) == opens
    other = signed_in("session", EMAILS[role], team="BZ-PAS", lang=lang)
    assert (safety in [m.label for m in other.metric]) == (role == "admin")
