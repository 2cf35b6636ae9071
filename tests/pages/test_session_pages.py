"""The coach pages run a whole session on the demo, and show the figures the metrics compute."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, charts, metrics, queries, views
from alignment.demo import DEMO_AS_OF
from alignment.scope import Scope
from alignment.ui import context
from alignment.ui.widgets import percent
from tests.pages.conftest import opened
from tests.pages.test_live_pages import clock

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
        "SELECT team_id, held_on, facilitator, kind, covered_results, covered_collaboration,"
        " covered_safety, safety, ownership, energy, collaboration, notes"
        " FROM sessions WHERE session_id NOT IN "
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
    assert any(s.startswith("Saved session S-0184 with 1 new action. ") for s in
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


def field_errors(at: AppTest, key: str) -> list[str]:
    """The errors drawn in the column that holds the widget ``key``: what is said at the field."""
    def walk(block):
        children = list(block.children.values())
        if any(getattr(child, "key", None) == key for child in children):
            return [e.value for e in block.get("error")]
        return [found for child in children if hasattr(child, "children")
                for found in walk(child)]
    return walk(at.main)


@pytest.mark.parametrize(("lang", "safety", "energy", "at_safety", "at_energy"), [
    ("en", "4 3", "4", "Safety: 2 votes are too few", "Energy: 1 vote is too few"),
    ("nl", "4 3", "4", "Veiligheid: 2 stemmen zijn te weinig", "Energie: 1 stem is te weinig"),
])
def test_too_few_votes_are_said_at_their_field_and_nothing_is_saved(
        fresh_demo, lang, safety, energy, at_safety, at_energy):
    con = fresh_demo
    count = con.execute("SELECT count(*) FROM sessions").fetchone()
    at = opened("pages/session.py", team=TEAM, lang=lang)
    at.text_input(key="votes_safety_0").input(safety)
    at.text_input(key="votes_energy_0").input(energy)
    at.text_input(key="votes_collaboration_0").input("4 4 4")
    next(b for b in at.button if b.label in ("Save session", "Sessie opslaan")).click().run()
    [said_at_safety] = field_errors(at, "votes_safety_0")
    [said_at_energy] = field_errors(at, "votes_energy_0")
    assert said_at_safety.startswith(at_safety) and said_at_energy.startswith(at_energy)
    assert field_errors(at, "votes_collaboration_0") == []
    assert field_errors(at, "votes_ownership_0") == []
    assert not any("(s)" in e or "(men)" in e for e in texts(at.error))
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
    # nothing for the desk on the shared screen: no download, no "how is this computed"
    assert not at.get("download_button")
    # (the only expander left folds away the actions open for months)
    assert [e.label.split(" (")[0] for e in at.expander] == ["Overdue by more than 90 days"]
    # tables as plain text the page's large type reaches, charts with type for the room
    assert len(at.table) == 1 and not at.dataframe
    # the score trends and the experiments' outcome bullets
    drawn = [e for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]
    assert len(drawn) >= 2
    for chart in drawn:
        config = json.loads(chart.proto.spec)["config"]
        assert config["locale"]["number"]["decimal"] == "."      # the language's formats stay
        for part, sizes in charts.PRESENTER_CONFIG.items():
            assert all(config[part][name] == size >= 18 for name, size in sizes.items()), part
    at.button(key="leave_presenter").click().run()
    assert "present" not in at.query_params
    assert at.text_input(key="votes_safety_0")
    assert at.selectbox(key="session_team").value == "BZ-KCC"
    assert len(at.get("download_button")) >= 2 and at.dataframe and not at.table
    assert "How is this computed?" in [e.label for e in at.expander]


def test_the_timebox_follows_the_agenda(app):
    at = app("pages/session.py", team=TEAM)
    assert clock(at) == ("Time left — Check-in", "02:00", False)
    at.number_input(key="agenda_results").set_value(7).run()
    at.button(key="timer_next").click().run()
    assert clock(at) == ("Time left — Results", "07:00", False)
    at.button(key="timer_start").click().run()
    assert at.button(key="timer_start").disabled and not at.button(key="timer_pause").disabled
    # the browser counts down from here: the server drew the clock once, running
    assert clock(at)[2] is True


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
    overview = views.attention_said(metrics.coach_overview(
        queries.team_roster(con), sessions, actions, today, scope.start), "en")
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
    for action_id, overdue in zip(actions["action_id"], days, strict=True):
        [line] = [text for text in texts(at.markdown) if f"  \n{action_id} " in text]
        assert (late.format(days=overdue) in line) == (overdue > 1), action_id


def grouped_actions(con, team: str, today: dt.date):
    """The team's open actions as the page groups them."""
    return metrics.action_groups(queries.open_actions(con, team, today), today)


