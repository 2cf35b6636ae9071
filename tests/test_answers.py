"""Handing an action to another team, ticking a governance answer discussed, the share of
answers discussed in time, and a team's scores kept with the team."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import access, metrics, queries, views
from alignment.access import LOCAL_ADMIN, Person
from alignment.scope import Scope
from alignment.session.record import hand_over_problem
from alignment.store import answers as store_answers
from alignment.store import sessions as store_sessions
from tests.conftest import AS_OF, stored

NOW = dt.datetime(2026, 11, 15, 10, 30)
TEAMS = [{"team_id": "T1", "name": "Team Parkeren", "value_stream": "Ruimte"},
         {"team_id": "T2", "name": "Team Loket", "value_stream": "Burger"},
         {"team_id": "T3", "name": "Team Afval", "value_stream": "Ruimte"}]
COACH_T1 = Person("coach@gemeente.nl", "Coach", "coach", coach_team_ids=frozenset({"T1"}))
COACH_T2 = Person("ander@gemeente.nl", "Ander", "coach", coach_team_ids=frozenset({"T2"}))
LEADER = Person("lea@gemeente.nl", "Lea", "leader")
MEMBER_T1 = Person("mo@gemeente.nl", "Mo", "member", team_id="T1")


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def stored_actions(con):
    """T1's session S-0001 agreed the open A-0001 and the done A-0002, both owned by T1."""
    stored(con, teams=TEAMS,
           sessions=[{"session_id": "S-0001", "team_id": "T1", "held_on": AS_OF, "kind": "retro",
                      "covered_results": True, "covered_collaboration": False,
                      "covered_safety": False}],
           actions=[{"action_id": "A-0001", "session_id": "S-0001", "owner_team_id": "T1",
                     "description": "Loket uitnodigen", "status": "open"},
                    {"action_id": "A-0002", "session_id": "S-0001", "owner_team_id": "T1",
                     "description": "Klaar", "status": "done", "closed_on": AS_OF}])


# --- hand to another team -------------------------------------------------------------------

@pytest.mark.parametrize("actor", [LOCAL_ADMIN, COACH_T1], ids=["an admin", "the team's coach"])
def test_a_handed_action_is_the_receiving_teams_with_its_owner_logged(con, actor):
    stored_actions(con)
    assert queries.open_actions(con, "T2", AS_OF).empty
    store_sessions.handed_action(con, "A-0001", "T2", actor, NOW)
    assert rows(con, "SELECT action_id, owner_team_id, status FROM actions "
                     "ORDER BY action_id") == [("A-0001", "T2", "open"), ("A-0002", "T1", "done")]
    assert rows(con, "SELECT * FROM change_log") == [
        ("actions", "A-0001", "owner_team_id", "T1", "T2", NOW, actor.email, None)]
    assert queries.open_actions(con, "T2", AS_OF)["action_id"].to_list() == ["A-0001"]
    assert queries.open_actions(con, "T1", AS_OF).empty      # no longer the giving team's
    # the receiving team's coach may now carry it on, even hand it back
    store_sessions.handed_action(con, "A-0001", "T1", COACH_T2, NOW)
    assert rows(con, "SELECT owner_team_id FROM actions WHERE action_id = 'A-0001'") == [("T1",)]


@pytest.mark.parametrize(("action_id", "to_team", "actor", "error"), [
    ("A-0001", "T1", LOCAL_ADMIN, ValueError),
    ("A-0001", "T9", LOCAL_ADMIN, ValueError),
    ("A-0002", "T2", LOCAL_ADMIN, ValueError),
    ("A-0404", "T2", LOCAL_ADMIN, KeyError),
    ("A-0001", "T2", COACH_T2, PermissionError),
    ("A-0001", "T2", LEADER, PermissionError),
], ids=["the team that owns it", "a team that does not exist", "a closed action",
        "an unknown action", "a coach of the receiving team only", "a leader"])
