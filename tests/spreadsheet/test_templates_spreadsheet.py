"""Every upload template, opened in LibreOffice Calc in the Dutch and the English locale and
saved again as CSV as a user does (Save, keep the format), uploads with the rows it holds.

Calc saves a CSV it opened with the separator it was opened with, and every value as shown in
the locale: a date recognised on opening comes back in the locale's short form (``02-03-26`` in
Dutch), a number with the locale's decimal sign.
"""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import contract, views
from alignment.access import LOCAL_ADMIN
from alignment.ingest.pipeline import upload_preview
from alignment.templates import template_csv
from tests.conftest import demo_database
from tests.spreadsheet.conftest import import_filter

pytestmark = pytest.mark.spreadsheet

TODAY = dt.date(2026, 11, 27)
KINDS = (*contract.LOAD_ORDER, *contract.PEOPLE_KINDS)
# a reader in each locale, with the template in their language and in each delimiter
READERS = [("nl-NL", "nl"), ("en-US", "en")]


@pytest.fixture(scope="module")
def demo():
    """The demo organisation, read only: previews write nothing."""
    with demo_database(TODAY) as con:
        yield con


@pytest.fixture(scope="module")
def round_trips(demo, calc, tmp_path_factory):
    """Per (locale, kind, delimiter): the template as made, and as LibreOffice saved it after
    opening it in that locale; one run of LibreOffice per locale and delimiter."""
    trips = {}
    for locale, lang in READERS:
        folder = tmp_path_factory.mktemp(f"templates-{locale}")
        for delimiter, name in ((",", "comma"), (";", "semicolon")):
            files = []
            for kind in KINDS:
                data = template_csv(kind, views.example_ids(demo, LOCAL_ADMIN, lang),
                                    delimiter, lang)
                path = folder / f"{kind}-{name}.csv"
                path.write_bytes(data)
                files.append(path)
            saved = calc.converted(files, "csv", locale, folder / "saved",
                                   import_filter(delimiter, locale))
            for kind, original, back in zip(KINDS, files, saved, strict=True):
                trips[locale, kind, delimiter] = (original.read_bytes(), back.read_bytes())
    return trips


def _rows(outcome):
    return outcome.new_rows.astype(str).to_dict("records")


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", [locale for locale, _ in READERS])
def test_a_template_saved_by_libreoffice_uploads_its_rows(demo, round_trips, locale, kind,
                                                          delimiter):
    original, saved = round_trips[locale, kind, delimiter]
    expected = upload_preview(demo, kind, "template.csv", original, TODAY, actor=LOCAL_ADMIN)
    outcome = upload_preview(demo, kind, "template.csv", saved, TODAY, actor=LOCAL_ADMIN)
    said = [f"line {p.line} {p.column}: {p.in_language('en')[0]}" for p in outcome.problems]
    assert said == [f"line {p.line} {p.column}: {p.in_language('en')[0]}"
                    for p in expected.problems], saved.decode("cp1252")
    assert outcome.new == expected.new
    assert _rows(outcome) == _rows(expected)
    if kind == "experiments":
        assert not outcome.problems and outcome.new == 2
