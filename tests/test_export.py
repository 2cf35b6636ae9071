"""Downloaded cells: safe to open in a spreadsheet, and read back by the uploader as they were."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alignment.export import csv_bytes, csv_cell


@pytest.mark.parametrize(("value", "cell"), [
    ("Sneller betalen", "Sneller betalen"),
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+31 6", "'+31 6"),
    ("-3 meer", "'-3 meer"),
    ("@team", "'@team"),
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
        "\ufefftitle,partner_teams,energy\n'=1+1,A;B,3\ngewoon,,4\n".encode()
    )


def test_csv_bytes_leaves_its_input_alone():
    frame = pd.DataFrame({"title": ["=1+1"], "partner_teams": [["A"]]})
    csv_bytes(frame)
    assert frame["title"].tolist() == ["=1+1"] and frame["partner_teams"].tolist() == [["A"]]
