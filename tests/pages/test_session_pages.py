"""The coach pages run a whole session on the demo, and show the figures the metrics compute."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, metrics, queries
from alignment.demo import DEMO_AS_OF
from alignment.scope import Scope
from alignment.ui import context
from alignment.ui.widgets import percent
from tests.pages.conftest import opened

ROOT = Path(__file__).resolve().parents[2]
TEAM = "BZ-PAS"
VOTES = {"safety": "5 4 4 3 5", "ownership": "4 4 3", "energy": "3 4 5 2",
         "collaboration": "2 3 4 5 5 4"}
AVERAGES = {"safety": 4.2, "ownership": 3.7, "energy": 3.5, "collaboration": 3.8}


@pytest.fixture
def demo_day(monkeypatch):
    """The pages see the demo's own day, on which its quiet teams are exactly 30+ days quiet."""

    class DemoDate(dt.date):
        @classmethod
        def today(cls):
            return DEMO_AS_OF

    monkeypatch.setattr(context, "dt", type("Clock", (), {"date": DemoDate}))
    return DEMO_AS_OF


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def table_cells(con) -> list[str]:
    """Every cell of every table in the database, as text."""
    tables = [row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()]
    cells = []
    for table in tables:
        for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
            cells.extend(str(value) for value in row)
    return cells


def test_a_whole_session_stores_that_session_and_action_and_no_vote(fresh_demo):
    con, today = fresh_demo, dt.date.today()
    sessions_before = {r[0] for r in con.execute("SELECT session_id FROM sessions").fetchall()}
    actions_before = {r[0] for r in con.execute("SELECT action_id FROM actions").fetchall()}
    breadth_before = metrics.reflection_breadth(queries.session_coverage(con, today))

    at = opened("pages/session.py")
    assert not at.exception
    at.selectbox(key="session_team").select(TEAM).run()
    assert at.query_params["team"] == TEAM
    closing = queries.open_actions(con, TEAM, today)["action_id"].iloc[0]
    at.button(key=f"action_done_{closing}").click().run()
    assert f"Action {closing} marked done." in texts(at.success)
    assert not any(b.key == f"action_done_{closing}" for b in at.button)

    for score, votes in VOTES.items():
        at.text_input(key=f"votes_{score}_0").input(votes)
    at.text_area(key="notes_0").input("Balie en web trekken samen op.")
    at.selectbox(key="kind_0").select("health_check")
    at.text_input(key="action_text_0_0").input("Klantreis tekenen met de balie")
    at.date_input(key="action_due_0_0").set_value(today + dt.timedelta(days=14))
    at.selectbox(key="action_experiment_0_0").select("PAS-015")
    button(at, "Save session").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at.error)

    new_sessions = con.execute(
        "SELECT * EXCLUDE (session_id) FROM sessions WHERE session_id NOT IN "
        "(SELECT unnest(CAST(? AS VARCHAR[])))", [sorted(sessions_before)]).fetchall()
    assert new_sessions == [(
        TEAM, today, "local admin", "health_check", True, True, True,
        AVERAGES["safety"], AVERAGES["ownership"], AVERAGES["energy"],
        AVERAGES["collaboration"], "Balie en web trekken samen op.")]
    new_actions = con.execute(
        "SELECT experiment_id, owner_team_id, description, due_on, status, closed_on "
        "FROM actions WHERE action_id NOT IN (SELECT unnest(CAST(? AS VARCHAR[])))",
        [sorted(actions_before)]).fetchall()
    assert new_actions == [("PAS-015", TEAM, "Klantreis tekenen met de balie",
                            today + dt.timedelta(days=14), "open", None)]
    assert con.execute("SELECT status, closed_on FROM actions WHERE action_id = ?",
                       [closing]).fetchall() == [("done", today)]
    assert any(s.startswith("Saved session S-0184 with 1 new action(s)") for s in
               texts(at.success))

    cells = table_cells(con)
    for votes in VOTES.values():
        for shown in (votes, votes.replace(" ", ","), votes.replace(" ", ", "),
                      "[" + votes.replace(" ", ", ") + "]"):
            assert not any(shown in cell for cell in cells), shown

    # visible at once: the Overview and the Coach overview count it
    breadth = metrics.reflection_breadth(queries.session_coverage(con, today))
    assert breadth > breadth_before   # the new session discussed all three themes
    overview = opened("pages/overview.py")
    assert {m.label: m.value for m in overview.metric}["Reflection breadth"] == percent(breadth)
    coaches = opened("pages/coach_overview.py")
    shown = {m.label: m.value for m in coaches.metric}
    assert shown["Reflection breadth (90 days)"] == percent(breadth)
    row = coaches.dataframe[0].value.set_index("team_id").loc[TEAM]
    assert row["last_session"] == today


