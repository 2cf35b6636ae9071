"""One upload end to end: read → validate → reference checks → diff → atomic upsert.

``upload_preview`` answers "what would this file do?" without writing; ``upload_committed``
does the same work again inside one transaction and writes it, or writes nothing. A column
the file does not have keeps each stored row's value: only an empty cell clears one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from alignment import access, contract, db, queries, store, topics
from alignment.access import Person
from alignment.db import Cursor, Database
from alignment.ingest.cells import text_array, text_series
from alignment.ingest.problems import NotACsv, References
from alignment.ingest.reader import rows_from_bytes
from alignment.ingest.validate import checked_rows
from alignment.problems import Problem, Said, problem, said

# Rows a preview shows of the new and of the changed ones, and ids a commit links to.
PREVIEW_ROWS = 50

STALE = said("problem.stale_preview")

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
    kept_columns: list[str] = field(default_factory=list)
    new_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    cleared: dict[str, int] = field(default_factory=dict)
    basis: str | None = None
    written_ids: list[str] = field(default_factory=list)
    upload_id: str | None = None

    @property
    def new_ids(self) -> list[str]:
        """The ids of the new rows the preview shows (``a|b`` for a link)."""
        if self.new_rows.empty:
            return []
        keys = self.new_rows[list(store.KEYS[self.kind])].astype(str)
        return keys.agg("|".join, axis=1).to_list()

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
    def out_of_date(self) -> bool:
        """Whether a commit found the stored rows changed since the preview it was given."""
        return any(p.problem_said is not None and p.problem_said.key == STALE.key
                   for p in self.errors)

    @property
    def nothing_to_do(self) -> bool:
        return not self.blocked and self.new == 0 and self.changed == 0


def references_for(cur: Cursor, frame: pd.DataFrame, kind: str) -> References:
    """What the checks of ``frame`` need to know of the database, and nothing more."""
    teams, products, goals = queries.reference_ids(cur)
    stored = queries.named_experiments(
        cur, _mentioned(frame, ("experiment_id", "source_experiment_id"))
    )
    sessions = queries.named_sessions(cur, _mentioned(frame, ("session_id",)))
    parents = queries.goal_parents(cur) if kind == "goals" else pd.DataFrame()
    people = queries.people_roles(cur) if kind == "coach_teams" else pd.DataFrame()
    measures = queries.measure_ids(cur) if kind == "check_ins" else []
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
        measure_ids=frozenset(measures),
    )


def _mentioned(frame: pd.DataFrame, columns: tuple[str, ...]) -> pa.Array:
    """Every distinct non-empty value of ``columns`` in the uploaded frame."""
    found = [text_array(frame[column]).cast(pa.string()) for column in columns if column in frame]
    if not found:
        return pa.array([], pa.string())
    return pc.unique(pa.chunked_array(found, pa.string())).drop_null()


def _prepared(
    cur: Cursor, kind: str, file_name: str, data: bytes, today: dt.date,
    *, preview: bool, actor: Person, previewed: str | None = None,
) -> Outcome:
    """The file read, checked and (when valid) staged as ``incoming`` on ``cur``, diffed.

    Rows ``actor`` may not write (another team's, or a decision above the team for a member)
    are errors like any other: the whole file is refused. ``previewed`` is the ``basis`` of
    the preview the person confirmed: if the stored rows changed since, the file is refused.
    """
    outcome = Outcome(kind=kind, file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    try:
        raw = rows_from_bytes(data, kind)
    except NotACsv as exc:
        outcome.problems = [problem(0, "", file_name, exc.said, _not_a_csv_fix(kind))]
        return outcome
    outcome.rows = len(raw)
    raw, outcome.kept_columns = _with_stored_values(cur, kind, raw)
    references = references_for(cur, raw, kind)
    frame, outcome.problems = checked_rows(raw, kind, references, today, python_objects=False)
    refused = access.refused_rows(actor, kind, raw)
    if refused:
        outcome.problems = sorted([*refused, *outcome.problems], key=lambda p: p.line)
    if frame is None or outcome.blocked:
        return outcome
    store.staged(cur, kind, frame)
    refused = _refused_decisions(cur, kind, actor, frame)
    if refused:
        outcome.problems = sorted([*refused, *outcome.problems], key=lambda p: p.line)
        return outcome
    if previewed is not None and _basis(cur, outcome) != previewed:
        outcome.problems = [problem(0, "", file_name, STALE, said("problem.fix_stale_preview")),
                            *outcome.problems]
        return outcome
    outcome.new, outcome.changed, outcome.unchanged = store.change_counts(cur, kind)
    if preview:
        outcome.basis = _basis(cur, outcome)
        outcome.new_rows = store.new_rows(cur, kind, PREVIEW_ROWS)
        # ordered by id, so the first PREVIEW_ROWS changed rows have all their fields here
        fields = len(contract.COLUMNS[kind]) - len(store.KEYS[kind])
        outcome.changes = store.field_changes(cur, kind, PREVIEW_ROWS * max(fields, 1))
        outcome.cleared = store.cleared_fields(cur, kind)
    return outcome


def _basis(cur: Cursor, outcome: Outcome) -> str:
    """What a preview was based on: the file, and the stored rows it names as they are now."""
    return outcome.sha256 + ":" + store.stored_fingerprint(cur, outcome.kind)


def _with_stored_values(
    cur: Cursor, kind: str, raw: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """``raw`` with each column the file lacks filled in from the stored row (as text), and
    those columns: a column absent from a file keeps its stored values.

    The checks then see each row as it will be stored (a ``done`` experiment keeps its stored
    result), and the write replaces a row with the same values where the file says nothing.
    """
    keys = store.KEYS[kind]
    absent = [column for column in contract.COLUMNS[kind] if column not in raw.columns]
    if not absent or any(key in absent for key in keys):  # a missing key: the header's error
        return raw, absent
    looked_up = pa.table({key: text_array(raw[key]) for key in keys})
    if "email" in keys:  # e-mail addresses are stored lowercased
        looked_up = looked_up.set_column(
            keys.index("email"), "email", pc.utf8_lower(looked_up.column("email")))
    stored = store.stored_texts(cur, kind, looked_up, absent)
    filled = raw.assign(**{
        column: text_series(_as_file_number(stored.column(column)), raw.index)
        for column in absent
    })
    filled.attrs = dict(raw.attrs)
    return filled, absent


def _as_file_number(cells: pa.ChunkedArray) -> pa.Array:
    """Stored text with any number DuckDB wrote with an exponent (``1e+20``) written out in
    digits, as a file would have it (the reader reads no exponents)."""
    cells = cells.combine_chunks()
    exponent = pc.fill_null(pc.match_substring_regex(cells, r"^[+-]?[0-9.]+e[+-]?[0-9]+$"),
                            False)
    if not pc.any(exponent).as_py():
        return cells
    texts = cells.to_pylist()
    for position in np.flatnonzero(exponent.to_numpy(zero_copy_only=False)):
        texts[position] = np.format_float_positional(float(texts[position]), trim="-")
    return pa.array(texts, pa.string())


def _refused_decisions(
    cur: Cursor, kind: str, actor: Person, frame: pd.DataFrame
) -> list[Problem]:
    """Why ``actor`` may not make the staged decisions: one error per row, with its line."""
    if kind != "experiments" or access.may_record_decision(actor):
        return []
    rows = store.decisions_above_team(cur)
    if rows.empty:
        return []
    lines = dict(zip(frame["experiment_id"], frame["line"], strict=True))
    return access.refused_decisions(rows.assign(line=rows["experiment_id"].map(lines)))


def _not_a_csv_fix(kind: str) -> Said:
    return said("problem.fix_not_a_csv", kind=said(f"kind.{kind}"))


def upload_preview(
    con: Database, kind: str, file_name: str, data: bytes, today: dt.date,
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
    con: Database,
    kind: str,
    file_name: str,
    data: bytes,
    *,
    actor: Person,
    today: dt.date,
    now: dt.datetime | None = None,
    previewed: str | None = None,
) -> Outcome:
    """Check and write one file in one transaction: all of it, or (on any error) nothing.

    ``actor`` is checked (a member writes only their own team's experiments) and recorded
    as the author; the upload's team is the actor's team, never one named in the file.
    ``previewed`` is the ``basis`` of the preview the person confirmed: when the stored rows
    it was based on have changed since, nothing is written and the outcome says so.
    """
    return db.written(con, lambda cur: _written_upload(
        cur, kind, file_name, data, actor=actor, today=today, now=now, previewed=previewed),
        touches=lambda cur, outcome: _upload_touched(cur, kind, outcome))


def _upload_touched(cur: Cursor, kind: str, outcome: Outcome) -> topics.Touched:
    """What a written upload touched: nothing when it wrote nothing; an experiments upload
    in the value streams of its experiments."""
    if outcome.blocked or outcome.nothing_to_do:
        return topics.touched()
    if kind != "experiments":
        return topics.upload_touched(kind)
    return topics.upload_touched(kind, queries.staged_experiment_streams(cur, outcome.upload_id))


def _written_upload(
    cur: Cursor, kind: str, file_name: str, data: bytes, *, actor: Person, today: dt.date,
    now: dt.datetime | None, previewed: str | None,
) -> Outcome:
    """``upload_committed``'s work, on a cursor inside the write's transaction."""
    # the preview's samples are not needed here: change_log records every change
    outcome = _prepared(cur, kind, file_name, data, today, preview=False, actor=actor,
                        previewed=previewed)
    if outcome.blocked or outcome.nothing_to_do:
        return outcome
    stamp = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    outcome.upload_id = store.upload_id(stamp)
    outcome.written_ids = store.written_ids(cur, kind, PREVIEW_ROWS)
    store.logged_changes(cur, kind, outcome.upload_id, actor.email, stamp)
    store.merged(cur, kind)
    store.recorded_upload(
        cur, upload=outcome.upload_id, kind=kind, team_id=actor.team_id,
        file_name=file_name, sha256=outcome.sha256, now=stamp, user=actor.email,
        counts=(outcome.new, outcome.changed, outcome.unchanged),
    )
    return outcome


class DemoDataInvalid(RuntimeError):
    """A demo file failed its own checks: the demo must always validate."""


def demo_loaded(
    con: Database, directory: Traversable, today: dt.date
) -> list[Outcome]:
    """Load every demo CSV in ``directory`` through the upload pipeline, in reference order."""
    return [db.written(con, lambda cur, kind=kind: _demo_file_written(cur, directory, kind,
                                                                      today))
            for kind in contract.LOAD_ORDER]


def demo_loaded_once(con: Database, directory: Traversable, today: dt.date) -> list[Outcome]:
    """The demo loaded in one transaction into a database that holds no upload yet; nothing
    when it does. Replicas starting together take turns, so one of them loads it."""

    def work(cur: Cursor) -> list[Outcome]:
        if queries.upload_count(cur):
            return []
        return [_demo_file_written(cur, directory, kind, today)
                for kind in contract.LOAD_ORDER]

    return db.written(con, work)


def _demo_file_written(cur: Cursor, directory: Traversable, kind: str, today: dt.date) -> Outcome:
    """One demo CSV written on ``cur``; a demo file that fails its own checks raises."""
    path = directory / f"{kind}.csv"
    outcome = _written_upload(
        cur, kind, path.name, path.read_bytes(), actor=DEMO_LOADER, today=today,
        now=None, previewed=None,
    )
    if outcome.blocked:
        first = outcome.errors[0]
        raise DemoDataInvalid(
            f"{path.name} line {first.line}, {first.column}: {first.problem} "
            f"({len(outcome.errors)} errors)"
        )
    return outcome
