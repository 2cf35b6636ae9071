"""The first start: a database appears whole, with the complete demo, or not at all."""

from __future__ import annotations

import os
import shutil
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


# ----------------------------------------------------------------------------- a real organisation


@pytest.fixture
def new_database(backend, request, tmp_path) -> str:
    """Where a first start makes its database: a DuckDB file not there yet, or an empty
    PostgreSQL database (migrated, no rows)."""
    if backend == "duckdb":
        return str(tmp_path / "new.duckdb")
    server = request.getfixturevalue("postgres_server")
    url = server.fresh_url()
    request.addfinalizer(lambda: server.dropped(url))
    return url


@pytest.mark.parametrize(("demo", "with_demo"), [(None, True), ("off", False)],
                         ids=["unset", "off"])
def test_a_new_database_holds_the_demo_unless_it_is_switched_off(
        new_database, monkeypatch, demo, with_demo):
    if demo is None:
        monkeypatch.delenv(bootstrap.DEMO_ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(bootstrap.DEMO_ENV_VAR, demo)
    expected = demo_rows() if with_demo else dict.fromkeys(contract.LOAD_ORDER, 0)
    assert stored_rows(new_database) == expected


@pytest.mark.parametrize(("demo", "said"), [("on", "created with the demo organisation"),
                                            ("off", "created empty")])
def test_the_first_start_says_what_it_created(tmp_path, monkeypatch, capsys, demo, said):
    target = tmp_path / "first.duckdb"
    monkeypatch.delenv(db.URL_ENV_VAR, raising=False)
    monkeypatch.setenv(db.ENV_VAR, str(target))
    monkeypatch.setenv(bootstrap.DEMO_ENV_VAR, demo)
    bootstrap.main()
    assert capsys.readouterr().out == f"database {said}: {db.shown_name(str(target))}\n"


def test_the_demo_is_read_from_inside_the_package():
    package = Path(bootstrap.__file__).resolve().parent
    assert Path(str(bootstrap.DEMO_DIR)).resolve().is_relative_to(package)
    assert sorted(p.name for p in bootstrap.DEMO_DIR.iterdir() if p.name.endswith(".csv")) == \
        sorted(f"{kind}.csv" for kind in contract.LOAD_ORDER)


def test_an_installed_package_carries_the_demo(tmp_path):
    # setuptools gathers the package's files as a wheel does (its build_py step), offline, from
    # a copy of the project: the demo must be among them, as committed
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    built = tmp_path / "built"
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "--quiet",
                    "build_py", "--build-lib", str(built)],
                   cwd=project, check=True, capture_output=True, timeout=300)
    shipped = built / "alignment" / "demo" / "data"
    assert sorted(p.name for p in shipped.iterdir()) == \
        sorted(f"{kind}.csv" for kind in contract.LOAD_ORDER)
    for kind in contract.LOAD_ORDER:
        assert (shipped / f"{kind}.csv").read_bytes() == \
            (bootstrap.DEMO_DIR / f"{kind}.csv").read_bytes(), kind
