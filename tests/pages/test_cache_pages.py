"""Cached pages never show data from before a write, whoever wrote it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import charts, db
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed
from alignment.ui.cached import chart_spec
from tests.pages.conftest import opened
from tests.test_chart_words import dataset_rows

NEW_EXPERIMENT = (
    "experiment_id,team_id,title,hypothesis,status,lean_lens,product_id,goal_id,start_date\n"
    "PAS-990,BZ-PAS,Balie zonder wachtrij,We geloven dat het werkt,running,flow,"
    "P-REISDOC,DOEL-02,2026-11-02\n"
)


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def uploaded_elsewhere(con) -> None:
    """An upload another session (or a script) makes while the page stays open."""
    outcome = upload_committed(con, "experiments", "new.csv", NEW_EXPERIMENT.encode(),
                               actor=DEMO_LOADER, today=dt.date.today())
    assert outcome.new == 1, outcome.errors


def session_saved_elsewhere(con) -> None:
    """A coach saves a session for a team that had none for a long time."""
    db.written(con, lambda cur: cur.execute(
        "INSERT INTO sessions (session_id, team_id, held_on, kind) VALUES (?, ?, ?, ?)",
        ["S-9999", "SD-PAR", dt.date.today(), "retro"]))


@pytest.mark.parametrize(
    ("page", "write", "tile", "change"),
    [
        ("pages/overview.py", uploaded_elsewhere, "Experiments", 1),
        ("pages/experiments.py", uploaded_elsewhere, "Experiments", 1),
        ("pages/coach_overview.py", session_saved_elsewhere,
         "Teams without a session for 30 days", -1),
    ],
    ids=["overview after an upload", "experiments after an upload",
         "coach overview after a session"],
)
def test_an_open_page_shows_a_write_on_its_next_rerun(fresh_demo, page, write, tile, change):
    at = opened(page, period="all")
    before = tiles(at)
    assert tiles(at.run()) == before  # a rerun without a write reads the same figures
    write(fresh_demo)
    after = tiles(at.run())
    assert not at.exception, [e.value for e in at.exception]
    number = lambda text: int(text.replace(",", "").replace(".", ""))  # noqa: E731
    assert number(after[tile]) == number(before[tile]) + change



def test_the_goal_product_matrix_at_300_products_sends_its_links_not_every_cell():
    matrix = pd.DataFrame({
        "goal_id": [f"G{n // 300:02d}" for n in range(12_000)], "goal": "Goal",
        "product": [f"P{n % 300:03d}" for n in range(12_000)],
        "link_type": ["contributes" if n % 7 == 0 else "none" for n in range(12_000)],
        "weight": 1.0,
    })
    spec = chart_spec("nl", charts.goal_product_heatmap, matrix)
    background, cells = spec["layer"]
    datasets = dataset_rows(spec)
    assert len(datasets[cells["data"]["name"]]) == len(range(0, 12_000, 7))
    assert datasets[background["data"]["name"]] == [{}]
    cell_layer = cells["encoding"]
    assert len(cell_layer["x"]["scale"]["domain"]) == 300
    assert len(cell_layer["y"]["scale"]["domain"]) == 40
    assert spec["config"]["locale"]["number"]["decimal"] == ","