def test_a_discussed_score_needs_three_votes_and_nothing_is_saved(fresh_demo):
    con = fresh_demo
    count = con.execute("SELECT count(*) FROM sessions").fetchone()
    at = opened("pages/session.py", team=TEAM)
    at.text_input(key="votes_safety_0").input("4 3")
    at.text_input(key="votes_collaboration_0").input("4 4 4")
    button(at, "Save session").click().run()
    assert any("Nothing was saved" in e and "Safety: 2 vote(s) is too few" in e
               for e in texts(at.error))
    assert con.execute("SELECT count(*) FROM sessions").fetchone() == count


def test_skipping_safety_nudges_and_disables_its_votes(app):
    at = app("pages/session.py", team=TEAM)
    assert not at.warning
    at.checkbox(key="discussed_safety_0").uncheck().run()
    assert any("did not discuss safety" in w for w in texts(at.warning))
    assert at.text_input(key="votes_safety_0").disabled
    at.checkbox(key="discussed_collaboration_0").uncheck().run()
    assert any("did not discuss collaboration and safety" in w for w in texts(at.warning))


def test_presenter_mode_hides_the_sidebar_and_every_edit_control(app):
    at = app("pages/session.py", team="BZ-KCC", present="1")
    assert not at.exception
    assert any('[data-testid="stSidebar"]' in m.value for m in at.markdown)
    keys = {b.key for b in at.button}
    assert "leave_presenter" in keys
    assert not any(k.startswith("action_") for k in keys if k)
    assert not any((t.key or "").startswith("votes_") for t in at.text_input)
    # the hidden sidebar keeps only the language choice
    assert [s.key for s in at.selectbox] == ["language"] and not at.number_input
    at.button(key="leave_presenter").click().run()
    assert "present" not in at.query_params
    assert at.text_input(key="votes_safety_0")
    assert at.selectbox(key="session_team").value == "BZ-KCC"


def test_the_timebox_follows_the_agenda(app):
    at = app("pages/session.py", team=TEAM)
    clock = next(m for m in at.metric if m.label.startswith("Time left"))
    assert (clock.label, clock.value) == ("Time left — Check-in", "02:00")
    at.number_input(key="agenda_results").set_value(7).run()
    at.button(key="timer_next").click().run()
    clock = next(m for m in at.metric if m.label.startswith("Time left"))
    assert (clock.label, clock.value) == ("Time left — Results", "07:00")
    at.button(key="timer_start").click().run()
    assert at.button(key="timer_start").disabled and not at.button(key="timer_pause").disabled


def test_session_tiles_equal_the_metrics(app, demo_db):
    at = app("pages/session.py", team="SD-WMO")
    assert not at.exception
    con, today = bootstrap.ready_connection(demo_db), dt.date.today()
    row = metrics.coach_overview(
        queries.team_roster(con, team_id="SD-WMO"),
        queries.team_sessions(con, today, team_id="SD-WMO"),
        queries.session_actions(con, today, team_id="SD-WMO"), today,
        Scope(as_of=today).start).iloc[0]
    shown = {m.label: m for m in at.metric}
    assert shown["Last session"].value == f"{row['last_session']:%Y-%m-%d}"
    assert shown["Reflection breadth (90 days)"].value == percent(row["breadth"])
    assert shown["Action follow-through"].value == percent(row["follow_through"])
    assert shown["Safety trend per session"].value == f"{row['safety_slope']:+.2f}"
    latest = metrics.latest_scores(queries.score_trends(con, "SD-WMO", today))
    for score in latest.itertuples(index=False):
        assert shown[score.measure.capitalize()].value == f"{score.latest:.1f}"
    assert len(at.get("download_button")) >= 2   # trend data and the Markdown summary