def test_handing_over_refuses_and_writes_nothing(con, action_id, to_team, actor, error):
    stored_actions(con)
    before = [rows(con, "SELECT * FROM actions ORDER BY action_id"),
              rows(con, "SELECT * FROM change_log")]
    with pytest.raises(error):
        store_sessions.handed_action(con, action_id, to_team, actor, NOW)
    assert [rows(con, "SELECT * FROM actions ORDER BY action_id"),
            rows(con, "SELECT * FROM change_log")] == before


@pytest.mark.parametrize(("to_team", "lang", "problem"), [
    ("T2", "en", None),
    ("T1", "en", "Team T1 owns this action already: choose another team."),
    ("T1", "nl", "Team T1 is al eigenaar van deze actie: kies een ander team."),
    ("T9", "en", "There is no team 'T9': choose one of the teams listed."),
    ("T9", "nl", "Team 'T9' bestaat niet: kies een van de teams uit de lijst."),
    (None, "en", "Choose the team to hand this action to first."),
    (None, "nl", "Kies eerst het team dat deze actie overneemt."),
])
def test_hand_over_problem_says_what_to_choose(to_team, lang, problem):
    found = hand_over_problem(to_team, "T1", ["T1", "T2", "T3"])
    assert (found and found.text(lang)) == problem


HAND_OVER_VIEWS = {
    "everything": ({}, [("T1", "T2", 1)]),
    "the giving team's stream": ({"value_stream": "Ruimte"}, [("T1", "T2", 1)]),
    "the receiving team's stream": ({"value_stream": "Burger"}, [("T1", "T2", 1)]),
    "the receiving team": ({"team_id": "T2"}, [("T1", "T2", 1)]),
    "a third team": ({"team_id": "T3"}, []),
    "before it happened": ({"as_of": AS_OF - dt.timedelta(days=1)}, []),
    "a period after it": ({"start": AS_OF + dt.timedelta(days=1),
                           "as_of": AS_OF + dt.timedelta(days=2)}, []),
}


@pytest.mark.parametrize(("view", "pairs"), HAND_OVER_VIEWS.values(), ids=HAND_OVER_VIEWS.keys())
def test_a_hand_over_links_the_two_teams_in_view(con, view, pairs):
    stored_actions(con)
    store_sessions.handed_action(con, "A-0001", "T2", LOCAL_ADMIN, NOW)
    found = queries.team_hand_overs(con, view.get("start"), view.get("as_of", AS_OF),
                                    view.get("value_stream"), view.get("team_id"))
    assert list(found.itertuples(index=False, name=None)) == pairs


def test_the_network_holds_shared_experiments_and_hand_overs_as_their_own_kind():
    edges = pd.DataFrame({"team_a": ["T1", "T2"], "team_b": ["T2", "T3"],
                          "shared_experiments": [2, 1]})
    handed = pd.DataFrame({"team_a": ["T1", "T1"], "team_b": ["T2", "T3"],
                           "handed_actions": [1, 3]})
    links = metrics.links_with_hand_overs(edges, handed)
    assert list(links.itertuples(index=False, name=None)) == [
        ("T1", "T2", 2, 1), ("T2", "T3", 1, 0), ("T1", "T3", 0, 3)]


# --- answers from governance -----------------------------------------------------------------

DECIDED = dt.date(2026, 9, 1)


def experiment(eid: str, scope: str | None, decided: dt.date | None = DECIDED,
               partners: str | None = "T2") -> dict:
    return {"experiment_id": eid, "team_id": "T1", "title": "Proef " + eid,
            "hypothesis": "We geloven", "status": "done", "lean_lens": "flow",
            "start_date": dt.date(2026, 5, 1), "end_date": dt.date(2026, 8, 1),
            "result": "validated", "observed": 1.0, "learning": "Geleerd",
            "decision": "scale" if scope else None, "decision_date": decided if scope else None,
            "decision_scope": scope, "decision_rationale": "Werkt ook elders" if scope else None,
            "partner_teams": partners}


def stored_decisions(con):
    """E1 decided at product level (T1 leads, T2 joined), E2 at team level, E3 undecided."""
    stored(con, teams=TEAMS, experiments=[
        experiment("E1", "product"), experiment("E2", "team"), experiment("E3", None)])


