"""Every template uploads as it is downloaded, in both delimiters and both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import contract
from alignment.ingest.problems import NotACsv, References
from alignment.ingest.reader import rows_from_bytes
from alignment.ingest.validate import checked_rows
from alignment.templates import EXAMPLE_ROWS, example_rows, template_csv

# An organisation that has the teams, product and goal the examples name.
REFERENCES = References(team_ids=frozenset({"PAY", "WEB"}),
                        product_ids=frozenset({"P-BILLING"}), goal_ids=frozenset({"G-CASH"}))
TODAY = dt.date(2026, 11, 27)
VARIANTS = [(delimiter, lang) for delimiter in ",;" for lang in ("en", "nl")]
TEXT_COLUMNS = ("title", "hypothesis", "metric", "learning", "decision_rationale")


def _checked(kind: str, delimiter: str, lang: str):
    data = template_csv(kind, delimiter, lang)
    return checked_rows(rows_from_bytes(data, kind), kind, REFERENCES, TODAY)


@pytest.mark.parametrize(("delimiter", "lang"), VARIANTS)
def test_the_experiments_template_uploads_without_a_problem(delimiter, lang):
    frame, problems = _checked("experiments", delimiter, lang)
    assert problems == []
    assert frame["experiment_id"].tolist() == ["PAY-014", "PAY-015"]


@pytest.mark.parametrize(("delimiter", "lang"), VARIANTS)
def test_every_variant_holds_the_same_ids_choices_numbers_and_dates(delimiter, lang):
    english, _ = _checked("experiments", ",", "en")
    variant, _ = _checked("experiments", delimiter, lang)
    same = [c for c in contract.COLUMNS["experiments"] if c not in TEXT_COLUMNS]
    assert variant[same].astype(str).equals(english[same].astype(str))


@pytest.mark.parametrize(("lang", "delimiter", "column", "cell"), [
    ("en", ",", "title", "Pay by link in reminders"),
    ("nl", ",", "title", "Betaallink in herinneringen"),
    ("nl", ";", "metric", "% te laat betaald"),
    ("en", ",", "observed", "11.5"),
    ("en", ";", "observed", "11,5"),
    ("nl", ",", "start_date", "2026-03-02"),
    ("nl", ";", "start_date", "02-03-2026"),
    ("nl", ";", "status", "done"),
])
def test_example_cells(lang, delimiter, column, cell):
    assert example_rows("experiments", lang, delimiter)[0][column] == cell


@pytest.mark.parametrize("kind", [k for k in contract.COLUMNS if k not in EXAMPLE_ROWS])
def test_a_template_without_examples_is_the_header_the_uploader_knows(kind):
    data = template_csv(kind, ";", "nl")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip() == ";".join(contract.COLUMNS[kind])
    with pytest.raises(NotACsv) as caught:  # every column known, so only the rows are missing
        rows_from_bytes(data, kind)
    assert caught.value.said.key == "problem.header_only"
