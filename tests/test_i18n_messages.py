"""Messages made outside the pages speak the reader's language: session and decision checks,
votes, the coach's flags and the session summary; English stays as it was."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import access, metrics, views
from alignment.decisions import decision_problems
from alignment.session.record import NewAction, NewSession, nudge_text, session_problems
from alignment.session.summary import session_markdown
from alignment.session.votes import team_averages
from tests.test_session_summary import ACTIONS, DECISIONS, SESSION

TODAY = dt.date(2026, 11, 15)
ENDED = dt.date(2026, 9, 1)


@pytest.mark.parametrize(("lang", "given", "said"), [
    ("nl", (None, "team", TODAY, "Waarom niet"),
     ["Kies een besluit: doorzetten, bijsturen, stoppen, opschalen, verspreiden."]),
    ("nl", ("stop", "board", TODAY, "Waarom niet"),
     ["Kies het niveau waarop besloten is: team, product, portfolio, strategie."]),
    ("nl", ("stop", "team", TODAY + dt.timedelta(days=1), "Waarom niet"),
     ["De besluitdatum 16-11-2026 ligt in de toekomst; leg een besluit vast als het genomen "
      "is."]),
    ("nl", ("stop", "team", dt.date(2026, 8, 31), "Waarom niet"),
     ["De besluitdatum 31-08-2026 ligt vóór het einde van het experiment (01-09-2026)."]),
    ("nl", ("stop", "team", TODAY, " "),
     ["Schrijf in één regel waarom: de onderbouwing is verplicht."]),
    ("en", ("stop", "team", dt.date(2026, 8, 31), "Why not"),
     ["The decision date 2026-08-31 is before the experiment ended (2026-09-01)."]),
])
def test_decision_problems_in_the_reader_s_language(lang, given, said):
    decision, level, on, why = given
    found = decision_problems(decision, level, on, why, ended_on=ENDED, today=TODAY)
    assert [problem.text(lang) for problem in found] == said


def a_session(**fields) -> NewSession:
    return NewSession(**{"team_id": "T1", "held_on": TODAY, "kind": "retro", **fields})


@pytest.mark.parametrize(("lang", "session", "actions", "said"), [
    ("nl", a_session(team_id="T9", kind="standup"), [],
     ["Team 'T9' is onbekend.",
      "Kies de soort sessie: retro, gezondheidscheck, portfoliobespreking."]),
    ("nl", a_session(), [NewAction("T1", "Iets", TODAY - dt.timedelta(days=1))],
     ["Actie 1: de uiterste datum 14-11-2026 ligt vóór de sessie."]),
    ("nl", a_session(), [NewAction("T1", "x" * 301)],
     ["Actie 1: houd de omschrijving op hoogstens 300 tekens (nu 301)."]),
    ("en", a_session(team_id="T9"), [], ["Team 'T9' is unknown."]),
])
def test_session_problems_in_the_reader_s_language(lang, session, actions, said):
    found = session_problems(session, actions, team_ids=["T1"], experiment_ids=[], today=TODAY)
    assert [problem.text(lang) for problem in found] == said


@pytest.mark.parametrize(("lang", "votes", "discussed", "said"), [
    ("nl", {"safety": "4 5", "collaboration": "4 4 4"}, {"results", "collaboration", "safety"},
     {"safety": "Veiligheid: 2 stemmen zijn te weinig: er zijn er minstens 3 nodig, zodat "
                "niemands antwoord te herkennen is."}),
    ("nl", {"energy": "3 7 3"}, {"results"},
     {"energy": "Energie: “7” is geen stem: geef hele getallen 1–5, gescheiden door spaties."}),
    ("nl", {"collaboration": "3 3 3"}, {"results"},
     {"collaboration": "Samenwerking: de sessie besprak samenwerking niet; laat de stemmen "
                       "leeg of vink samenwerking aan als besproken."}),
    ("nl", {}, {"results", "safety"},
     {"safety": "Veiligheid: de sessie besprak veiligheid, dus voer de stemmen van het team "
                "in (minstens 3)."}),
    ("en", {"energy": "3 7 3"}, {"results"},
     {"energy": "Energy: “7” is not a vote: give whole numbers 1–5, separated by spaces."}),
])
def test_vote_problems_in_the_reader_s_language(lang, votes, discussed, said):
    # each problem keyed by its score, so the form says it at that score's field
    found = team_averages(votes, discussed).problems
    assert {score: problem.text(lang) for score, problem in found.items()} == said


@pytest.mark.parametrize(("lang", "skipped", "start"), [
    ("nl", ["collaboration", "safety"], "Deze sessie besprak samenwerking en veiligheid niet."),
    ("nl", ["safety"], "Deze sessie besprak veiligheid niet."),
    ("en", ["collaboration", "safety"], "This session did not discuss collaboration and safety."),
])
def test_the_nudge_in_the_reader_s_language(lang, skipped, start):
    assert nudge_text(skipped, lang).startswith(start)


@pytest.mark.parametrize(("lang", "quiet", "days", "falling", "said"), [
    ("nl", True, None, False, "nog nooit een sessie gehouden"),
    ("nl", True, 44, True, "geen sessie in 44 dagen; veiligheid daalt"),
    ("en", True, 44, False, "no session for 44 days"),
    ("en", False, 3, False, ""),
])
def test_coach_flags_in_the_reader_s_language(lang, quiet, days, falling, said):
    overview = pd.DataFrame({"attention": [metrics.reflection._attention(quiet, days, falling)]})
    assert views.attention_said(overview, lang)["attention"].iloc[0] == said


@pytest.mark.parametrize("role", access.EVERYONE)
def test_role_descriptions_in_both_languages(role):
    english, dutch = access.role_description(role), access.role_description(role, "nl")
    assert english and dutch and english != dutch


def test_the_dutch_summary_is_dutch_throughout():
    text = session_markdown(SESSION, DECISIONS, ACTIONS, "nl")
    for line in [
        "# Reflectiesessie — Team Paspoort & ID (BZ-PAS)",
        "- **Datum:** 15-11-2026",
        "- **Soort:** Gezondheidscheck",
        "- [x] Resultaten",
        "- [ ] Samenwerking",
        "| Score | Teamgemiddelde |",
        "| Veiligheid | 3,8 |",
        "| Energie | — (niet gescoord) |",
        "## Besluiten over de experimenten van het team (laatste 90 dagen)",
        "| PAS-012 Terugbellen \\| sneller | gevalideerd | opschalen | product | 30-10-2026 | "
        "Werkt overal |",
        "| Actie | Team dat eigenaar is | Uiterlijk | Experiment | Status |",
        "| Klantreis tekenen | BZ-PAS | 29-11-2026 | — | open |",
    ]:
        assert line in text, line
    for english in ("Reflection session", "Team scores", "What was discussed", "Notes",
                    "not scored", "validated", "Owner team"):
        assert english not in text, english


def test_empty_parts_of_the_dutch_summary_say_so():
    text = session_markdown({**SESSION, "notes": None}, DECISIONS.iloc[:0], ACTIONS.iloc[:0],
                            "nl")
    assert "_Geen aantekeningen._" in text and "_Geen acties afgesproken._" in text
    assert "_In deze tijd is over de experimenten van het team geen besluit genomen._" in text


def test_dutch_done_actions_show_their_dutch_status():
    done = ACTIONS.assign(status=["done"], closed_on=[pd.Timestamp("2026-11-20")])
    assert "| gedaan |" in session_markdown(SESSION, DECISIONS, done, "nl")
