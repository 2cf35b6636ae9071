"""A second server on a database file another process holds: one sentence, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alignment import db
from alignment.i18n import translate

ROOT = Path(__file__).resolve().parents[2]
HOLDER = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); " \
         "sys.stdin.read()"


@pytest.fixture
def held(tmp_path):
    """A database file that another process (as a first server would) keeps open."""
    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    yield path
    holder.stdin.close()
    holder.wait(timeout=60)


def test_opening_a_held_file_says_it_is_in_use_without_the_other_process(held):
    with pytest.raises(db.DatabaseInUse) as caught:
        db.connect(held)
    assert "PID" not in str(caught.value) and sys.executable not in str(caught.value)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_page_on_a_held_file_says_so_in_the_readers_language(held, monkeypatch, lang):
    monkeypatch.setenv(db.ENV_VAR, str(held))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert [error.value for error in at.error] == [translate(lang, "app.database_in_use")]


def test_starting_on_a_held_file_stops_with_the_sentence_and_no_traceback(held):
    """The admin starting it reads the sentence, and in the log line which process holds it."""
    env = {**os.environ, db.ENV_VAR: str(held), "PYTHONPATH": str(ROOT / "src")}
    started = subprocess.run([sys.executable, "-m", "alignment.bootstrap"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == 1
    assert translate("en", "app.database_in_use") in started.stderr
    assert "Traceback" not in started.stderr