def heading_count(at: AppTest, start: str) -> int:
    """The count in the heading of a group of open actions ("Overdue (2)"); 0 when the page
    shows no such group."""
    headings = [m.value.strip("*") for m in at.markdown if m.value.startswith(f"**{start}")]
    headings += [e.label for e in at.expander if e.label.startswith(start)]
    assert len(headings) <= 1, headings
    return int(headings[0].rsplit("(", 1)[1].rstrip(")")) if headings else 0


def test_open_actions_are_grouped_by_how_late_they_are(app, demo_db):
    at = app("pages/session.py", team="BZ-KCC")
    today = dt.date.today()
    grouped = grouped_actions(bootstrap.ready_connection(demo_db), "BZ-KCC", today)
    counts = grouped["group"].value_counts()
    assert counts["long_overdue"] > 0       # the demo has actions open for more than 90 days
    for group, start in (("long_overdue", "Overdue by more than 90 days"),
                         ("overdue", "Overdue ("), ("due_soon", "Due in the next 14 days"),
                         ("later", "Due later or without a due date")):
        assert heading_count(at, start) == counts.get(group, 0), group
    # those open for months are folded away under their count, not one long red list
    [folded] = [e for e in at.expander if e.label.startswith("Overdue by more than 90 days")]
    assert not folded.proto.expanded
    long_overdue = set(grouped.loc[grouped["group"] == "long_overdue", "action_id"])
    assert {m.value.split("  \n")[1].split()[0] for m in folded.markdown
            if "  \n" in m.value} == long_overdue


def test_a_coach_carries_an_overdue_action_over_to_a_new_date(fresh_demo):
    con, today = fresh_demo, dt.date.today()
    grouped = grouped_actions(con, "BZ-KCC", today)
    action = grouped.loc[grouped["group"] == "long_overdue", "action_id"].iloc[0]
    old_due = grouped.set_index("action_id").loc[action, "due_on"]
    later = heading_count(opened("pages/session.py", team="BZ-KCC"),
                          "Due later or without a due date")
    at = opened("pages/session.py", team="BZ-KCC")

    # a day in the past is refused at that action, and nothing is written
    at.date_input(key=f"carry_due_{action}").set_value(today - dt.timedelta(days=1))
    at.button(key=f"carry_save_{action}").click().run()
    assert not at.exception
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert f"{yesterday} is in the past: choose a due date from today" in texts(at.error)[0]
    assert con.execute("SELECT count(*) FROM change_log WHERE field = 'due_on'").fetchone() == (0,)

    new_due = today + dt.timedelta(days=30)
    at.date_input(key=f"carry_due_{action}").set_value(new_due)
    at.button(key=f"carry_save_{action}").click().run()
    assert f"Action {action} carried over: now due {new_due.isoformat()}." in texts(at.success)
    assert not at.error
    assert con.execute("SELECT due_on, status FROM actions WHERE action_id = ?",
                       [action]).fetchall() == [(new_due, "open")]
    assert con.execute(
        "SELECT old_value, new_value, changed_by FROM change_log "
        "WHERE entity = 'actions' AND entity_id = ? AND field = 'due_on'", [action]
    ).fetchall() == [(pd.Timestamp(old_due).date().isoformat(), new_due.isoformat(),
                      "local admin")]
    # it now waits among the later ones, no longer among the long overdue
    assert heading_count(at, "Due later or without a due date") == later + 1


ANSWERING_COLUMNS = ["team_name", "session_page", "last_session", "days_since",
                     "overdue_actions", "attention"]


def test_coach_overview_table_answers_first_and_reads_percentages_as_the_tiles(app, demo_db):
    at = app("pages/coach_overview.py")
    assert not at.exception
    table = at.dataframe[0]
    shown = list(table.proto.column_order)
    assert shown[:len(ANSWERING_COLUMNS)] == ANSWERING_COLUMNS
    # no id beside its name, no true/false columns the flag already says
    assert not {"team_id", "quiet", "falling_safety"} & set(shown)
    config = json.loads(table.proto.columns)
    assert config["last_session"]["type_config"] == {"type": "date", "format": "YYYY-MM-DD"}
    con, today = bootstrap.ready_connection(demo_db), dt.date.today()
    overview = views.attention_said(metrics.coach_overview(
        queries.team_roster(con), queries.team_sessions(con, today),
        queries.session_actions(con, today), today, Scope(as_of=today).start),
        "en").set_index("team_id")
    rows = table.value.set_index("team_id")
    for column in ("breadth", "follow_through"):
        assert config[column]["type_config"]["format"] == "%d%%"
        # the number the cell's format writes is the one a tile writes for the same share
        written = {team: "—" if pd.isna(v) else f"{int(v)}%" for team, v in rows[column].items()}
        assert written == {team: percent(v) for team, v in overview[column].items()}, column
        assert any(v not in ("—", "0%", "100%") for v in written.values())
    assert set(rows["session_page"]) == {f"/session?team={team}" for team in overview.index}
    # a team without a flag reads a dash in the flag column, as any missing text does
    assert set(rows.loc[overview["attention"] == "", "attention"]) == {"—"}
