"""A write makes cold exactly the cached reads it can change, and no warm read is stale.

Each row: the leader pages' reads are keyed as the pages key them (``ui.cached``), one write
of a kind is made, and the reads whose keys moved are counted against the table; every read
whose key stayed is computed again from the database and must give the same figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator

import pandas as pd
import pytest

from alignment import (
    access,
    db,
    kpis,
    queries,
    store,
    views,
)
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed
from alignment.scope import Scope
from alignment.session import live
from alignment.session.record import NewSession
from alignment.store import live as store_live
from alignment.store import sessions as store_sessions
from alignment.store import value as store_value
from alignment.store.value import NewCheckIn
from alignment.ui.cached import version_key
from tests.conftest import demo_database

TODAY = dt.date.today()
ALL = Scope(as_of=TODAY, period="all")
SOCIAL = Scope(as_of=TODAY, period="all", value_stream="Sociaal Domein")
NOW = dt.datetime(2026, 1, 1, 12)

# What the leader pages read, as they read it: whole, and filtered to a stream nobody writes.
READS: dict[str, tuple[Callable, tuple]] = {
    "overview tiles": (kpis.overview_kpis, (ALL,)),
    "breaks": (views.breaks_by_type, (TODAY, "en")),
    "cascade": (views.cascade, (ALL, "en")),
    "goal values": (views.goal_values, (TODAY,)),
    "learning": (views.learning, (ALL, 3)),
    "learning, other stream": (views.learning, (SOCIAL, 3)),
    "value proof": (views.value_proof, (ALL,)),
    "collaboration": (views.collaboration, (ALL, "en")),
    "collaboration, other stream": (views.collaboration, (SOCIAL, "en")),
    "coaching": (views.coaching, (ALL, "en", None)),
    "coaching, other stream": (views.coaching, (SOCIAL, "en", None)),
    "experiments, other stream": (queries.filtered_experiment_counts,
                                  (SOCIAL, queries.ExperimentFilter())),
    "portfolio, other stream": (queries.product_balance, (None, TODAY, "Sociaal Domein", None)),
    "people": (queries.people_list, ()),
    "upload log": (queries.upload_history, ("experiments",)),
    "live cards": (queries.live_cards, ("LS-0001",)),
}

NEW_EXPERIMENT = (
    "experiment_id,team_id,title,hypothesis,status,lean_lens,product_id,goal_id,start_date\n"
    "PAS-990,BZ-PAS,Balie zonder wachtrij,We geloven dat het werkt,running,flow,"
    "P-REISDOC,DOEL-02,2026-11-02\n"
)
NEW_GOAL = "goal_id,title,level,status,owner\nDOEL-99,Minder wachten,goal,active,Directeur\n"
NEW_PERSON = "email,name,role\nleider@example.org,Lea Leider,leader\n"


def uploaded(kind: str, text: str) -> Callable:
    def write(con) -> None:
        outcome = upload_committed(con, kind, f"{kind}.csv", text.encode(), actor=DEMO_LOADER,
                                   today=TODAY)
        assert not outcome.blocked, outcome.errors
    return write


def decided(con) -> None:
    """A leader turns a Burgerzaken experiment's pivot into a stop."""
    [(end,)] = con.execute("SELECT end_date FROM experiments WHERE experiment_id = 'PAS-002'"
                           ).fetchall()
    assert store.saved_decision(con, "PAS-002", "stop", "product", end, "Geen effect",
                                DEMO_LOADER, NOW)


def session_saved(con) -> None:
    """A Burgerzaken team holds a retro."""
    store_sessions.saved_session(con, NewSession(team_id="BZ-PAS", held_on=TODAY, kind="retro",
                                                 averages={"safety": 4.0}), [], DEMO_LOADER, NOW)


def checked_in(con) -> None:
    outcome = store_value.recorded_check_in(
        con, NewCheckIn(measure_id="M-DOEL-01", checked_on=TODAY, value=42.0), DEMO_LOADER,
        TODAY, NOW)
    assert outcome.check_in_id


def card_added(con) -> None:
    store_live.added_card(con, "LS-0001", "went_well", "Korte lijnen met de balie")


def unnamed(con) -> None:
    """A write that does not say what it touched."""
    db.written(con, lambda cur: cur.execute("UPDATE teams SET name = name WHERE false"))


EVERY = frozenset(READS)

WRITES = {
    "experiments upload, one stream": (uploaded("experiments", NEW_EXPERIMENT), {
        "overview tiles", "breaks", "cascade", "learning", "learning, other stream",
        "value proof", "collaboration", "upload log"}),
    "decision": (decided, {"overview tiles", "learning", "learning, other stream",
                           "value proof"}),
    "session, one stream": (session_saved, {"overview tiles", "collaboration", "coaching"}),
    "check-in": (checked_in, {"overview tiles", "breaks", "cascade", "goal values"}),
    "reference upload": (uploaded("goals", NEW_GOAL),
                         EVERY - {"live cards"}),
    "people": (uploaded("people", NEW_PERSON), {"people", "upload log"}),
    "live card": (card_added, {"live cards"}),
    "a write naming nothing": (unnamed, EVERY),
}


@pytest.fixture
def demo(backend, request) -> Iterator:
    with demo_database(TODAY, backend, request) as con:
        coach = access.Person(email="coach@example.org", name="Coach", role=access.ADMIN)
        opened = store_live.opened_live_session(con, "BZ-PAS", {p: 5 for p in live.PHASES},
                                                coach, NOW)
        store_live.moved_phase(con, opened.live_id, "reflect", coach, NOW)
        yield con


def same(a, b) -> bool:
    """Whether two results hold the same figures (frames, dataclasses, lists, values)."""
    if isinstance(a, pd.DataFrame):
        return isinstance(b, pd.DataFrame) and a.equals(b)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(same(getattr(a, f.name), getattr(b, f.name))
                   for f in dataclasses.fields(a))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)  # NaN is the same figure as NaN


def keys(con) -> dict[str, tuple]:
    versions = queries.versions(con)
    return {name: version_key(versions, fn, args) for name, (fn, args) in READS.items()}


@pytest.mark.parametrize(("write", "cold"), WRITES.values(), ids=WRITES)
def test_a_write_makes_cold_only_what_it_can_change(demo, write, cold):
    before_keys = keys(demo)
    before = {name: fn(demo, *args) for name, (fn, args) in READS.items()}
    write(demo)
    after_keys = keys(demo)
    assert {name for name in READS if after_keys[name] != before_keys[name]} == set(cold)
    stale = [name for name, (fn, args) in READS.items()
             if name not in cold and not same(fn(demo, *args), before[name])]
    assert stale == []
