"""Downloaded cells: safe to open in a spreadsheet, and read back by the uploader as they were."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment.export import csv_bytes, csv_cell
from alignment.ingest.reader import rows_from_bytes


@pytest.mark.parametrize(("value", "cell"), [
    ("Sneller betalen", "Sneller betalen"),
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+31 6", "'+31 6"),
    ("-3 meer", "'-3 meer"),
    ("@team", "'@team"),
    # a spreadsheet splitting on ; , or tab, or a row starting after a newline in a cell whose
    # quotes it does not understand, would start a cell there
    ("Dutch; =1+1", "Dutch; '=1+1"),
    ("Dutch;=2+2", "Dutch;'=2+2"),
    ("a,+1", "a,'+1"),
    ("a\t-1", "a\t'-1"),
    ("a\n@b", "a\n'@b"),
    ("a;\t \"=1", "a;\t \"'=1"),
    ("\t=1", "\t'=1"),
    ("=1;=2", "'=1;'=2"),
    # an apostrophe of the text's own before a formula start gets one more, to be read back
    ("'=x", "''=x"),
    ("a;'-x", "a;''-x"),
    ("'t Hoofd", "'t Hoofd"),
    ("1-2 = 3", "1-2 = 3"),  # no cell can start there
    ("a; b", "a; b"),
    (-3, -3),
    (2.5, 2.5),
    (None, None),
    (["WEB", "OPS"], "WEB;OPS"),
    (np.array(["WEB"], dtype=object), "WEB"),
    (np.array(["-x", "y"], dtype=object), "'-x;y"),
    ([], ""),
])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_csv_bytes_writes_a_bom_and_every_cell_safe():
    frame = pd.DataFrame({"title": ["=1+1", "gewoon"], "partner_teams": [["A", "B"], None],
                          "energy": [3, 4]})
    assert csv_bytes(frame) == (
        "\ufefftitle,partner_teams,energy\r\n'=1+1,A;B,3\r\ngewoon,,4\r\n".encode()
    )


def test_csv_bytes_leaves_its_input_alone():
    frame = pd.DataFrame({"title": ["=1+1"], "partner_teams": [["A"]]})
    csv_bytes(frame)
    assert frame["title"].tolist() == ["=1+1"] and frame["partner_teams"].tolist() == [["A"]]


# What a hostile title may hold: formula starts, the characters a spreadsheet splits on,
# quotes, apostrophes, spaces and ordinary text.
HOSTILE = st.text(alphabet="=+-@;,\t\n\r \"'aZ1é", min_size=1, max_size=30).map(str.strip).filter(
    lambda text: len(text) >= 3)


def spreadsheet_cells(data: bytes, delimiter: str) -> list[str]:
    """Every cell a spreadsheet splitting on ``delimiter`` may see in ``data``, without quotes."""
    lines = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [cell for line in lines for row in csv.reader([line], delimiter=delimiter)
            for cell in row]


@settings(max_examples=150, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=5))
def test_no_spreadsheet_separator_starts_a_formula_and_the_uploader_reads_titles_back(titles):
    frame = pd.DataFrame({"experiment_id": [f"X-{i}" for i in range(len(titles))],
                          "title": titles})
    data = csv_bytes(frame)
    for delimiter in (",", ";", "\t"):
        for cell in spreadsheet_cells(data, delimiter):
            start = cell.lstrip(' \t"')
            assert not start.startswith(("=", "+", "-", "@")), (delimiter, cell)
    read = rows_from_bytes(data, "experiments")
    assert read["title"].tolist() == titles


def test_a_download_with_formulas_after_separators_uploads_unchanged():
    frame = pd.DataFrame({"experiment_id": ["A-1", "A-2"],
                          "title": ["Dutch; =1+1", "'=zelf"],
                          "partner_teams": [["WEB", "-OPS"], ["@X"]]})
    read = rows_from_bytes(csv_bytes(frame), "experiments")
    assert read["title"].tolist() == ["Dutch; =1+1", "'=zelf"]
    assert read["partner_teams"].tolist() == ["WEB;-OPS", "@X"]
