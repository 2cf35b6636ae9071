"""The database seam: one SQL text, the same rows and types from DuckDB and PostgreSQL, and
PostgreSQL's replicas taking turns at migrations and writes."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from alignment import bootstrap, contract, db, queries
from alignment.bootstrap import DEMO_DIR
from alignment.db.postgres import _with_placeholders
from alignment.ingest.pipeline import demo_loaded_once
from tests.conftest import AS_OF


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT ?", "SELECT %s"),
        ("SELECT ? WHERE a = ?", "SELECT %s WHERE a = %s"),
        ("SELECT '?' , ?", "SELECT '?' , %s"),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', %s"),
        ("SELECT 5 % 2, ?", "SELECT 5 %% 2, %s"),
        ("SELECT 'a%b' LIKE ?", "SELECT 'a%%b' LIKE %s"),
        ("SELECT ? -- a comment?\n, ?", "SELECT %s -- a comment?\n, %s"),
        ('SELECT "odd?name" FROM t WHERE x = ?', 'SELECT "odd?name" FROM t WHERE x = %s'),
    ],
)
def test_question_marks_become_psycopg_placeholders_outside_strings_and_comments(sql, expected):
    assert _with_placeholders(sql) == expected


# Each expression, the Python value fetched, and the dtype a frame gives it: the same on both.
VALUES = [
    ("CAST(? AS DATE)", [dt.date(2026, 3, 1)], dt.date(2026, 3, 1), "datetime64[us]"),
    ("CAST(NULL AS DATE)", [], None, "datetime64[us]"),
    ("CAST(? AS INTEGER)", [7], 7, "int32"),
    ("CAST(NULL AS INTEGER)", [], None, "Int32"),
    ("count(*)", [], 1, "int64"),
    ("CAST(? AS DOUBLE PRECISION)", [1.5], 1.5, "float64"),
    ("CAST(? AS VARCHAR)", ["één"], "één", "str"),
    ("CAST(NULL AS VARCHAR)", [], None, "object"),
    ("CAST(? AS BOOLEAN)", [True], True, "bool"),
    ("CAST(NULL AS BOOLEAN)", [], None, "boolean"),
    ("DATE '2026-03-01' - DATE '2026-02-01'", [], 28, "int32|int64"),
]


@pytest.mark.parametrize(("expression", "params", "value", "dtype"), VALUES,
                         ids=[v[0] for v in VALUES])
def test_a_value_comes_back_alike(con, expression, params, value, dtype):
    sql = "SELECT " + expression + " AS v FROM (SELECT 1 AS one) AS t GROUP BY t.one"
    if expression == "count(*)":
        sql = "SELECT count(*) AS v FROM (SELECT 1 AS one) AS t"
    fetched = con.execute(sql, params).fetchone()[0]
    frame = con.execute(sql, params).df()
    assert (fetched.date() if isinstance(fetched, dt.datetime) else fetched) == value
    assert str(frame["v"].dtype) in dtype.split("|")


def test_a_list_comes_back_as_an_array_of_its_items(con):
    frame = con.execute("SELECT CAST(ARRAY['a', 'b'] AS VARCHAR[]) AS v").df()
    assert list(frame["v"][0]) == ["a", "b"]


def test_a_staged_arrow_table_reads_as_a_table_and_goes_away(con):
    staged = pa.table({"id": pa.array(["a", "b", None]), "n": pa.array([1, 2, 3], pa.int64()),
                       "day": pa.array([dt.date(2026, 1, 1)] * 3, pa.date32()),
                       "tags": pa.array([["x", "y"], None, []], pa.list_(pa.string()))})
    cur = con.cursor()
    try:
        cur.register("staged", staged)
        rows = cur.execute("SELECT id, n, day, tags FROM staged ORDER BY n").fetchall()
        assert [(r[0], r[1], r[2]) for r in rows] == [
            ("a", 1, dt.date(2026, 1, 1)), ("b", 2, dt.date(2026, 1, 1)),
            (None, 3, dt.date(2026, 1, 1))]
        assert [list(r[3]) if r[3] is not None else None for r in rows] == [["x", "y"], None, []]
        assert cur.table("SELECT n FROM staged ORDER BY n").column("n").to_pylist() == [1, 2, 3]
        cur.unregister("staged")
        with pytest.raises(db.DatabaseError):
            cur.execute("SELECT * FROM staged")
    finally:
        cur.close()


# values a file can hold that a staging format could mangle: separators, quotes, escapes,
# line breaks, the empty text beside NULL, and list items of the same kinds
AWKWARD = [
    ("text", pa.string(), ["a,b", 'say "hi"', "back\\slash", "two\nlines", "", None, "NULL"]),
    ("tags", pa.list_(pa.string()),
     [["x,y", 'q"uote'], ["{brace}", "back\\slash"], [], None, ["", None], ["NULL"], ["ü €"]]),
    ("number", pa.float64(), [1e15, -0.1, 0.0, None, 2.5, 1e-9, 12345.678]),
    ("flag", pa.bool_(), [True, False, None, True, False, None, True]),
    ("moment", pa.timestamp("us"),
     [dt.datetime(2026, 1, 2, 3, 4, 5, 123456), None, dt.datetime(1999, 12, 31), None, None,
      None, None]),
]


@pytest.mark.parametrize(("column", "arrow_type", "values"), AWKWARD,
                         ids=[name for name, _, _ in AWKWARD])
def test_staged_values_come_back_as_they_went_in(con, column, arrow_type, values):
    staged = pa.table({"n": pa.array(range(len(values)), pa.int32()),
                       column: pa.array(values, arrow_type)})
    cur = con.cursor()
    try:
        cur.register("staged", staged)
        rows = cur.execute(f"SELECT {column} FROM staged ORDER BY n").fetchall()
    finally:
        cur.close()
    back = [list(r[0]) if isinstance(r[0], list | tuple | np.ndarray) else r[0] for r in rows]
    assert back == values


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ("INSERT INTO teams (team_id, name) VALUES ('T', 'again')", db.Refused),
        ("INSERT INTO goals (goal_id, title, level, status) VALUES ('G', 't', 'x', 'active')",
         db.Refused),
        ("SELECT * FROM no_such_table", db.DatabaseError),
    ],
)
def test_a_refused_statement_raises_the_seam_s_error_and_writes_nothing(con, statement, error):
    db.written(con, lambda cur: cur.execute("INSERT INTO teams (team_id, name) VALUES ('T', 'n')"))
    with pytest.raises(error):
        db.written(con, lambda cur: (cur.execute(
            "INSERT INTO teams (team_id, name) VALUES ('U', 'u')"), cur.execute(statement)))
    assert con.execute("SELECT team_id FROM teams ORDER BY team_id").fetchall() == [("T",)]


def test_a_cursor_of_a_cursor_sees_its_transaction(con):
    def work(cur):
        cur.execute("INSERT INTO teams (team_id, name) VALUES ('T', 'n')")
        return queries.reference_ids(cur)[0]

    assert db.written(con, work) == ["T"]


def test_a_sql_with_variants_runs_the_one_for_its_dialect(con):
    both = db.Sql(duckdb="SELECT 'duckdb' AS d", postgres="SELECT 'postgres' AS d")
    assert con.execute(both).fetchone() == (con.dialect,)


def test_frames_from_an_empty_result_keep_their_columns(con):
    frame = con.execute("SELECT team_id, name FROM teams").df()
    assert list(frame.columns) == ["team_id", "name"] and frame.empty
    assert isinstance(frame, pd.DataFrame)


# --- PostgreSQL shared by replicas: each test below is one database reached by several
# processes' pools at once (threads stand in for the replicas' processes).


def _at_once(count: int, action) -> list:
    """``action(i)`` in ``count`` threads released together; their results (or errors)."""
    start, results = threading.Barrier(count), [None] * count

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = action(i)
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_replicas_starting_together_migrate_once(postgres_server):
    url = postgres_server.empty_url()
    opened = _at_once(3, lambda _: db.connect(url))
    try:
        assert all(isinstance(o, db.Database) for o in opened), opened
        versions = opened[0].execute(
            "SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [v for (v,) in versions] == [v for v, _, _ in db.migrations("postgres")]
        assert opened[1].execute("SELECT count(*) FROM data_version").fetchone() == (1,)
    finally:
        for database in opened:
            if isinstance(database, db.Database):
                database.close()
        postgres_server.dropped(url)


def test_replicas_writing_together_lose_no_update(postgres_server):
    url = postgres_server.fresh_url()
    replicas = [db.connect(url) for _ in range(2)]
    try:
        db.written(replicas[0], lambda cur: cur.execute(
            "INSERT INTO teams (team_id, name) VALUES ('T', '0')"))

        def increments(i: int) -> None:
            for _ in range(10):
                # read, then write what was read plus one: without the write lock two replicas
                # would read the same number and one increment would be lost
                db.written(replicas[i], lambda cur: cur.execute(
                    "UPDATE teams SET name = ? WHERE team_id = 'T'",
                    [str(int(cur.execute("SELECT name FROM teams").fetchone()[0]) + 1)]))

        assert _at_once(2, increments) == [None, None]
        assert replicas[1].execute("SELECT name FROM teams").fetchone() == ("20",)
        # each write moved the version every replica's caches key on
        assert queries.versions(replicas[0]).version == 21
        assert queries.versions(replicas[0]) == queries.versions(replicas[1])
    finally:
        for database in replicas:
            database.close()
        postgres_server.dropped(url)


def test_an_unreachable_server_is_said_as_unavailable(tmp_path):
    with pytest.raises(db.Unavailable):
        db.connect(f"postgresql://nobody@/nothing?host={tmp_path}&connect_timeout=1")


def test_replicas_starting_on_an_empty_database_load_the_demo_once(postgres_server):
    url = postgres_server.fresh_url()
    replicas = [db.connect(url) for _ in range(3)]
    try:
        loaded = _at_once(3, lambda i: demo_loaded_once(replicas[i], DEMO_DIR, AS_OF))
        assert sorted(len(outcomes) for outcomes in loaded) == [0, 0, len(contract.LOAD_ORDER)]
        assert replicas[2].execute("SELECT count(*) FROM uploads").fetchone() == (
            len(contract.LOAD_ORDER),)
    finally:
        for database in replicas:
            database.close()
        postgres_server.dropped(url)


@pytest.mark.parametrize(("setting", "uploads"), [("on", len(contract.LOAD_ORDER)), ("off", 0)])
def test_an_empty_postgresql_database_gets_the_demo_unless_it_is_turned_off(
        postgres_server, monkeypatch, setting, uploads):
    url = postgres_server.fresh_url()
    monkeypatch.setenv(bootstrap.DEMO_ENV_VAR, setting)
    try:
        database = bootstrap.ready_connection(url)
        assert queries.upload_count(database) == uploads
    finally:
        db.close_shared(url)
        postgres_server.dropped(url)
