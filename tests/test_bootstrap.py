"""The first start: a database appears whole, with the complete demo, or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alignment import bootstrap, contract, db, queries
from alignment.ingest.reader import rows_from_bytes

ROOT = Path(__file__).resolve().parents[1]

# The first start in a process of its own, killed with SIGKILL at one moment of the load.
KILLED_START = textwrap.dedent("""
    import os, signal, sys
    from alignment import bootstrap, store

    moment = sys.argv[1]
    merged = store.merged

    def killing_merge(cur, kind):
        if kind == moment:
            os.kill(os.getpid(), signal.SIGKILL)
        merged(cur, kind)

    def killing_replace(source, target):
        os.kill(os.getpid(), signal.SIGKILL)

    store.merged = killing_merge
    if moment == "move":
        bootstrap.os.replace = killing_replace
    bootstrap.main()
""")


def demo_rows() -> dict[str, int]:
    """How many rows each demo file holds."""
    return {kind: len(rows_from_bytes((bootstrap.DEMO_DIR / f"{kind}.csv").read_bytes(), kind))
            for kind in contract.LOAD_ORDER}


def stored_rows(path: Path) -> dict[str, int]:
    con = bootstrap.ready_connection(path)
    try:
        return {kind: queries.table_size(con, kind) for kind in contract.LOAD_ORDER}
    finally:
        db.close_shared()


# the moments: after goals committed, inside the experiments' transaction, and with the whole
# demo loaded but not yet moved into place
@pytest.mark.parametrize("moment", ["products", "experiments", "move"])
def test_a_first_start_killed_mid_load_is_completed_by_the_next_start(tmp_path, moment):
    target = tmp_path / "data" / "alignment.duckdb"
    env = {**os.environ, db.ENV_VAR: str(target),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    killed = subprocess.run([sys.executable, "-c", KILLED_START, moment], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not target.exists()  # no half demo under the app's name
    assert stored_rows(target) == demo_rows()
    assert not target.with_name(target.name + ".partial").exists()


def test_an_existing_database_is_opened_as_it_is(tmp_path):
    target = tmp_path / "empty.duckdb"
    db.connect(target).close()  # a database of its own, without the demo
    assert set(stored_rows(target).values()) == {0}