def test_an_answer_ticked_discussed_is_logged_and_leaves_the_teams_list(con):
    stored_decisions(con)
    waiting = queries.team_answers(con, "T1", DECIDED, AS_OF)
    assert waiting[["experiment_id", "decision_scope", "decision_rationale"]].values.tolist() \
        == [["E1", "product", "Werkt ook elders"]]
    assert waiting["discussed_on"].isna().all()
    on = dt.date(2026, 9, 20)
    store_answers.discussed_answer(con, "E1", "T1", DECIDED, on, COACH_T1, NOW)
    assert rows(con, "SELECT * FROM answers_discussed") == [("E1", "T1", DECIDED, on)]
    assert rows(con, "SELECT * FROM change_log") == [
        ("answers_discussed", "E1/T1/2026-09-01", "(created)", None, None, NOW,
         COACH_T1.email, None)]
    ticked = queries.team_answers(con, "T1", DECIDED, AS_OF)
    assert pd.Timestamp(ticked["discussed_on"].iloc[0]).date() == on
    # the partner team has its own answer, still waiting
    assert queries.team_answers(con, "T2", DECIDED, AS_OF)["discussed_on"].isna().all()


@pytest.mark.parametrize(("experiment_id", "team_id", "decided", "on", "actor", "error"), [
    ("E2", "T1", DECIDED, AS_OF, LOCAL_ADMIN, ValueError),
    ("E3", "T1", DECIDED, AS_OF, LOCAL_ADMIN, ValueError),
    ("E1", "T1", dt.date(2026, 9, 2), AS_OF, LOCAL_ADMIN, ValueError),
    ("E1", "T3", DECIDED, AS_OF, LOCAL_ADMIN, KeyError),
    ("E1", "T1", DECIDED, dt.date(2026, 8, 31), LOCAL_ADMIN, ValueError),
    ("E1", "T1", DECIDED, AS_OF, COACH_T2, PermissionError),
    ("E1", "T1", DECIDED, AS_OF, LEADER, PermissionError),
    ("E1", "T2", DECIDED, AS_OF, LOCAL_ADMIN, ValueError),
], ids=["a team-level decision", "no decision", "another decision date",
        "a team not on the experiment", "before the decision", "a coach of another team",
        "a leader", "ticked already"])
def test_ticking_refuses_and_writes_nothing(con, experiment_id, team_id, decided, on, actor,
                                            error):
    stored_decisions(con)
    store_answers.discussed_answer(con, "E1", "T2", DECIDED, AS_OF, LOCAL_ADMIN, NOW)
    before = [rows(con, "SELECT * FROM answers_discussed"), rows(con, "SELECT * FROM change_log")]
    with pytest.raises(error):
        store_answers.discussed_answer(con, experiment_id, team_id, decided, on, actor, NOW)
    assert [rows(con, "SELECT * FROM answers_discussed"),
            rows(con, "SELECT * FROM change_log")] == before


def _answers(*pairs: tuple[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"decision_date": pd.to_datetime([d for d, _ in pairs]),
                         "discussed_on": pd.to_datetime([o for _, o in pairs])})


SHARE_CASES = {
    "no decisions": (_answers(), None),
    "a decision without a later session": (_answers(("2026-09-01", None)), 0.0),
    "discussed on the 30th day": (_answers(("2026-09-01", "2026-10-01")), 1.0),
    "discussed after 31 days": (_answers(("2026-09-01", "2026-10-02")), 0.0),
    "too soon to tell": (_answers(("2026-11-01", None)), None),
    "discussed, but its days still running": (_answers(("2026-11-01", "2026-11-02")), None),
    "30 days passed today": (_answers(("2026-10-16", "2026-10-20")), 1.0),
    "one of each": (_answers(("2026-09-01", "2026-09-03"), ("2026-09-01", "2026-10-05"),
                             ("2026-08-01", None), ("2026-11-10", "2026-11-12")), 1 / 3),
}


@pytest.mark.parametrize(("answers", "share"), SHARE_CASES.values(), ids=SHARE_CASES.keys())
def test_share_of_answers_discussed_within_30_days(answers, share):
    assert metrics.answers_discussed_share(answers, AS_OF) == share


