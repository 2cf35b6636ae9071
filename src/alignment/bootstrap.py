"""Open the app's database, creating it on first start: with the demo organisation, or empty
for a real organisation's first start (``ALIGNMENT_DEMO=off``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from alignment import db, demo
from alignment.db import Database
from alignment.i18n import translate
from alignment.ingest.pipeline import demo_loaded, demo_loaded_once

DEMO_DIR = demo.DATA
# ``off``: a new database starts empty, a new DuckDB file and an empty PostgreSQL database
# alike (an organisation starting on its own data)
DEMO_ENV_VAR = "ALIGNMENT_DEMO"


def demo_wanted() -> bool:
    """Whether a new database gets the demo organisation: unless ``ALIGNMENT_DEMO=off``."""
    return os.environ.get(DEMO_ENV_VAR, "on") != "off"


def ready_connection(target: str | Path | None = None) -> Database:
    """The process-wide database; a DuckDB file that did not exist, or a PostgreSQL database
    with nothing in it yet, gets the demo organisation unless `demo_wanted` says no."""
    target = target if target is not None else db.database_target()
    if db.is_url(target):
        database = db.shared(target)
        if demo_wanted():
            demo_loaded_once(database, DEMO_DIR, dt.date.today())
        return database
    if not Path(target).exists():
        built(Path(target), with_demo=demo_wanted())
    return db.shared(target)


def built(target: Path, with_demo: bool) -> None:
    """Make ``target`` a database holding the schema and, ``with_demo``, the whole demo
    organisation.

    The database is built beside it and moved into place in one step once complete, so a
    first start that is interrupted (killed, out of memory, a failing disk) leaves no
    half-loaded database behind: the next start builds it again from scratch.
    """
    partial = target.with_name(target.name + ".partial")
    for leftover in (partial, _wal(partial), _wal(target)):
        leftover.unlink(missing_ok=True)
    con = db.connect(partial)
    try:
        if with_demo:
            demo_loaded(con, DEMO_DIR, dt.date.today())
    finally:
        con.close()  # checkpoints: everything is in the file itself, none in its log
    if _wal(partial).exists():
        raise RuntimeError(f"{partial} kept a write-ahead log after closing")
    os.replace(partial, target)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def main() -> None:
    """Create the database if missing (``make run`` calls this before starting the server)."""
    target = db.database_target()
    existed = db.is_url(target) or Path(target).exists()
    created = "created with the demo organisation" if demo_wanted() else "created empty"
    try:
        ready_connection(target)
    except db.DatabaseInUse:
        raise SystemExit(f"{translate('en', 'app.database_in_use')} ({target})") from None
    except db.Unavailable as error:
        raise SystemExit(f"{translate('en', 'failure.unavailable')} ({error})") from None
    db.close_shared()
    name = db.shown_name(target)
    print(f"database {'ready' if existed else created}: {name}")


if __name__ == "__main__":
    main()
