"""Reading uploads: encodings, delimiters, line numbers, headers, not-a-CSV files, cell parsers."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment import contract
from alignment.contract import HEADER_ALIASES, column_for_header
from alignment.i18n import catalogue
from alignment.ingest.cells import (
    TWO_DIGIT_PIVOT,
    date_from_text,
    dates_from_texts,
    is_month_first,
    list_from_text,
    list_items,
    lists_from_texts,
    number_from_text,
    numbers_from_texts,
)
from alignment.ingest.header import header_problems, shape_problems
from alignment.ingest.problems import NotACsv
from alignment.ingest.reader import column_letter, rows_from_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


def fixture(name: str, kind: str = "experiments") -> pd.DataFrame:
    return rows_from_bytes((FIXTURES / name).read_bytes(), kind)


def expected_table() -> list[dict[str, str]]:
    with (FIXTURES / "expected.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ----------------------------------------------------------------------------- the fixtures


def test_every_fixture_has_an_expected_outcome_and_the_table_has_no_strays():
    not_fixtures = ("expected.csv", "make_fixtures.py")
    files = {p.name for p in FIXTURES.iterdir() if p.is_file() and p.name not in not_fixtures}
    listed = [row["file"] for row in expected_table()]
    assert len(listed) == len(set(listed))
    assert files == set(listed)
    assert len(files) >= 30


def test_generated_fixtures_are_reproduced_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert len(generated) >= 10
    for name in generated:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_the_workbook_fixture_is_a_real_zip_with_a_workbook_part():
    names = zipfile.ZipFile(FIXTURES / "notcsv_workbook.xlsx").namelist()
    assert "xl/workbook.xml" in names


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("name", "line", "column", "text"),
    [
        ("ok_cp1252_dutch_excel.csv", 2, "title", "Café-kassa sneller"),
        ("ok_cp1252_dutch_excel.csv", 2, "metric", "omzet in €"),
        ("ok_cp1252_dutch_excel.csv", 2, "learning", "Klanten zijn enthousiast: ‘wow’ – écht"),
        ("ok_cp1252_dutch_excel.csv", 3, "title", "Eén scherm minder"),
        ("ok_cp1252_dutch_excel.csv", 2, "baseline", "1.234,5"),
        ("ok_utf16le_unicode_text.txt", 2, "title", "Naïve zoekbalk"),
        ("ok_utf16le_unicode_text.txt", 3, "title", "Übersicht ﬁx ✓"),
        ("ok_utf16le_unicode_text.txt", 4, "title", "Tab\tin a title"),
        ("ok_utf16be_unicode_text.txt", 3, "title", "Übersicht ﬁx ✓"),
        ("ok_utf8_bom.csv", 2, "experiment_id", "PAY-001"),
        ("ok_utf8_comma.csv", 2, "hypothesis",
         "We believe one-click checkout will raise conversion; we know when conversion > 3%"),
        ("ok_quoted_newlines.csv", 2, "hypothesis", "We believe\nmulti-line text\nis one cell"),
        ("ok_quoted_newlines.csv", 4, "hypothesis", 'He said "yes"'),
        ("ok_crlf.csv", 3, "title", "Quoted\r\nacross lines"),
        ("ok_excel_trailing_rows_columns.csv", 2, "title", "Rustiger deploys"),
        ("ok_excel_trailing_rows_columns.csv", 2, "team_id", "OPS"),
        ("ok_export_roundtrip.csv", 2, "title", "=SUM(A1) is not run"),
        ("ok_export_roundtrip.csv", 2, "baseline", "-3"),
        ("ok_export_roundtrip.csv", 3, "hypothesis", "+ plus start"),
    ],
)
def test_cells_read_as_the_spreadsheet_shows_them(name, line, column, text):
    frame = fixture(name)
    assert frame.loc[frame["line"] == line, column].tolist() == [text]


def test_a_utf8_file_that_is_not_valid_utf8_is_read_as_windows_1252():
    data = "title;team\nCafé € ‘x’;PAY\n".encode("cp1252")
    assert rows_from_bytes(data, "experiments")["title"].tolist() == ["Café € ‘x’"]


@pytest.mark.parametrize(
    "titles",
    [
        ["00ß ß€"],  # DF 80 is "߀" in UTF-8, DF 20 is none: both on one line
        ["ß€ and ß"],
        ["Ä€ürich", "plain"],
    ],
)
def test_windows_1252_letters_that_form_utf8_by_chance_read_as_windows_1252(titles):
    data = ("title;team\n" + "".join(f"{title};PAY\n" for title in titles)).encode("cp1252")
    assert rows_from_bytes(data, "experiments")["title"].tolist() == titles


def test_utf8_with_bytes_of_another_encoding_is_refused_naming_the_line():
    data = "title;team\nCafé;PAY\n".encode() + "Caf\u00e9;WEB\n".encode("cp1252")
    with pytest.raises(NotACsv, match="line 3 has a byte that is not UTF-8"):
        rows_from_bytes(data, "experiments")


def test_windows_1252_bytes_it_leaves_undefined_still_read():
    data = b"title,team\nab\x81c,PAY\n"
    assert rows_from_bytes(data, "experiments")["title"].tolist() == ["ab\x81c"]


def test_utf16_without_a_bom_is_recognised_by_its_zero_bytes():
    data = "title\tteam\r\nNaïve\tPAY\r\n".encode("utf-16-le")
    assert rows_from_bytes(data, "experiments")["title"].tolist() == ["Naïve"]


# ----------------------------------------------------------------------------- delimiters


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("title,team_id\nA;B,PAY\n", ["A;B", "PAY"]),
        ("title;team_id\nA,B;PAY\n", ["A,B", "PAY"]),
        ("title\tteam_id\nA,B;C\tPAY\n", ["A,B;C", "PAY"]),
        ('"title,with";team_id\nx;PAY\n', None),
        ('"ti;tle",team_id\n"x;y",PAY\n', None),
        ("title\nOnly one column\n", ["Only one column"]),
    ],
)
def test_the_delimiter_is_decided_by_the_header_outside_quotes(text, cells):
    if cells is None:  # the quoted header cell is no known column: only team_id is read
        frame = rows_from_bytes(text.encode(), "experiments")
        assert frame["team_id"].tolist() == ["PAY"]
        return
    frame = rows_from_bytes(text.encode(), "experiments")
    assert frame.drop(columns="line").iloc[0].tolist() == cells


# ----------------------------------------------------------------------------- lines


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("ok_utf8_comma.csv", [2, 3, 4]),
        ("ok_quoted_newlines.csv", [2, 3, 4]),
        ("err_line_after_quoted_newlines.csv", [2, 3]),
        ("ok_blank_line_inside.csv", [2, 4]),
        ("ok_excel_trailing_rows_columns.csv", [2, 3]),
        ("ok_crlf.csv", [2, 3]),
        ("ok_utf16le_unicode_text.txt", [2, 3, 4]),
    ],
)
def test_line_is_the_row_number_the_spreadsheet_shows(name, lines):
    assert fixture(name)["line"].tolist() == lines


def test_empty_rows_between_and_after_data_are_dropped_but_counted():
    text = "title,team_id\nA,PAY\n,\n  ,  \nB,WEB\n,\n\n"
    frame = rows_from_bytes(text.encode(), "experiments")
    assert frame[["title", "line"]].values.tolist() == [["A", 2], ["B", 5]]


def test_cells_are_trimmed_and_empty_cells_are_missing():
    frame = rows_from_bytes(b"title,team_id,goal_id\n  A b  ,\t PAY ,   \n", "experiments")
    assert frame.loc[0, "title"] == "A b"
    assert frame.loc[0, "team_id"] == "PAY"
    assert pd.isna(frame.loc[0, "goal_id"])


def test_excel_trailing_empty_columns_are_dropped():
    frame = fixture("ok_excel_trailing_rows_columns.csv")
    assert list(frame.columns) == [*contract.COLUMNS["experiments"][:8], "line"]
    assert frame.attrs["header"] == tuple(contract.COLUMNS["experiments"][:8])


def test_a_column_without_a_name_but_with_values_is_reported():
    frame = rows_from_bytes(b"title,,team_id\nA,stray,PAY\n", "experiments")
    problems = [p for p in header_problems(frame, "experiments") if p.severity == "warning"]
    assert [(p.line, p.column) for p in problems] == [(1, "column B")]


def test_a_line_with_too_many_cells_is_a_shape_problem_and_keeps_its_first_cells():
    frame = rows_from_bytes(b"title,team_id\nA,PAY\nB, with comma,PAY\nC,PAY,,\n", "experiments")
    assert frame["title"].tolist() == ["A", "B", "C"]
    assert [(p.line, p.value) for p in shape_problems(frame)] == [(3, "3 cells")]


def test_a_short_line_is_padded_with_empty_cells():
    frame = rows_from_bytes(b"title,team_id,goal_id\nA,PAY\n", "experiments")
    assert frame.loc[0, "team_id"] == "PAY" and pd.isna(frame.loc[0, "goal_id"])


# ----------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("header", "kind", "column"),
    [
        ("experiment_id", "experiments", "experiment_id"),
        ("Experiment ID", "experiments", "experiment_id"),
        ("EXPERIMENT-ID", "experiments", "experiment_id"),
        ("experimentcode", "experiments", "experiment_id"),
        ("Experiment", "experiments", "experiment_id"),
        ("\ufeffexperiment_id", "experiments", "experiment_id"),
        ("Start Datum", "experiments", "start_date"),
        ("lens", "experiments", "lean_lens"),
        ("Lean-Lens", "experiments", "lean_lens"),
        ("Bron experiment", "experiments", "source_experiment_id"),
        ("titel", "goals", "title"),
        ("naam", "products", "name"),
        ("Allocatie %", "team_products", "allocation_pct"),
        ("eigenaar", "goals", "owner"),
        ("eigenaar", "experiments", None),
        ("team", "actions", None),
        ("colour", "experiments", None),
    ],
)
def test_headers_match_ignoring_case_spaces_hyphens_underscores_and_in_dutch(header, kind, column):
    assert column_for_header(header, kind) == column


@pytest.mark.parametrize(
    ("alias", "column"),
    [
        ("titel", "title"), ("hypothese", "hypothesis"), ("startdatum", "start_date"),
        ("einddatum", "end_date"), ("team", "team_id"), ("product", "product_id"),
        ("doel", "goal_id"), ("experiment", "experiment_id"), ("experimentcode", "experiment_id"),
        ("resultaat", "result"), ("lering", "learning"), ("geleerd", "learning"),
        ("besluit", "decision"), ("besluitdatum", "decision_date"), ("energie", "energy"),
        ("meetwaarde", "metric"), ("metriek", "metric"), ("nulmeting", "baseline"),
        ("basiswaarde", "baseline"), ("doelwaarde", "target"), ("gemeten", "observed"),
        ("waargenomen", "observed"), ("lens", "lean_lens"), ("bewijskracht", "evidence_strength"),
        ("reikwijdte", "decision_scope"), ("besluitniveau", "decision_scope"),
        ("onderbouwing", "decision_rationale"), ("bron_experiment", "source_experiment_id"),
        ("naam", "name"), ("waardestroom", "value_stream"), ("levensfase", "lifecycle"),
        ("missie", "mission"), ("niveau", "level"), ("bovenliggend_doel", "parent_goal_id"),
        ("eigenaar", "owner"), ("rol", "role"), ("gewicht", "weight"),
        ("allocatie", "allocation_pct"), ("partnerteams", "partner_teams"),
    ],
)
def test_the_alias_table_has_the_dutch_names_of_the_brief(alias, column):
    assert HEADER_ALIASES[alias] == column


def test_every_alias_names_a_column_of_some_kind():
    columns = {c for names in contract.COLUMNS.values() for c in names}
    assert set(HEADER_ALIASES.values()) <= columns


def test_the_reader_renames_to_canonical_columns():
    frame = fixture("ok_dutch_headers.csv")
    assert list(frame.columns) == [*contract.COLUMNS["experiments"], "line"]
    assert frame.attrs["header"][:3] == ("Experiment", "Team", "Titel")


def test_header_problems_list_missing_unknown_and_duplicate_columns_on_line_1():
    header = ["Experiment", "team", "Titel", "title", "hypothese", "Stauts", "Notes"]
    problems = header_problems(header, "experiments")
    found = [(p.line, p.column, p.severity) for p in problems]
    assert found == [
        (1, "Stauts", "warning"),
        (1, "Notes", "warning"),
        (1, "status", "error"),
        (1, "lean_lens", "error"),
        (1, "title", "error"),
    ]
    by_column = {p.column: p for p in problems}
    assert by_column["Stauts"].fix.startswith("Did you mean status?")
    assert by_column["title"].value == "Titel, title"
    assert by_column["title"].problem == "columns C and D both mean title"
    assert "lens" in by_column["lean_lens"].fix


def test_header_problems_spot_a_file_of_another_kind():
    problems = header_problems(["goal_id", "title", "level", "status"], "experiments")
    errors = [p for p in problems if p.severity == "error"]
    assert errors and all("looks like a goals file" in p.fix for p in errors)


def test_header_problems_of_a_hand_made_frame_use_its_columns():
    frame = pd.DataFrame({"experiment_id": ["X"], "title": ["abc"], "line": [2]})
    missing = {p.column for p in header_problems(frame, "experiments")}
    assert missing == {"team_id", "hypothesis", "status", "lean_lens"}


def test_column_letters_run_like_a_spreadsheet():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


# ----------------------------------------------------------------------------- not a CSV


def tiny_zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), "x")
    return buffer.getvalue()


WORKBOOK = "This is an Excel workbook, not a CSV: in Excel use File → Save As → CSV UTF-8."
SAVE = "upload the spreadsheet saved as CSV UTF-8."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \r\n", "The file is empty."),
        (b"\xef\xbb\xbf", "The file is empty."),
        ("\n".encode("utf-16"), "The file is empty."),
        (b"experiment_id,title\n", "The file has a header but no rows."),
        (b"experiment_id;title\r\n;\r\n;\r\n", "The file has a header but no rows."),
        (tiny_zip("xl/workbook.xml"), WORKBOOK),
        (tiny_zip("notes.txt"),
         "This is a zip archive, not a CSV: unpack it and upload the CSV file inside."),
        (b"PK\x03\x04broken", WORKBOOK),
        (b"\x89PNG\r\n\x1a\n....", f"This is a PNG image, not a CSV: {SAVE}"),
        (b"\xff\xd8\xff\xe0JFIF", f"This is a JPEG image, not a CSV: {SAVE}"),
        (b"GIF89a....", f"This is a GIF image, not a CSV: {SAVE}"),
        (b"%PDF-1.7\n", f"This is a PDF, not a CSV: {SAVE}"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         "This is an old Excel workbook (.xls), not a CSV: "
         "in Excel use File → Save As → CSV UTF-8."),
    ],
)
def test_files_that_are_no_csv_get_one_clear_sentence(data, message):
    with pytest.raises(NotACsv) as caught:
        rows_from_bytes(data, "experiments")
    assert str(caught.value) == message


def test_binary_data_and_unknown_headers_are_no_csv_either():
    for data in (b"title,team\x00\x01\x02\x03\nx,y\n", b"name,email\nAnna,a@b.nl\n"):
        with pytest.raises(NotACsv) as caught:
            rows_from_bytes(data, "experiments")
        text = str(caught.value)
        assert "\n" not in text and "Traceback" not in text and text.endswith(".")


def test_an_unknown_kind_is_a_programming_error_not_a_user_message():
    with pytest.raises(ValueError, match="unknown kind") as caught:
        rows_from_bytes(b"a\n1\n", "people_of_mars")
    assert not isinstance(caught.value, NotACsv)


# ----------------------------------------------------------------------------- cell parsers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12.5", 12.5), ("12,5", 12.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("-3", -3.0),
        ("+4", 4.0), ("0", 0.0), ("1.234.567", 1234567.0), ("1,234,567", 1234567.0),
        ("1.234", 1.234), ("1,234", 1.234), (" 7 ", 7.0), ("", None), (None, None),
        ("-1.234,50", -1234.5),
    ],
)
def test_number_from_text_accepts_decimal_commas_and_thousands(text, number):
    assert number_from_text(text) == number


@pytest.mark.parametrize(
    "text",
    ["12%", "€5", "1.2.3", "1,23,4", "abc", "1e5", "nan", "inf", "--3", "1 000", ".5", "5.", "١٢"],
)
def test_number_from_text_refuses_anything_else(text):
    with pytest.raises(ValueError):
        number_from_text(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-03-31", dt.date(2025, 3, 31)), ("31-03-2025", dt.date(2025, 3, 31)),
        ("1-3-2025", dt.date(2025, 3, 1)), ("01/03/2025", dt.date(2025, 3, 1)),
        ("1/3/2025", dt.date(2025, 3, 1)), ("2025-3-1", dt.date(2025, 3, 1)),
        ("29-02-2024", dt.date(2024, 2, 29)),
        # LibreOffice's Dutch short date; two-digit years 00–69 are 20xx, 70–99 are 19xx
        ("02-03-26", dt.date(2026, 3, 2)), ("2-3-26", dt.date(2026, 3, 2)),
        ("31-12-69", dt.date(2069, 12, 31)), ("01-01-70", dt.date(1970, 1, 1)),
        ("31/12/99", dt.date(1999, 12, 31)),
    ],
)
def test_date_from_text_accepts_iso_and_day_first(text, day):
    assert date_from_text(text) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3/31/2026", dt.date(2026, 3, 31)), ("03/02/26", dt.date(2026, 3, 2)),
        ("2-3-2026", dt.date(2026, 3, 2)),  # dashes stay day first
        ("2026-03-02", dt.date(2026, 3, 2)),
    ],
)
def test_a_month_first_file_reads_slashed_dates_as_the_us_writes_them(text, day):
    assert date_from_text(text, month_first=True) == day


@pytest.mark.parametrize(
    ("columns", "month_first"),
    [
        ([["3/31/2026", None]], True),  # Excel and Google Sheets in US English
        ([["3/2/2026"], ["1/15/26"]], True),  # one date decides for the whole file
        ([["31/3/2026"]], False),
        ([["3/2/2026"]], False),  # either way round: read day first
        ([["3/31/2026"], ["31/3/2026"]], False),  # both ways: day first, and 3/31 is refused
        ([["3-31-2026"]], False),  # dashes are always day first
        ([[None]], False),
    ],
)
def test_slashed_dates_are_month_first_only_when_a_date_of_the_file_can_only_be(
        columns, month_first):
    assert is_month_first(pd.Series(c, dtype="str") for c in columns) is month_first


@pytest.mark.parametrize(
    "text", ["", "2025/03/31", "31-02-2025", "2025-13-01", "03-31-2025", "1-3/2025", "March 1",
             "25-3-1", "2025-03-31T00:00", "0000-01-01", "1-3-202", "31-11-26", "1-3-2"]
)
def test_date_from_text_refuses_anything_else(text):
    with pytest.raises(ValueError):
        date_from_text(text)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("WEB;OPS", ["WEB", "OPS"]), ("WEB | OPS", ["WEB", "OPS"]), ("WEB, OPS", ["WEB", "OPS"]),
        (" WEB ;; OPS ;", ["WEB", "OPS"]), ("WEB", ["WEB"]), ("", []), (None, []),
    ],
)
def test_list_from_text_splits_on_semicolon_bar_and_comma(text, items):
    assert list_from_text(text) == items


def test_list_columns_are_joined_with_semicolons_and_explode_to_their_rows():
    joined = lists_from_texts(pd.Series(["WEB | OPS,", None, " ; ", "Dev, Design"]), lower=True)
    assert joined.tolist()[0] == "web;ops" and joined.tolist()[3] == "dev;design"
    assert joined.isna().tolist() == [False, True, True, False]
    items = list_items(joined)
    assert list(zip(items.index, items, strict=True)) == [
        (0, "web"), (0, "ops"), (3, "dev"), (3, "design")]


NUMBERISH = st.text(alphabet="0123456789.,+-", min_size=1, max_size=12)
DATEISH = st.one_of(
    st.text(alphabet="0123456789-/", min_size=1, max_size=11),
    st.dates().map(str),
    st.dates().map(lambda d: f"{d.day}-{d.month}-{d.year:04d}"),
    st.dates().map(lambda d: f"{d.day:02d}-{d.month:02d}-{d.year % 100:02d}"),
    st.dates().map(lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}"),
)


@given(st.lists(NUMBERISH, min_size=1, max_size=8))
def test_the_column_number_parser_agrees_with_the_cell_parser(texts):
    values, bad = numbers_from_texts(pd.Series(texts))
    for text, value, is_bad in zip(texts, values, bad, strict=True):
        try:
            expected = number_from_text(text)
        except ValueError:
            assert is_bad, text
        else:
            assert not is_bad and value == expected, text


@settings(deadline=None)  # the first example pays for compiling the date patterns
@given(st.lists(DATEISH, min_size=1, max_size=8), st.booleans())
def test_the_column_date_parser_agrees_with_the_cell_parser(texts, month_first):
    values, bad = dates_from_texts(pd.Series(texts), month_first)
    for text, value, is_bad in zip(texts, values, bad, strict=True):
        try:
            expected = date_from_text(text, month_first)
        except ValueError:
            assert is_bad, text
        else:
            assert not is_bad and value.date() == expected, text


@pytest.mark.parametrize(("cell", "read"), [
    ("Sneller", "Sneller"),
    ("  Sneller ", "Sneller"),
    ("\u00a0Sneller\u00a0", "Sneller"),  # Excel's non-breaking space
    ("Sneller\u3000", "Sneller"),
    ("Sneller betalen", "Sneller betalen"),  # inner spaces stay
    ("   ", None),
    ("", None),
    ("'=SUM(A1)", "=SUM(A1)"),  # our own export's formula guard comes off
    (" '=SUM(A1) ", "=SUM(A1)"),
    ("'t Hoofd", "'t Hoofd"),  # an apostrophe before anything else is the user's
])
def test_cells_are_trimmed_and_empty_cells_missing(cell, read):
    frame = rows_from_bytes(f"experiment_id;title\nA-1;{cell}\nA-2;Plain\n".encode(),
                            "experiments")
    first = frame["title"].iloc[0]
    assert pd.isna(first) if read is None else first == read


@pytest.mark.parametrize(("column", "cell", "read"), [
    ("title", "Cafe\u0301", "Caf\u00e9"),  # a letter and its accent become one character
    ("title", "\ufb01x m\u00b2", "\ufb01x m\u00b2"),  # free text keeps ligatures and powers
    ("title", "Sne\u00adller\u200b betalen", "Sneller betalen"),  # soft hyphen, zero width
    ("title", "Team \U0001f469\u200d\U0001f4bb", "Team \U0001f469\u200d\U0001f4bb"),  # emoji
    ("experiment_id", "PAY\u200b-1", "PAY-1"),
    ("experiment_id", "\ufeffPAY-\u00ad1\u2060", "PAY-1"),
    ("experiment_id", "\uff30\uff21\uff39-\uff11", "PAY-1"),  # full-width letters and digit
    ("experiment_id", "P\u0410Y-1", "P\u0410Y-1"),  # a Cyrillic letter stays: it is refused
    ("partner_teams", "WEB\u200b|\uff2f\uff30\uff33", "WEB|OPS"),
])
def test_cells_are_read_as_they_look(column, cell, read):
    other = "team_id" if column == "title" else "title"
    frame = rows_from_bytes(f"{other};{column}\nA;{cell}\n".encode(), "experiments")
    assert frame[column].iloc[-1] == read


def test_headers_are_read_as_they_look():
    frame = rows_from_bytes("Ti\u200btel;\uff34\uff25\uff21\uff2d\nSneller;PAY\n".encode(),
                            "experiments")
    assert list(frame.columns) == ["title", "team_id", "line"]


@pytest.mark.parametrize(("columns", "message"), [
    (201, "The file has 201 columns; at most 200 are read"),
    (50_000, "The file has 50,000 columns; at most 200 are read"),  # took 92 s to report
])
def test_a_file_wider_than_the_limit_is_refused_before_it_is_read(columns, message):
    header = ",".join(["experiment_id", *(f"extra{i:05d}" for i in range(columns - 1))])
    with pytest.raises(NotACsv, match=message):
        rows_from_bytes((header + "\nPAY-1" + "," * (columns - 1) + "\n").encode(),
                        "experiments")


def test_a_header_line_longer_than_any_header_is_refused():
    with pytest.raises(NotACsv, match="The first line \\(the header\\) is longer than"):
        rows_from_bytes(b"experiment_id " + b"x" * 30_000 + b"\nPAY-1\n", "experiments")


def test_the_limits_allow_the_widest_real_file():
    widest = max(len(columns) for columns in contract.COLUMNS.values())
    longest = max(len(name) for name in [*HEADER_ALIASES, *contract.COLUMNS["experiments"]])
    assert widest * 4 < contract.MAX_COLUMNS and longest * 3 < contract.MAX_HEADER_CHARS


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_column_guide_states_the_contracts_limits_and_date_rules(lang):
    words = catalogue(lang)
    caption = words["upload.column_guide_caption"]
    for limit in (contract.MAX_COLUMNS, contract.MAX_HEADER_CHARS, contract.MAX_CELL_CHARS,
                  contract.MAX_ID_CHARS):
        assert f" {limit} " in caption or f" {limit}." in caption, limit
    assert f"{contract.MAX_ID_CHARS}" in words["guide_rule.experiment_id"]
    assert f"{contract.MAX_CELL_CHARS}" in words["guide_rule.hypothesis"]
    assert f"{len(f'{contract.MAX_NUMBER:.0f}') - 1}" in words["guide_rule.baseline"]
    pivot = words["guide_rule.start_date"]
    assert f"00–{TWO_DIGIT_PIVOT - 1}" in pivot and f"{TWO_DIGIT_PIVOT}–99" in pivot