@pytest.mark.parametrize(("scope", "share"), [
    (Scope(AS_OF, "all"), 0.5),
    (Scope(AS_OF, "all", team_id="T1"), 1.0),
    (Scope(AS_OF, "all", team_id="T2"), 0.0),
    (Scope(dt.date(2026, 9, 25), "all"), None),   # nobody's 30 days had passed then
    (Scope(dt.date(2027, 1, 15), "90d"), None),    # decided before the period
], ids=["everyone", "the lead team", "the partner team", "earlier", "a later period"])
def test_the_learning_share_counts_each_teams_answer_in_scope(con, scope, share):
    stored_decisions(con)
    store_answers.discussed_answer(con, "E1", "T1", DECIDED, dt.date(2026, 9, 20), COACH_T1,
                                   NOW)
    answers = queries.answers_in_scope(con, scope)
    assert metrics.answers_discussed_share(answers, scope.as_of) == share
    # as the Learning page counts it in SQL
    assert views.learning(con, scope).answers_discussed == share


# --- a team's scores stay with the team ------------------------------------------------------

@pytest.mark.parametrize(("person", "sees"), [
    (LOCAL_ADMIN, {"T1", "T2", "T3"}),
    (COACH_T1, {"T1"}),
    (MEMBER_T1, {"T1"}),
    (LEADER, set()),
    (Person("x@gemeente.nl", "X", "member", team_id=None), set()),
], ids=["admin", "coach", "member", "leader", "member without a team"])
def test_who_sees_a_named_teams_scores(person, sees):
    assert {team for team in ("T1", "T2", "T3") if access.may_see_scores(person, team)} == sees
    sight = access.score_sight(person)
    assert (sight is None) == (person.role == "admin")
    assert sight is None or set(sight) == sees


def sessions(*scores: tuple[str, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(scores, columns=["team_id", "held_on", "safety"])
    return frame.assign(session_id=[f"S{n}" for n in range(len(frame))],
                        held_on=pd.to_datetime(frame["held_on"]), ownership=None,
                        energy=4.0, collaboration=None)


FALLING = [("T1", d, s) for d, s in (("2026-01-01", 4.0), ("2026-02-01", 3.5),
                                      ("2026-03-01", 3.0))]
STEADY = [(team, d, 3.0) for team in ("T2", "T3") for d in ("2026-01-01", "2026-02-01",
                                                             "2026-03-01")]


def test_scores_kept_empties_only_other_teams_scores():
    kept = metrics.scores_kept(sessions(*FALLING, *STEADY), ("T1",))
    assert kept.groupby("team_id")["safety"].count().to_dict() == {"T1": 3, "T2": 0, "T3": 0}
    assert kept.groupby("team_id")["energy"].count().to_dict() == {"T1": 3, "T2": 0, "T3": 0}
    assert metrics.scores_kept(sessions(*FALLING), None)["safety"].count() == 3


@pytest.mark.parametrize(("scores", "least", "falling"), [
    (FALLING + STEADY, 3, 1),
    (FALLING + STEADY[:3], 3, None),     # two teams with a trend: too few to count
    (FALLING + STEADY[:3], 0, 1),
    ([], 0, 0),
])
def test_falling_teams_are_counted_only_over_enough_teams(scores, least, falling):
    assert metrics.falling_teams(sessions(*scores), least) == falling


def test_the_distribution_counts_latest_scores_over_enough_teams_only():
    latest = [("T1", "2026-03-01", 2.5), ("T2", "2026-03-01", 3.1), ("T3", "2026-03-01", 5.0),
              ("T1", "2026-01-01", 4.9)]
    shown = metrics.score_distribution(sessions(*latest), 3)
    safety = shown[shown["measure"] == "safety"]
    assert dict(zip(safety["band"], safety["teams"], strict=True)) == {
        "1–2": 0, "2–3": 1, "3–4": 1, "4–5": 1}
    assert set(shown["measure"]) == {"safety", "energy"}
    assert metrics.score_distribution(sessions(*latest[:2]), 3).empty
