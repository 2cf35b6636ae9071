"""The schema: created on an empty database, idempotent, and every enum guarded by a CHECK."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import db, queries, topics

TABLES = {
    "goals", "products", "product_goals", "teams", "team_products", "experiments",
    "experiment_teams", "sessions", "actions", "uploads", "change_log", "people",
    "coach_teams", "schema_version", "data_version", "experiment_facts", "goal_measures",
    "check_ins", "live_sessions", "live_phases", "live_cards", "live_scores", "live_actions",
    "answers_discussed", "rollup_collaboration", "rollup_product_lens",
    "rollup_team_work", "topic_versions", "rollup_learning", "rollup_team_participation",
    "action_facts", "action_facts_live", "rollup_team_sessions", "rollup_team_sessions_live",
    "rollup_follow_through", "rollup_follow_through_live", "rollup_overdue",
    "rollup_overdue_live", "team_last_scores", "team_last_scores_live",
    "rollup_collaboration_totals", "rollup_product_lens_totals", "rollup_team_work_totals",
    "rollup_outcomes", "rollup_spread", "rollup_experiment_filters",
}


def table_names(con) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables"
                       " WHERE table_schema IN ('main', 'public')").fetchall()
    return {r[0] for r in rows}


def test_schema_on_empty_database_creates_every_table(con):
    assert table_names(con) == TABLES
    assert con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall() == [
        (1, "schema"), (2, "scope_macros"), (3, "data_version"), (4, "experiment_facts"),
        (5, "experiment_facts_of"), (6, "scope_rules_in_queries"), (7, "goal_measures"),
        (8, "live_sessions"), (9, "answers_discussed"), (10, "rollups"),
        (11, "topic_versions"), (12, "learning_rollup"), (13, "team_rollups"),
        (14, "rollups_without_keys"), (15, "session_rollups"), (16, "rollup_sources_in_code"),
        (17, "rollup_totals"), (18, "outcome_rollup"), (19, "chain_links"),
        (20, "experiment_filters"), (21, "adoption_sources")]


def test_migrating_again_applies_nothing_and_keeps_data(tmp_path):
    path = tmp_path / "a.duckdb"
    first = db.connect(path)
    first.execute("INSERT INTO teams (team_id, name) VALUES ('T1', 'Team één')")
    first.close()
    second = db.connect(path)
    assert db.migrate(second) == []
    assert second.execute("SELECT name FROM teams").fetchall() == [("Team één",)]
    assert second.execute("SELECT count(*) FROM schema_version").fetchone() == (
        len(db.migrations("duckdb")),)
    second.close()


@pytest.mark.parametrize(
    ("statement", "allowed"),
    [
        ("INSERT INTO goals (goal_id, title, level, status) VALUES ('G', 't', 'goal', 'active')",
         True),
        ("INSERT INTO goals (goal_id, title, level, status) VALUES ('G', 't', 'vision', 'active')",
         False),
        ("INSERT INTO goals (goal_id, title, level, status) VALUES ('G', 't', 'goal', 'open')",
         False),
        ("INSERT INTO goals (goal_id, title, level, status, parent_goal_id)"
         " VALUES ('G', 't', 'goal', 'active', 'G')", False),
        ("INSERT INTO products (product_id, name, value_stream, lifecycle)"
         " VALUES ('P', 'n', 'v', 'grow')", True),
        ("INSERT INTO products (product_id, name, value_stream, lifecycle)"
         " VALUES ('P', 'n', 'v', 'scale')", False),
        ("INSERT INTO products (product_id, name, value_stream, lifecycle, explore_target_pct)"
         " VALUES ('P', 'n', 'v', 'grow', 120)", False),
        ("INSERT INTO product_goals VALUES ('P', 'G', 'helps', 1)", False),
        ("INSERT INTO team_products VALUES ('T', 'P', 'lead', 50)", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens)"
         " VALUES ('E', 'T', 'Title', 'We believe', 'idea', 'value')", True),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens)"
         " VALUES ('E', 'T', 'Title', 'We believe', 'planned', 'value')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens)"
         " VALUES ('E', 'T', 'Title', 'We believe', 'idea', 'speed')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens)"
         " VALUES ('E', 'T', 'Ti', 'We believe', 'idea', 'value')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens)"
         " VALUES ('E', 'T', 'Title', 'We believe', 'running', 'value')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens,"
         " start_date, result) VALUES ('E', 'T', 'Title', 'h', 'stopped', 'flow',"
         " DATE '2026-01-01', 'proven')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens,"
         " start_date, end_date) VALUES ('E', 'T', 'Title', 'h', 'running', 'flow',"
         " DATE '2026-02-01', DATE '2026-01-01')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens,"
         " start_date) VALUES ('E', 'T', 'Title', 'h', 'done', 'flow', DATE '2026-02-01')",
         False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens,"
         " energy) VALUES ('E', 'T', 'Title', 'h', 'idea', 'flow', 6)", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens,"
         " decision) VALUES ('E', 'T', 'Title', 'h', 'idea', 'flow', 'continue')", False),
        ("INSERT INTO experiments (experiment_id, team_id, title, hypothesis, status, lean_lens,"
         " decision_scope) VALUES ('E', 'T', 'Title', 'h', 'idea', 'flow', 'company')", False),
        ("INSERT INTO experiment_teams VALUES ('E', 'T', 'owner')", False),
        ("INSERT INTO sessions (session_id, team_id, held_on, kind)"
         " VALUES ('S', 'T', DATE '2026-01-01', 'standup')", False),
        ("INSERT INTO sessions (session_id, team_id, held_on, kind, safety)"
         " VALUES ('S', 'T', DATE '2026-01-01', 'retro', 5.5)", False),
        ("INSERT INTO actions (action_id, session_id, owner_team_id, description, status)"
         " VALUES ('A', 'S', 'T', 'd', 'closed')", False),
        ("INSERT INTO actions (action_id, session_id, owner_team_id, description, status)"
         " VALUES ('A', 'S', 'T', 'd', 'done')", False),
        ("INSERT INTO people VALUES ('a@b.c', 'A', 'guest', NULL)", False),
        ("INSERT INTO people VALUES ('a@b.c', 'A', 'member', NULL)", False),
        ("INSERT INTO people VALUES ('a@b.c', 'A', 'coach', NULL)", True),
        ("INSERT INTO goal_measures VALUES ('M', 'G', 'n', '%', 'higher', 1, 2, NULL)", True),
        ("INSERT INTO goal_measures VALUES ('M', 'G', 'n', '%', 'lower', 2, 1, NULL)", True),
        ("INSERT INTO goal_measures VALUES ('M', 'G', 'n', '%', 'higher', 2, 1, NULL)", False),
        ("INSERT INTO goal_measures VALUES ('M', 'G', 'n', '%', 'lower', 1, 1, NULL)", False),
        ("INSERT INTO goal_measures VALUES ('M', 'G', 'n', '%', 'up', 1, 2, NULL)", False),
        ("INSERT INTO check_ins VALUES ('C', 'M', DATE '2026-01-01', 3, 'on_track', NULL)",
         True),
        ("INSERT INTO check_ins VALUES ('C', 'M', DATE '2026-01-01', 3, 'fine', NULL)", False),
        ("INSERT INTO check_ins VALUES ('C', 'M', NULL, 3, NULL, NULL)", False),
    ],
)
def test_constraints(con, statement, allowed):
    if allowed:
        con.execute(statement)
    else:
        with pytest.raises(db.Refused):
            con.execute(statement)


def test_primary_keys_refuse_duplicates(con):
    con.execute("INSERT INTO teams (team_id, name) VALUES ('T1', 'a')")
    with pytest.raises(db.Refused):
        con.execute("INSERT INTO teams (team_id, name) VALUES ('T1', 'b')")


def test_failed_write_leaves_nothing(con):
    def work(cur):
        cur.execute("INSERT INTO teams (team_id, name) VALUES ('T1', 'a')")
        cur.execute("INSERT INTO teams (team_id, name) VALUES ('T1', 'b')")

    with pytest.raises(db.Refused):
        db.written(con, work)
    assert con.execute("SELECT count(*) FROM teams").fetchone() == (0,)


def test_database_path_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(db.ENV_VAR, str(tmp_path / "x.duckdb"))
    assert db.database_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv(db.ENV_VAR)
    assert str(db.database_path()) == "data/alignment.duckdb"


def test_every_write_moves_the_data_version_on_and_a_failed_one_does_not(con):
    before = queries.versions(con)
    db.written(con, lambda cur: cur.execute("INSERT INTO teams (team_id, name) VALUES ('T', 'n')"))
    after = queries.versions(con)
    with pytest.raises(db.Refused):
        db.written(con, lambda cur: cur.execute(
            "INSERT INTO teams (team_id, name) VALUES ('T', 'again')"),
            touches=topics.touched(topics.REFERENCE))
    assert (after.database_id, after.version) == (before.database_id, before.version + 1)
    assert queries.versions(con) == after


def test_the_last_change_is_the_moment_of_the_last_write(con):
    assert queries.versions(con).changed_at is None  # a new database has never changed
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.written(con, lambda cur: cur.execute("INSERT INTO teams (team_id, name) VALUES ('T', 'n')"))
    first = queries.versions(con).changed_at
    db.written(con, lambda cur: cur.execute("UPDATE teams SET name = 'm'"))
    assert started - dt.timedelta(seconds=5) <= first <= queries.versions(con).changed_at


def test_two_databases_never_share_a_data_version():
    first, second = db.connect(), db.connect()
    assert queries.versions(first).database_id != queries.versions(second).database_id


@pytest.mark.parametrize(
    ("touches", "moved"),
    [
        (None, {"*"}),
        (topics.touched(topics.VALUE), {"value"}),
        (topics.touched(topics.SESSIONS, streams=["Burgerzaken"]),
         {"sessions", "sessions@Burgerzaken"}),
        (topics.touched(topics.EXPERIMENTS, topics.PEOPLE, streams=["A", "B"]),
         {"experiments", "experiments@A", "experiments@B", "people"}),
        (topics.touched(topics.DECISIONS), {"decisions", "decisions@*"}),
        (lambda cur, result: topics.touched(topics.LIVE), {"live"}),
        (topics.touched(), set()),
    ],
    ids=["naming nothing", "a topic", "a topic in a stream", "two topics in two streams",
         "streams unknown", "said by the work", "touching nothing"],
)
def test_a_write_moves_the_versions_of_what_it_touched_to_its_data_version(con, touches, moved):
    db.written(con, lambda cur: None, touches=topics.touched(topics.UPLOADS))
    before = dict(queries.versions(con).topics)
    db.written(con, lambda cur: None, touches=touches)
    after = queries.versions(con)
    changed = {key for key, version in after.topics if before.get(key) != version}
    assert changed == moved
    assert all(dict(after.topics)[key] == after.version for key in moved)


# DuckDB reports its limit in MiB: 384 MB is 366.2 MiB and 1 GB is 953.6 MiB.
@pytest.mark.parametrize(("env", "limit"), [(None, "366.2 MiB"), ("1GB", "953.6 MiB")],
                         ids=["bounded by default", "set by the environment"])
def test_a_database_file_gets_a_bounded_buffer_pool(tmp_path, monkeypatch, env, limit):
    if env:
        monkeypatch.setenv(db.MEMORY_ENV_VAR, env)
    con = db.connect(tmp_path / "a.duckdb")
    assert con.execute("SELECT current_setting('memory_limit')").fetchone() == (limit,)
    con.close()
