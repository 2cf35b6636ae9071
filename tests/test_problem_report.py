"""The downloaded problem report opens in the reader's spreadsheet: ``;`` for Dutch Excel, a
sane file name, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from alignment.access import LOCAL_ADMIN
from alignment.bootstrap import DEMO_DIR
from alignment.export import csv_bytes
from alignment.i18n import csv_delimiter
from alignment.ingest.pipeline import demo_loaded, upload_preview
from alignment.ui.upload import problem_table, problems_file_name

TODAY = dt.date(2026, 11, 27)
BAD = ("experiment_id;team_id;title;hypothesis;status;lean_lens\n"
       "PAS-990;BZ-PAS;=HYPERLINK(\"http://x\");We geloven;gestart;flow\n"
       "PAS-991;XX-NOPE;Een titel;We geloven;idea;flow\n")


@pytest.mark.parametrize(("lang", "delimiter", "header"), [
    ("en", ",", ["line", "column", "value", "problem", "how to fix", "severity"]),
    ("nl", ";", ["regel", "kolom", "waarde", "probleem", "zo los je het op", "ernst"]),
])
def test_the_report_is_written_with_the_reader_s_delimiter(con, lang, delimiter, header):
    demo_loaded(con, DEMO_DIR, TODAY)
    outcome = upload_preview(con, "experiments", "team.csv", BAD.encode(), TODAY,
                             actor=LOCAL_ADMIN)
    assert csv_delimiter(lang) == delimiter
    data = csv_bytes(problem_table(outcome.problems, lang), csv_delimiter(lang))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    assert [cell.lower() for cell in rows[0]] == header
    assert len(rows) == len(outcome.problems) + 1 >= 3
    assert all(len(row) == len(header) for row in rows)
    values = [row[2] for row in rows[1:]]
    assert "XX-NOPE" in values and "gestart" in values


def test_a_formula_in_the_report_is_not_run(con):
    demo_loaded(con, DEMO_DIR, TODAY)
    text = ("experiment_id;team_id;title;hypothesis;status;lean_lens\n"
            "PAS-992;BZ-PAS;Een titel;We geloven;=1+1;flow\n")
    outcome = upload_preview(con, "experiments", "team.csv", text.encode(), TODAY,
                             actor=LOCAL_ADMIN)
    data = csv_bytes(problem_table(outcome.problems, "nl"), ";").decode("utf-8-sig")
    assert "'=1+1" in data
    assert ";=1+1" not in data


@pytest.mark.parametrize(("file_name", "lang", "report"), [
    ("team.csv", "en", "team-problems.csv"),
    ("team.csv", "nl", "team-problemen.csv"),
    ("proeven nov.tsv", "nl", "proeven nov-problemen.csv"),
    ("export", "en", "export-problems.csv"),
])
def test_the_report_is_named_after_the_file(file_name, lang, report):
    assert problems_file_name(file_name, lang) == report
