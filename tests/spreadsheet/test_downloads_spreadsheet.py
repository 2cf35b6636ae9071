"""No download runs a formula in LibreOffice Calc, whichever separator the reader opens it with.

Every CSV the app offers is taken from the pages themselves (AppTest runs each view and the
download buttons' files are built as a click builds them), over the demo organisation plus an
experiment whose texts a spreadsheet would split on ``;``, ``,`` or tab into a formula. Each
file is opened by Calc with ``,``, ``;`` and tab as separator, formulas evaluated, and saved as
flat ODF, where a formula cell carries a ``table:formula`` attribute.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from streamlit.runtime.media_file_manager import MediaFileManager

from alignment import bootstrap, db
from alignment.access import LOCAL_ADMIN
from alignment.export import csv_bytes
from alignment.ingest.pipeline import upload_committed
from tests.pages.conftest import EVERY_VIEW, opened
from tests.spreadsheet.conftest import formula_cells, import_filter

pytestmark = pytest.mark.spreadsheet

TODAY = dt.date.today()
HOSTILE_ID = "PAS-990"
# texts that are safe at a cell's start but turn into a formula after a separator
HOSTILE = {
    "title": "Dutch;=2+2", "hypothesis": "We geloven,=1+1 en\t+3+3 @SUM(1)",
    "metric": "a;-2+5", "learning": "b,@SUM(2)",
}
# a file the upload refuses, its values echoed in the problem report
REFUSED = ("experiment_id;team_id;title;hypothesis;status;lean_lens\n"
           'PAS-991;BZ-PAS;"Een;=2+2";"We geloven,=1+1";"x\t=3+3";flow\n')
# the separators a reader's spreadsheet may split on, each in the locale that expects it
SEPARATORS = [(",", "en-US"), (";", "nl-NL"), ("\t", "nl-NL")]


def _hostile_experiment() -> bytes:
    row = {"experiment_id": HOSTILE_ID, "team_id": "BZ-PAS", "status": "idea",
           "lean_lens": "flow", "product_id": "P-REISDOC", "goal_id": "DOEL-02", **HOSTILE}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode()


def _captured(monkeypatch) -> list[tuple[str, object]]:
    """Every CSV download button a page draws, as (file name, bytes or the function that
    builds them on the click)."""
    files = []
    deferred, static = MediaFileManager.add_deferred, MediaFileManager.add

    def add_deferred(self, data, mimetype, coordinates, file_name=None, **kwargs):
        if mimetype == "text/csv":
            files.append((file_name, data))
        return deferred(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    def add(self, data, mimetype, coordinates, file_name=None, **kwargs):
        if mimetype == "text/csv":
            files.append((file_name, data))
        return static(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    monkeypatch.setattr(MediaFileManager, "add", add)
    return files


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> dict[str, bytes]:
    """Every CSV download of every view, by a file name that says where it came from."""
    path = tmp_path_factory.mktemp("downloads") / "demo.duckdb"
    con = bootstrap.ready_connection(path)
    written = upload_committed(con, "experiments", "hostile.csv", _hostile_experiment(),
                               actor=LOCAL_ADMIN, today=TODAY)
    assert not written.blocked, [p.in_language("en") for p in written.problems]
    found = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(db.ENV_VAR, str(path))
        files = _captured(monkeypatch)
        for page, query in [*EVERY_VIEW, ("pages/experiments.py", {"experiment": HOSTILE_ID})]:
            assert not opened(page, **query).exception
            _keep(found, Path(page).stem, files)
        for lang in ("en", "nl"):
            at = opened("pages/upload.py", lang=lang)
            at.file_uploader[0].set_value(("team.csv", REFUSED.encode(), "text/csv"))
            assert not at.run().exception
            _keep(found, f"upload-{lang}", files)
    db.close_shared()
    assert any(name.endswith("-problems.csv") or name.endswith("-problemen.csv")
               for name in found)
    return found


def _keep(found: dict[str, bytes], where: str, files: list) -> None:
    """Move ``files`` into ``found``, each built as the click builds it."""
    for file_name, data in files:
        name = re.sub(r"[^\w.-]", "_", f"{len(found):02d}-{where}-{file_name}")
        found[name] = data() if callable(data) else data
    files.clear()


def _formulas(calc, files: dict[str, bytes], folder: Path, separator: str,
              locale: str) -> dict[str, list[str]]:
    """The formula cells of each file once Calc opened it splitting on ``separator``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        paths.append(folder / name)
        paths[-1].write_bytes(data)
    sheets = calc.converted(paths, "fods", locale, folder / "fods",
                            import_filter(separator, locale))
    found = {path.name: formula_cells(sheet) for path, sheet in zip(paths, sheets, strict=True)}
    return {name: cells for name, cells in found.items() if cells}


def test_the_pages_offer_their_downloads(downloads):
    names = " ".join(downloads)
    for expected in ("experiments-", f"{HOSTILE_ID}_history", "learning_debt", "people",
                     "team_network", "upload-nl"):
        assert expected in names
    hostile = [data for name, data in downloads.items() if "experiments" in name
               and HOSTILE_ID.encode() in data]
    assert hostile, "the experiment with hostile texts is in no experiments download"


@pytest.mark.parametrize(("separator", "locale"), SEPARATORS, ids=["comma", "semicolon", "tab"])
def test_no_download_holds_a_formula_in_calc(calc, downloads, tmp_path, separator, locale):
    assert _formulas(calc, downloads, tmp_path, separator, locale) == {}


PIECES = ["=", "+", "-", "@", ";", ",", "\t", '"', "'", "\n", "\r\n", " ", "2+2", "SUM(1)",
          "A1", "cmd|' /C calc'!A0", "Titel", "é"]
hostile_texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
hostile_frames = st.lists(hostile_texts, min_size=1, max_size=6).map(
    lambda titles: pd.DataFrame({"title": titles, "energy": range(len(titles))}))


@pytest.fixture(scope="module")
def hostile_downloads() -> dict[str, bytes]:
    """Frames of generated hostile titles, written by the download writer with ``,`` and with
    ``;`` (the Dutch report's): few examples, so Calc opens them all in one run."""
    frames = []

    @settings(max_examples=15, derandomize=True, database=None, phases=[Phase.generate],
              deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(hostile_frames)
    def collect(frame):
        frames.append(frame)

    collect()
    return {f"{number:02d}-{name}.csv": csv_bytes(frame, delimiter)
            for number, frame in enumerate(frames)
            for delimiter, name in ((",", "comma"), (";", "semicolon"))}


@pytest.mark.parametrize(("separator", "locale"), SEPARATORS, ids=["comma", "semicolon", "tab"])
def test_no_hostile_title_becomes_a_formula_in_calc(calc, hostile_downloads, tmp_path,
                                                     separator, locale):
    found = _formulas(calc, hostile_downloads, tmp_path, separator, locale)
    assert found == {}, {name: hostile_downloads[name].decode("utf-8-sig") for name in found}

