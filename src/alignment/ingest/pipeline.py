"""One upload end to end: read → validate → reference checks → diff → atomic upsert.

``upload_preview`` answers "what would this file do?" without writing; ``upload_committed``
does the same work again inside one transaction and writes it, or writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from alignment import access, contract, db, queries, store
from alignment.access import Person
from alignment.ingest.problems import NotACsv, Problem, References, Said, problem, said
from alignment.ingest.reader import rows_from_bytes, text_array
from alignment.ingest.validate import checked_rows

PREVIEW_LIMIT = 1000

# Who loads the demo organisation: an admin, named "demo" in the audit columns.
DEMO_LOADER = Person(email="demo", name="Demo loader", role=access.ADMIN)


@dataclass
class Outcome:
    """What an upload found and (if committed) did."""

    kind: str
    file_name: str
    sha256: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_ids: list[str] = field(default_factory=list)
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    upload_id: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    @property
    def nothing_to_do(self) -> bool:
        return not self.blocked and self.new == 0 and self.changed == 0


def references_for(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame, kind: str) -> References:
    """What the checks of ``frame`` need to know of the database, and nothing more."""
    teams, products, goals = queries.reference_ids(cur)
    stored = queries.named_experiments(
        cur, _mentioned(frame, ("experiment_id", "source_experiment_id"))
    )
    sessions = queries.named_sessions(cur, _mentioned(frame, ("session_id",)))
    parents = queries.goal_parents(cur) if kind == "goals" else pd.DataFrame()
    people = queries.people_roles(cur) if kind == "coach_teams" else pd.DataFrame()
    return References(
        team_ids=frozenset(teams),
        product_ids=frozenset(products),
        goal_ids=frozenset(goals),
        experiment_teams=dict(zip(stored["experiment_id"], stored["team_id"], strict=True)),
        validated_experiments=frozenset(stored.loc[stored["validated"].fillna(False).astype(bool),
                                                   "experiment_id"]),
        goal_parents=(
            {} if parents.empty else
            {g: (None if pd.isna(p) else p)
             for g, p in zip(parents["goal_id"], parents["parent_goal_id"], strict=True)}
        ),
        session_ids=frozenset(sessions["session_id"]),
        person_roles=(
            {} if people.empty else
            dict(zip(people["email"].str.lower(), people["role"], strict=True))
        ),
    )


def _mentioned(frame: pd.DataFrame, columns: tuple[str, ...]) -> pa.Array:
    """Every distinct non-empty value of ``columns`` in the uploaded frame."""
    found = [text_array(frame[column]).cast(pa.string()) for column in columns if column in frame]
    if not found:
        return pa.array([], pa.string())
    return pc.unique(pa.chunked_array(found, pa.string())).drop_null()


def _prepared(
    cur: duckdb.DuckDBPyConnection, kind: str, file_name: str, data: bytes, today: dt.date,
    *, preview: bool, actor: Person,
) -> Outcome:
    """The file read, checked and (when valid) staged as ``incoming`` on ``cur``, diffed.

    Rows ``actor`` may not write (another team's) are errors like any other: the whole file
    is refused.
    """
    outcome = Outcome(kind=kind, file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    try:
        raw = rows_from_bytes(data, kind)
    except NotACsv as exc:
        outcome.problems = [problem(0, "", file_name, exc.said, _not_a_csv_fix(kind))]
        return outcome
    outcome.rows = len(raw)
    references = references_for(cur, raw, kind)
    frame, outcome.problems = checked_rows(raw, kind, references, today, python_objects=False)
    refused = access.refused_rows(actor, kind, raw)
    if refused:
        outcome.problems = sorted([*refused, *outcome.problems], key=lambda p: p.line)
    if frame is None or outcome.blocked:
        return outcome
    store.staged(cur, kind, frame)
    outcome.new, outcome.changed, outcome.unchanged = store.change_counts(cur, kind)
    if preview:
        outcome.new_ids = store.new_ids(cur, kind, PREVIEW_LIMIT)
        outcome.changes = store.field_changes(cur, kind, PREVIEW_LIMIT)
    return outcome


def _not_a_csv_fix(kind: str) -> Said:
    return said("problem.fix_not_a_csv", kind=said(f"kind.{kind}"))


def upload_preview(
    con: duckdb.DuckDBPyConnection, kind: str, file_name: str, data: bytes, today: dt.date,
    *, actor: Person,
) -> Outcome:
    """Everything the upload would find and change for ``actor``, without writing anything."""
    cur = con.cursor()
    try:
        outcome = _prepared(cur, kind, file_name, data, today, preview=True, actor=actor)
        return outcome
    finally:
        cur.close()


def upload_committed(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    file_name: str,
    data: bytes,
    *,
    actor: Person,
    today: dt.date,
    now: dt.datetime | None = None,
) -> Outcome:
    """Check and write one file in one transaction: all of it, or (on any error) nothing.

    ``actor`` is checked (a member writes only their own team's experiments) and recorded
    as the author; the upload's team is the actor's team, never one named in the file.
    """
    user = actor.email

    def work(cur: duckdb.DuckDBPyConnection) -> Outcome:
        # the preview's samples are not needed here: change_log records every change
        outcome = _prepared(cur, kind, file_name, data, today, preview=False, actor=actor)
        if outcome.blocked or outcome.nothing_to_do:
            return outcome
        stamp = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        outcome.upload_id = store.upload_id(stamp)
        store.logged_changes(cur, kind, outcome.upload_id, user, stamp)
        store.merged(cur, kind)
        store.recorded_upload(
            cur, upload=outcome.upload_id, kind=kind, team_id=actor.team_id,
            file_name=file_name, sha256=outcome.sha256, now=stamp, user=user,
            counts=(outcome.new, outcome.changed, outcome.unchanged),
        )
        return outcome

    return db.written(con, work)


class DemoDataInvalid(RuntimeError):
    """A demo file failed its own checks: the demo must always validate."""


def demo_loaded(
    con: duckdb.DuckDBPyConnection, directory: Path, today: dt.date
) -> list[Outcome]:
    """Load every demo CSV in ``directory`` through the upload pipeline, in reference order."""
    outcomes = []
    for kind in contract.LOAD_ORDER:
        path = directory / f"{kind}.csv"
        outcome = upload_committed(
            con, kind, path.name, path.read_bytes(), actor=DEMO_LOADER, today=today
        )
        if outcome.blocked:
            first = outcome.errors[0]
            raise DemoDataInvalid(
                f"{path.name} line {first.line}, {first.column}: {first.problem} "
                f"({len(outcome.errors)} errors)"
            )
        outcomes.append(outcome)
    return outcomes
