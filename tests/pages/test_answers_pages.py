"""A coach hands an open action to another team and ticks an answer from governance discussed;
the Learning page shows the share discussed in time; the Teams page counts hand-overs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import bootstrap, metrics, queries
from alignment.scope import QUARTER_DAYS, Scope
from alignment.ui.widgets import percent
from tests.pages.conftest import opened

HAND_OVER_WORDS = {
    "en": ("Choose the team to hand this action to first.", "is handed to team BZ-PAS."),
    "nl": ("Kies eerst het team dat deze actie overneemt.", "is overgedragen aan team BZ-PAS."),
}


@pytest.mark.parametrize("lang", HAND_OVER_WORDS)
def test_a_coach_hands_an_open_action_to_another_team(fresh_demo, lang):
    con, today = fresh_demo, dt.date.today()
    action = queries.open_actions(con, "BZ-KCC", today)["action_id"].iloc[0]
    at = opened("pages/session.py", team="BZ-KCC", lang=lang)
    assert not at.exception
    refused, handed = HAND_OVER_WORDS[lang]

    # no team chosen: said under the action, and nothing is written
    at.button(key=f"hand_save_{action}").click().run()
    assert not at.exception
    assert refused in [e.value for e in at.error]
    assert con.execute("SELECT count(*) FROM change_log WHERE field = 'owner_team_id'"
                       ).fetchone() == (0,)

    assert "BZ-KCC" not in at.selectbox(key=f"hand_to_{action}").options  # not its own team
    at.selectbox(key=f"hand_to_{action}").set_value("BZ-PAS")
    at.button(key=f"hand_save_{action}").click().run()
    assert any(s.value.endswith(handed) and action in s.value for s in at.success)
    assert con.execute("SELECT owner_team_id FROM actions WHERE action_id = ?",
                       [action]).fetchall() == [("BZ-PAS",)]
    assert con.execute(
        "SELECT old_value, new_value, changed_by FROM change_log "
        "WHERE entity = 'actions' AND entity_id = ? AND field = 'owner_team_id'", [action]
    ).fetchall() == [("BZ-KCC", "BZ-PAS", "local admin")]

    # the receiving team reviews it among its own open actions
    receiving = opened("pages/session.py", team="BZ-PAS", lang=lang)
    assert any(m.value.split("  \n")[1].split()[0] == action for m in receiving.markdown
               if "  \n" in m.value and m.value.startswith("**"))

    # and on the Teams page the two teams are linked by it
    teams = opened("pages/teams.py", lang=lang, period="90d")
    assert not teams.exception
    pairs = queries.team_hand_overs(con, Scope(today).start, today)
    assert ("BZ-KCC", "BZ-PAS", 1) in list(pairs.itertuples(index=False, name=None))
    [graph] = teams.get("graphviz_chart")
    [line] = [line for line in graph.proto.spec.splitlines() if '"BZ-KCC" -- "BZ-PAS"' in line]
    assert "↪1" in line
    definition = "dashed line" if lang == "en" else "stippellijn"
    assert any(definition in m.value for m in teams.markdown)


ANSWER_WORDS = {"en": ("An answer to you", "Why:", "ticked as discussed"),
                "nl": ("Een antwoord aan jullie", "Waarom:", "afgevinkt als besproken")}


@pytest.mark.parametrize("lang", ANSWER_WORDS)
def test_an_answer_from_governance_is_shown_with_its_rationale_and_ticked(fresh_demo, lang):
    con, today = fresh_demo, dt.date.today()
    waiting = queries.team_answers(con, "SD-WMO",
                                   today - dt.timedelta(days=QUARTER_DAYS), today)
    assert not waiting.empty
    first = waiting.iloc[0]
    decided = pd.Timestamp(first["decision_date"]).date()
    at = opened("pages/session.py", team="SD-WMO", lang=lang)
    assert not at.exception
    answer, why, ticked = ANSWER_WORDS[lang]
    cards = [m.value for m in at.markdown if m.value.startswith(f"**{answer}")]
    assert len(cards) == len(waiting)
    assert first["experiment_id"] in cards[0] and f"{why} {first['decision_rationale']}" \
        in cards[0]

    at.button(key=f"answer_{first['experiment_id']}_{decided}").click().run()
    assert any(ticked in s.value for s in at.success)
    assert con.execute("SELECT experiment_id, team_id, decision_date, discussed_on "
                       "FROM answers_discussed").fetchall() == [
        (first["experiment_id"], "SD-WMO", decided, today)]
    assert len([m for m in at.markdown if m.value.startswith(f"**{answer}")]) \
        == len(waiting) - 1


@pytest.mark.parametrize(("lang", "label"), [
    ("en", "Discussed with the team within 30 days"),
    ("nl", "Binnen 30 dagen met het team besproken"),
])
def test_the_learning_page_shows_the_share_of_answers_discussed_in_time(app, demo_db, lang,
                                                                        label):
    at = app("pages/learning.py", lang=lang, period="12m")
    assert not at.exception
    con, today = bootstrap.ready_connection(demo_db), dt.date.today()
    scope = Scope(today, "12m")
    share = metrics.answers_discussed_share(queries.answers_in_scope(con, scope), today)
    shown = {m.label: m.value for m in at.metric}
    assert shown[label] == percent(share)
    definition = "30 days" if lang == "en" else "30 dagen"
    assert any(definition in m.value and "portfolio" in m.value for m in at.markdown)
