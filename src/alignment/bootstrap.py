"""Open the app's database, creating it and loading the demo organisation on first start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from alignment import db
from alignment.i18n import translate
from alignment.ingest.pipeline import demo_loaded

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"


def ready_connection(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection; a database file that did not exist gets the demo."""
    target = Path(path) if path is not None else db.database_path()
    is_new = not target.exists()
    con = db.shared_connection(target)
    if is_new:
        demo_loaded(con, DEMO_DIR, dt.date.today())
    return con


def main() -> None:
    """Create the database if missing (``make run`` calls this before starting the server)."""
    target = db.database_path()
    existed = target.exists()
    try:
        ready_connection(target)
    except db.DatabaseInUse:
        raise SystemExit(f"{translate('en', 'app.database_in_use')} ({target})") from None
    db.close_shared()
    print(f"database {'ready' if existed else 'created with the demo organisation'}: {target}")


if __name__ == "__main__":
    main()