def test_coach_overview_equals_the_metrics(app, demo_db):
    at = app("pages/coach_overview.py")
    assert not at.exception
    con, today = bootstrap.ready_connection(demo_db), dt.date.today()
    scope = Scope(as_of=today)
    sessions, actions = queries.team_sessions(con, today), queries.session_actions(con, today)
    overview = metrics.coach_overview(queries.team_roster(con), sessions, actions, today,
                                      scope.start)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Teams without a session for 30 days"] == f"{int(overview['quiet'].sum()):,}"
    assert shown["Teams with falling safety"] == f"{int(overview['falling_safety'].sum()):,}"
    assert shown["Action follow-through"] == percent(metrics.follow_through_share(
        metrics.action_follow_through(sessions, actions, scope.start)))
    flagged = metrics.attention_teams(overview)
    assert texts(at.warning) == ["\n".join(f"- **{r.team_name}** ({r.team_id}): {r.attention}"
                                           for r in flagged.itertuples(index=False))]
    table = at.dataframe[0].value
    assert len(table) == len(overview)
    assert dict(zip(table["team_id"], table["overdue_actions"], strict=True)) == dict(
        zip(overview["team_id"], overview["overdue_actions"], strict=True))
    assert overview["overdue_actions"].sum() > 0


def test_coach_overview_flags_exactly_the_demo_teams_on_the_demo_day(app, demo_day):
    at = app("pages/coach_overview.py")
    assert not at.exception
    assert texts(at.warning) == ["\n".join([
        "- **Team HR & Organisatie** (BV-HRM): no session for 76 days",
        "- **Team Participatie** (SD-PAR): no session for 44 days",
        "- **Team Klantcontact** (BZ-KCC): safety falling",
        "- **Team Wmo-loket** (SD-WMO): safety falling",
    ])]
    shown = {m.label: m.value for m in at.metric}
    assert (shown["Teams without a session for 30 days"],
            shown["Teams with falling safety"]) == ("2", "2")


def test_coach_overview_filters_by_value_stream(app):
    at = app("pages/coach_overview.py", stream="Sociaal Domein")
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["value_stream"]) == {"Sociaal Domein"}


def test_choosing_another_team_starts_an_empty_form(app):
    at = app("pages/session.py", team=TEAM)
    at.text_input(key="votes_safety_0").input("4 4 4").run()
    at.selectbox(key="session_team").select("BZ-KCC").run()
    assert not at.exception
    assert at.query_params["team"] == "BZ-KCC"
    assert at.text_input(key="votes_safety_1").value == ""
    assert not any(t.key == "votes_safety_0" for t in at.text_input)


@pytest.mark.parametrize("lang, count, late", [
    ("en", "{open} open, {overdue} of them past their due date.", "{days} days overdue"),
    ("nl", "{open} open, waarvan {overdue} over de afgesproken datum.", "{days} dagen te laat"),
])
def test_open_actions_past_their_due_date_say_how_late(app, demo_db, demo_day, lang, count,
                                                        late):
    at = app("pages/session.py", team="BZ-KCC", lang=lang)
    assert not at.exception
    actions = queries.open_actions(bootstrap.ready_connection(demo_db), "BZ-KCC", demo_day)
    days = metrics.days_overdue(actions, demo_day)
    assert 1 < (days > 1).sum() < len(actions)     # the demo has late and timely actions
    assert count.format(open=len(actions), overdue=(days > 0).sum()) in texts(at.caption)
    shown = "\n".join(texts(at.markdown))
    for action_id, overdue in zip(actions["action_id"], days, strict=True):
        line = next(text for text in shown.split("**") if f"{action_id} " in text)
        assert (late.format(days=overdue) in line) == (overdue > 1), action_id
