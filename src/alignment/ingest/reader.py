"""Turn the bytes of an uploaded file into a table of text cells, whatever the export looked like.

Handles UTF-8 (with or without BOM), Windows-1252, Excel's "Unicode text" (UTF-16 with BOM,
tab-delimited), comma / semicolon / tab delimiters, quoted newlines, Excel's trailing empty
rows and columns, and Dutch or sloppily written headers. Also holds the cell parsers
(numbers with decimal commas, day-first dates, lists) shared with the validator.

Pure functions: bytes in, a pandas frame out; no Streamlit and no database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from alignment import contract, export
from alignment.ingest.problems import NotACsv
from alignment.problems import Problem, Said, problem, said

# Alias → canonical column, as listed in the column guide. Matching ignores case, spaces,
# hyphens and underscores, so "Start datum", "start-datum" and "STARTDATUM" all match
# "startdatum". Every canonical name also matches itself.
HEADER_ALIASES: dict[str, str] = {
    # experiments
    "experiment": "experiment_id",
    "experimentcode": "experiment_id",
    "experiment_code": "experiment_id",
    "experiment_nr": "experiment_id",
    "team": "team_id",
    "teamcode": "team_id",
    "titel": "title",
    "naam_experiment": "title",
    "hypothese": "hypothesis",
    "lens": "lean_lens",
    "leanlens": "lean_lens",
    "product": "product_id",
    "productcode": "product_id",
    "doel": "goal_id",
    "goal": "goal_id",
    "doelcode": "goal_id",
    "startdatum": "start_date",
    "begindatum": "start_date",
    "start": "start_date",
    "einddatum": "end_date",
    "eind": "end_date",
    "end": "end_date",
    "meetwaarde": "metric",
    "metriek": "metric",
    "maatstaf": "metric",
    "nulmeting": "baseline",
    "basiswaarde": "baseline",
    "doelwaarde": "target",
    "streefwaarde": "target",
    "gemeten": "observed",
    "waargenomen": "observed",
    "gemeten_waarde": "observed",
    "resultaat": "result",
    "uitkomst": "result",
    "lering": "learning",
    "geleerd": "learning",
    "wat_hebben_we_geleerd": "learning",
    "bewijskracht": "evidence_strength",
    "bewijs": "evidence_strength",
    "evidence": "evidence_strength",
    "besluit": "decision",
    "beslissing": "decision",
    "besluitdatum": "decision_date",
    "beslisdatum": "decision_date",
    "reikwijdte": "decision_scope",
    "besluitniveau": "decision_scope",
    "scope": "decision_scope",
    "onderbouwing": "decision_rationale",
    "toelichting_besluit": "decision_rationale",
    "rationale": "decision_rationale",
    "partnerteams": "partner_teams",
    "partners": "partner_teams",
    "samenwerkende_teams": "partner_teams",
    "discipline": "disciplines",
    "bron_experiment": "source_experiment_id",
    "bronexperiment": "source_experiment_id",
    "source_experiment": "source_experiment_id",
    "overgenomen_van": "source_experiment_id",
    "energie": "energy",
    # goals
    "doel_id": "goal_id",
    "omschrijving": "description",
    "beschrijving": "description",
    "niveau": "level",
    "bovenliggend_doel": "parent_goal_id",
    "parent": "parent_goal_id",
    "parent_goal": "parent_goal_id",
    "eigenaar": "owner",
    "periode_start": "period_start",
    "begin_periode": "period_start",
    "periode_eind": "period_end",
    "eind_periode": "period_end",
    # products
    "naam": "name",
    "waardestroom": "value_stream",
    "levensfase": "lifecycle",
    "fase": "lifecycle",
    "missie": "mission",
    "verkenningsdoel_pct": "explore_target_pct",
    "explore_doel_pct": "explore_target_pct",
    "explore_pct": "explore_target_pct",
    "explore_target": "explore_target_pct",
    # product_goals
    "koppeling": "link_type",
    "soort_koppeling": "link_type",
    "link": "link_type",
    "gewicht": "weight",
    # team_products
    "rol": "role",
    "allocatie": "allocation_pct",
    "allocatie_pct": "allocation_pct",
    "allocatie%": "allocation_pct",
    "allocation": "allocation_pct",
    "allocation%": "allocation_pct",
    # sessions
    "sessie": "session_id",
    "sessie_id": "session_id",
    "session": "session_id",
    "datum": "held_on",
    "gehouden_op": "held_on",
    "date": "held_on",
    "begeleider": "facilitator",
    "soort": "kind",
    "type": "kind",
    "resultaten_besproken": "covered_results",
    "samenwerking_besproken": "covered_collaboration",
    "veiligheid_besproken": "covered_safety",
    "veiligheid": "safety",
    "eigenaarschap": "ownership",
    "samenwerking": "collaboration",
    "notities": "notes",
    "opmerkingen": "notes",
    # actions
    "actie": "action_id",
    "actie_id": "action_id",
    "action": "action_id",
    "eigenaar_team": "owner_team_id",
    "team_eigenaar": "owner_team_id",
    "verantwoordelijk_team": "owner_team_id",
    "owner_team": "owner_team_id",
    "deadline": "due_on",
    "vervaldatum": "due_on",
    "uiterlijk": "due_on",
    "gesloten_op": "closed_on",
    "afgerond_op": "closed_on",
    # goal_measures
    "meetpunt": "measure_id",
    "meetpunt_id": "measure_id",
    "measure": "measure_id",
    "eenheid": "unit",
    "richting": "direction",
    "streefdatum": "target_date",
    "doeldatum": "target_date",
    # check_ins
    "meting": "check_in_id",
    "meting_id": "check_in_id",
    "check_in": "check_in_id",
    "meetdatum": "checked_on",
    "gemeten_op": "checked_on",
    "waarde": "value",
    "vertrouwen": "confidence",
    "toelichting": "comment",
    "opmerking": "comment",
}

_SIGNATURES: tuple[tuple[bytes, Said], ...] = (
    (b"\x89PNG", said("problem.image", format="PNG")),
    (b"\xff\xd8\xff", said("problem.image", format="JPEG")),
    (b"GIF8", said("problem.image", format="GIF")),
    (b"%PDF", said("problem.pdf")),
    (b"\xd0\xcf\x11\xe0", said("problem.xls")),
)
_WORKBOOK = said("problem.workbook")
_ZIP = said("problem.zip")
_BINARY = said("problem.binary")
_DELIMITERS = ("\t", ";", ",")  # preference order when the header has as many of each


def _key(name: str) -> str:
    """Matching key of a header: lowercased, without spaces, hyphens and underscores."""
    return re.sub(r"[\s_\-]+", "", name.replace("\ufeff", "").lower())


_ALIAS_KEYS: dict[str, str] = {_key(alias): column for alias, column in HEADER_ALIASES.items()}


def column_for_header(header: str, kind: str) -> str | None:
    """Canonical column a header cell means in a file of ``kind``, or None.

    >>> column_for_header("Start datum", "experiments")
    'start_date'
    """
    key = _key(header)
    for column in contract.COLUMNS[kind]:
        if _key(column) == key:
            return column
    column = _ALIAS_KEYS.get(key)
    return column if column in contract.COLUMNS[kind] else None


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# ----------------------------------------------------------------------------- cell parsers

# [0-9], not \d: Python's \d also matches other scripts' digits, Arrow's does not.
_PLAIN_NUMBER = r"[+-]?[0-9]+(?:[.,][0-9]+)?"
_DOT_THOUSANDS = r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"
_COMMA_THOUSANDS = r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
# Dates as (named parts of) a pattern each: YYYY-MM-DD; D-M-YYYY as Dutch Excel writes it and
# DD-MM-YY as Dutch LibreOffice does; D/M/YYYY (Excel and Google Sheets in English outside the
# US) or M/D/YY(YY) (the US; see `is_month_first`).
_DATE_PATTERNS = {
    "iso": r"^(?P<year>[0-9]{4})-(?P<second>[0-9]{1,2})-(?P<first>[0-9]{1,2})$",
    "dashed": r"^(?P<first>[0-9]{1,2})-(?P<second>[0-9]{1,2})-(?P<year>[0-9]{4}|[0-9]{2})$",
    "slashed": r"^(?P<first>[0-9]{1,2})/(?P<second>[0-9]{1,2})/(?P<year>[0-9]{4}|[0-9]{2})$",
}
_SEPARATOR = {"iso": "-", "dashed": "-", "slashed": "/"}
# A two-digit year below this is 20xx, from it 19xx (00–69 → 2000–2069, 70–99 → 1970–1999).
TWO_DIGIT_PIVOT = 70
_LIST_SEPARATORS = r"\s*[;|,]\s*"


def number_from_text(text: str | None) -> float | None:
    """Number in a cell, accepting a decimal comma and thousands separators; None when empty.

    A single separator is the decimal one; with both, the last one is.
    >>> number_from_text("1.234,5"), number_from_text("12,5"), number_from_text("1,234.5")
    (1234.5, 12.5, 1234.5)
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    if re.fullmatch(_PLAIN_NUMBER, text):
        return float(text.replace(",", "."))
    if re.fullmatch(_DOT_THOUSANDS, text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(_COMMA_THOUSANDS, text):
        return float(text.replace(",", ""))
    raise ValueError(f"not a number: {text!r}")


def date_parts(text: str | None, month_first: bool = False) -> tuple[int, int, int] | None:
    """(year, month, day) as written in a date cell, whether or not that day exists; None for
    a cell that is no date at all. ``month_first`` reads slashed dates as the US writes them.

    >>> date_parts("31-11-2026"), date_parts("02-03-26"), date_parts("3/2/26", month_first=True)
    ((2026, 11, 31), (2026, 3, 2), (2026, 3, 2))
    """
    text = (text or "").strip()
    for shape, pattern in _DATE_PATTERNS.items():
        if match := re.match(pattern, text):
            year, day, month = int(match["year"]), int(match["first"]), int(match["second"])
            if len(match["year"]) == 2:
                year += 2000 if year < TWO_DIGIT_PIVOT else 1900
            if shape == "slashed" and month_first:
                day, month = month, day
            return year, month, day
    return None


def date_from_text(text: str, month_first: bool = False) -> dt.date:
    """Date in a cell written as YYYY-MM-DD, DD-MM-YYYY, D-M-YYYY, DD-MM-YY or DD/MM/YYYY.

    >>> date_from_text("3-1-2024"), date_from_text("03-01-24")
    (datetime.date(2024, 1, 3), datetime.date(2024, 1, 3))
    """
    parts = date_parts(text, month_first)
    if parts is None:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(*parts)


def is_month_first(columns: Iterable[pd.Series]) -> bool:
    """Whether a file's slashed dates put the month first (3/31/2026, as the US writes them):
    some can only be read so, and none only the other way. Otherwise day first (31/3/2026).
    """
    month_slot_only = day_slot_only = False
    for texts in columns:
        pieces = _date_pieces(text_array(texts), "slashed")
        if pieces is not None:
            first, second = (pc.cast(piece, pa.int32()) for piece in pieces[:2])
            month_slot_only |= bool(pc.any(pc.greater(second, 12)).as_py())
            day_slot_only |= bool(pc.any(pc.greater(first, 12)).as_py())
    return month_slot_only and not day_slot_only


def list_from_text(text: str | None) -> list[str]:
    """Items of a list cell separated by ``;``, ``|`` or ``,``, trimmed, empty items dropped.

    >>> list_from_text(" WEB | OPS;;")
    ['WEB', 'OPS']
    """
    if text is None:
        return []
    return [item.strip() for item in re.split(r"[;|,]", text) if item.strip()]


def _matches(array: pa.Array, pattern: str) -> pa.Array:
    """Whether each cell is entirely ``pattern`` (null for empty cells)."""
    return pc.match_substring_regex(array, f"^(?:{pattern})$")


def _all_of_present(mask: pa.Array, array: pa.Array) -> bool:
    """Whether ``mask`` holds for every non-empty cell of ``array``."""
    return (pc.sum(mask).as_py() or 0) == pc.count(array).as_py()


def numbers_from_texts(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Column version of `number_from_text`: (float64 values, mask of cells that are no number).

    >>> values, bad = numbers_from_texts(pd.Series(["12,5", "1.234,5", "veel", None]))
    >>> values.tolist(), bad.tolist()
    ([12.5, 1234.5, nan, nan], [False, False, True, False])
    """
    array = text_array(texts)
    none = pa.scalar(None, array.type)
    plain = _matches(array, _PLAIN_NUMBER)
    normalized = pc.if_else(plain, pc.replace_substring(array, ",", "."), none)
    if not _all_of_present(plain, array):
        dotted = pc.replace_substring(pc.replace_substring(array, ".", ""), ",", ".")
        commas = pc.replace_substring(array, ",", "")
        normalized = pc.coalesce(
            normalized,
            pc.if_else(_matches(array, _DOT_THOUSANDS), dotted, none),
            pc.if_else(_matches(array, _COMMA_THOUSANDS), commas, none),
        )
    try:
        values = pd.Series(
            pc.cast(normalized, pa.float64()).to_numpy(zero_copy_only=False), index=texts.index
        )
    except pa.ArrowInvalid:  # e.g. more digits than a float holds
        values = pd.to_numeric(
            pd.Series(normalized.to_pandas().array, index=texts.index), errors="coerce"
        ).astype("float64")
    present = pc.is_valid(array).to_numpy(zero_copy_only=False)
    return values, pd.Series(present & values.isna().to_numpy(), index=texts.index)


def dates_from_texts(texts: pd.Series, month_first: bool = False) -> tuple[pd.Series, pd.Series]:
    """Column version of `date_from_text`: (datetime64 values, mask of cells that are no date).

    >>> values, bad = dates_from_texts(pd.Series(["2025-03-31", "1-4-2025", "31-02-2025"]))
    >>> [str(v)[:10] for v in values], bad.tolist()
    (['2025-03-31', '2025-04-01', 'NaT'], [False, False, True])
    """
    array = text_array(texts)
    values = None
    if _all_of_present(_matches(array, r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), array):
        try:
            days = pc.cast(array, pa.date32()).to_numpy(zero_copy_only=False)
            if (days < np.datetime64("0001-01-01")).any():  # year 0 has no datetime.date
                raise pa.ArrowInvalid("year 0")
            values = pd.Series(days.astype("datetime64[s]"), index=texts.index)
        except pa.ArrowInvalid:  # a date that does not exist, e.g. 2025-02-30
            values = None
    if values is None:
        values = pd.Series(_dates_of_parts(*_date_numbers(array, month_first)),
                           index=texts.index)
    present = pc.is_valid(array).to_numpy(zero_copy_only=False)
    return values, pd.Series(present & values.isna().to_numpy(), index=texts.index)


def _date_pieces(array: pa.Array, shape: str) -> tuple[pa.Array, ...] | None:
    """The three numbers (as text) of the cells written in ``shape`` of `_DATE_PATTERNS`,
    null for other cells; None when no cell is.

    Matching and splitting: Arrow's extract_regex took 5 s for a million cells, these 1 s.
    """
    separator = _SEPARATOR[shape]
    if not pc.any(pc.match_substring(array, separator)).as_py():
        return None  # most columns are written one way: skip the shapes no cell can have
    matches = pc.match_substring_regex(array, _DATE_PATTERNS[shape])
    if not pc.any(matches).as_py():
        return None
    pieces = pc.split_pattern(pc.if_else(matches, array, pa.scalar(None, array.type)),
                              separator)
    return tuple(pc.list_element(pieces, i) for i in range(3))


def _date_numbers(array: pa.Array, month_first: bool) -> tuple[np.ndarray, ...]:
    """(year, month, day) of each cell as written, as in `date_parts`; 0 where it is no date."""
    found: dict[str, pa.Array] = {}
    for shape in _DATE_PATTERNS:
        pieces = _date_pieces(array, shape)
        if pieces is None:
            continue
        first, second, third = pieces
        year_text, day_text = (first, third) if shape == "iso" else (third, first)
        year = pc.cast(year_text, pa.int32())
        century = pc.if_else(pc.less(year, TWO_DIGIT_PIVOT), 2000, 1900)
        named = {
            "year": pc.if_else(pc.equal(pc.utf8_length(year_text), 2), pc.add(year, century),
                               year),
            "day": pc.cast(day_text, pa.int32()),
            "month": pc.cast(second, pa.int32()),
        }
        if shape == "slashed" and month_first:
            named["day"], named["month"] = named["month"], named["day"]
        for name, values in named.items():
            found[name] = values if name not in found else pc.coalesce(found[name], values)
    if not found:
        return tuple(np.zeros(len(array), dtype=np.int64) for _ in range(3))
    return tuple(found[name].fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
                 for name in ("year", "month", "day"))


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _dates_of_parts(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """datetime64[s] of each (year, month, day); NaT where that day does not exist."""
    month_known = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _DAYS_IN_MONTH[np.where(month_known, month, 0)] + (leap & (month == 2))
    exists = (year >= 1) & (year <= 9999) & month_known & (day >= 1) & (day <= days)
    year, month, day = (np.where(exists, part, 1) for part in (year, month, day))
    months = (year - 1970) * 12 + (month - 1)
    dates = months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)
    return np.where(exists, dates.astype("datetime64[s]"), np.datetime64("NaT", "s"))


def text_array(texts: pd.Series) -> pa.Array:
    """The cells of a text column as one Arrow string array (nulls for missing cells)."""
    array = pa.array(texts.astype("str"), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def text_series(array: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow string array back as a pandas text column."""
    return pd.Series(array.to_pandas().array, index=index, dtype="str")


def lists_from_texts(texts: pd.Series, lower: bool = False) -> pd.Series:
    """Column version of `list_from_text`: each list joined with ``;``, empty lists missing.

    Duplicated items are kept.
    >>> lists_from_texts(pd.Series(["WEB | OPS,", None])).tolist()
    ['WEB;OPS', nan]
    """
    array = pc.utf8_trim_whitespace(text_array(texts))
    if lower:
        array = pc.utf8_lower(array)
    if pc.any(pc.match_substring_regex(array, r"[|,\s]|;;|^;|;$")).as_py():
        array = pc.replace_substring_regex(array, _LIST_SEPARATORS, ";")
        array = pc.replace_substring_regex(array, ";{2,}", ";")
        array = pc.utf8_trim(array, ";")
        array = pc.if_else(pc.equal(array, ""), pa.scalar(None, array.type), array)
    return text_series(array, texts.index)


def list_items(joined: pd.Series) -> pd.Series:
    """One row per item of a `lists_from_texts` column, indexed by the row it came from.

    >>> items = list_items(pd.Series(["WEB;OPS", None, "PAY"]))
    >>> items.index.tolist(), items.tolist()
    ([0, 0, 2], ['WEB', 'OPS', 'PAY'])
    """
    lists = pc.split_pattern(text_array(joined), ";")
    items = pc.list_flatten(lists)
    rows = joined.index.to_numpy()[pc.list_parent_indices(lists).to_numpy()]
    return text_series(items, pd.Index(rows))


# ----------------------------------------------------------------------------- reading


def _refuse_non_text(data: bytes) -> None:
    """Raise NotACsv for workbooks, images, PDFs and other binary files."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        is_workbook = any(name.startswith("xl/") for name in names) or not names
        raise NotACsv(_WORKBOOK if is_workbook else _ZIP)
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise NotACsv(message)


def _utf8_payload(data: bytes) -> tuple[bytes, bool]:
    """UTF-8 bytes of the file and whether the encoding is certain (else maybe Windows-1252)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8"), True
        except UnicodeDecodeError as error:
            raise NotACsv(_BINARY) from error
    if b"\x00" in data:
        sample = data[:4096]
        for encoding, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
            if len(sample) > 1 and sample[nul_at::2].count(0) > 0.9 * (len(sample) // 2):
                try:
                    return data.decode(encoding).encode("utf-8"), True
                except UnicodeDecodeError:
                    break
        raise NotACsv(_BINARY)
    return data, False


# A well-formed UTF-8 sequence of two to four bytes. A Windows-1252 line practically never
# reads as UTF-8 throughout (it would be mojibake such as "Ã©"), so a file with a line that is
# UTF-8 with such a sequence and a line with bytes that are no UTF-8 mixes two encodings:
# reading it either way garbles part of it. Within one line, two Windows-1252 letters may form
# such a sequence by chance ("ß€" is DF 80), so the decision is taken per line.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _first_line_not_utf8(data: bytes) -> int | None:
    """Number of the first line that is no UTF-8 when another line is UTF-8 with non-ASCII."""
    utf8_line = False
    first_other = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_other = first_other or number
            continue
        utf8_line = utf8_line or bool(_UTF8_SEQUENCE.search(line))
    return first_other if utf8_line else None


def _windows_1252(data: bytes) -> bytes:
    """Re-encode Windows-1252 bytes (Latin-1 for its five unassigned bytes) as UTF-8.

    Raises NotACsv for bytes that are neither: UTF-8 lines beside lines of another encoding.
    """
    line = _first_line_not_utf8(data)
    if line is not None:
        raise NotACsv(said("problem.mixed_encoding", line=line))
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")


_HEADER_BYTES = contract.MAX_COLUMNS * (contract.MAX_HEADER_CHARS + 3)  # quotes, delimiter


def _header_delimiter(payload: bytes) -> tuple[str, int]:
    """Delimiter of the header line (counted outside quotes) and the number of header cells.

    Raises NotACsv for a header longer or wider than the contract's limits, before the rest
    of the file is read.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = ended = False
    for byte in payload[:_HEADER_BYTES]:
        char = chr(byte)
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            ended = True
            break
        elif not quoted and char in counts:
            counts[char] += 1
    delimiter = max(_DELIMITERS, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ","
    width = counts[delimiter] + 1
    if width > contract.MAX_COLUMNS:
        if not ended:  # count the rest of the line too, quotes or not: the file is refused
            end = min(at for at in (payload.find(b"\n"), payload.find(b"\r"), len(payload))
                      if at >= 0)
            width = payload.count(delimiter.encode(), 0, end) + 1
        raise NotACsv(said("problem.too_many_columns", count=f"{width:,}",
                           most=contract.MAX_COLUMNS))
    if not ended and len(payload) > _HEADER_BYTES:
        raise NotACsv(said("problem.header_too_long", most=_HEADER_BYTES))
    return delimiter, width


class _RaggedFile(Exception):
    """A line has another number of cells than the header: parse slowly, line by line."""


def _arrow_cells(payload: bytes, delimiter: str, width: int) -> pa.Table:
    """All records (header first) as text, fast; raises _RaggedFile on uneven lines."""
    names = [f"c{i}" for i in range(width)]
    try:
        return pacsv.read_csv(
            pa.BufferReader(payload),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, ignore_empty_lines=False,
                # a quoted newline makes Arrow split the file serially: only ask for it
                # when there is a quote at all
                newlines_in_values=b'"' in payload,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.large_string() for name in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error):
            raise UnicodeDecodeError("utf-8", b"", 0, 1, "invalid UTF-8") from error
        raise _RaggedFile from error


def _python_cells(
    payload: bytes, delimiter: str, certain: bool
) -> tuple[pa.Table, list[tuple[int, int]]]:
    """All records as text via the csv module, padded to the header's width.

    Also returns (line, cells) for each line with non-empty cells beyond the header's width.
    """
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        if certain:
            raise NotACsv(_BINARY) from None
        text = _windows_1252(payload).decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = len(records[0]) if records else 1
    long_lines = [
        (number, len(cells))
        for number, cells in enumerate(records, start=1)
        if len(cells) > width and any(cell.strip() for cell in cells[width:])
    ]
    columns = {
        f"c{i}": pa.array(
            [cells[i] if i < len(cells) else "" for cells in records], pa.large_string()
        )
        for i in range(width)
    }
    return pa.table(columns), long_lines


def _cells(data: bytes) -> tuple[pa.Table, list[tuple[int, int]]]:
    """Every record of the file as text cells (header first) and the over-long lines."""
    payload, certain = _utf8_payload(data)
    if not payload or payload.isspace():
        raise NotACsv(said("problem.empty_file"))
    delimiter, width = _header_delimiter(payload)
    for attempt in ("as is", "windows-1252"):
        try:
            return _arrow_cells(payload, delimiter, width), []
        except _RaggedFile:
            return _python_cells(payload, delimiter, certain)
        except UnicodeDecodeError:
            if certain or attempt != "as is":
                raise NotACsv(_BINARY) from None
            payload = _windows_1252(payload)
    raise AssertionError("unreachable")  # pragma: no cover


_END = 2**31 - 1  # a slice to the end of any cell


# Characters that show nothing and change no word: zero-width spaces and joiners between
# letters, soft hyphens, word joiners, byte-order marks and the bidirectional controls. A
# zero-width joiner is kept: it joins emoji (👩‍💻) and letters of some scripts.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


def normalized_text(text: str, form: str = "NFKC") -> str:
    """``text`` in Unicode normal ``form`` without invisible characters, so what a reader sees
    is what is stored: NFKC (for ids and headers) also makes look-alikes of the same letter
    one (ﬁ → fi, full-width １ → 1); NFC (for free text) only joins a letter and its accent.

    >>> normalized_text("PAY\u200b-\u00ad１")
    'PAY-1'
    """
    return _INVISIBLE_RE.sub("", unicodedata.normalize(form, text))


def _normalized(column: pa.ChunkedArray, form: str = "NFC") -> pa.ChunkedArray:
    """`normalized_text` of every cell; columns of plain ASCII (most) are left as they are."""
    if pc.all(pc.string_is_ascii(column)).as_py() is not False:
        return column
    column = pc.utf8_normalize(column, form)
    return pc.replace_substring_regex(column, f"[{_INVISIBLE}]", "")


def _trimmed(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Cells without surrounding whitespace or our exports' formula guard; empty cells are null.

    Downloads put an apostrophe before = + - @ where a spreadsheet could start a cell, so it
    does not run a formula (see ``alignment.export``); reading takes one apostrophe off
    again: ``'=SUM(A1)`` → ``=SUM(A1)``, ``a; '=1`` → ``a; =1``.
    """
    column = _normalized(column)
    # Looking at each cell's first and last character costs half of trimming every cell,
    # and most columns of a real export need no trimming at all.
    first = pc.utf8_slice_codeunits(column, 0, 1)
    last = pc.utf8_slice_codeunits(column, -1, _END)
    spaced = pc.any(pc.or_(pc.utf8_is_space(first), pc.utf8_is_space(last))).as_py()
    trimmed = pc.utf8_trim_whitespace(column) if spaced else column
    if pc.any(pc.match_substring(trimmed, "'")).as_py():
        trimmed = pc.replace_substring_regex(trimmed, export.GUARDED, r"\1\2\3")
    empty = pc.equal(pc.binary_length(trimmed), 0)
    if not pc.any(empty).as_py():
        return trimmed
    return pc.if_else(empty, pa.scalar(None, trimmed.type), trimmed)


def rows_from_bytes(data: bytes, kind: str) -> pd.DataFrame:
    """Every data row of an uploaded file as text cells under canonical column names.

    Cells are trimmed; empty cells are missing (NA). Columns: the recognised ones, named as
    in ``contract.COLUMNS[kind]``, plus ``line``, the row number the spreadsheet shows
    (header = 1; a record with a quoted newline is one row). Rows with only empty cells
    are dropped. ``frame.attrs`` keeps what `header_problems` and `shape_problems` report.
    Raises NotACsv with one sentence for a file that is no CSV at all.

    >>> rows_from_bytes(b"Titel;experiment\\nSneller;PAY-1\\n", "experiments").to_dict("records")
    [{'title': 'Sneller', 'experiment_id': 'PAY-1', 'line': 2}]
    """
    if kind not in contract.COLUMNS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(contract.COLUMNS)}")
    if not data or data.isspace():
        raise NotACsv(said("problem.empty_file"))
    _refuse_non_text(data)
    table, long_lines = _cells(data)
    header = [
        normalized_text(table.column(i)[0].as_py() or "").strip()
        for i in range(table.num_columns)
    ]
    for position, name in enumerate(header):
        if len(name) > contract.MAX_HEADER_CHARS:
            raise NotACsv(said("problem.long_header", letter=column_letter(position),
                               count=f"{len(name):,}", most=contract.MAX_HEADER_CHARS))
    body = table.slice(1)
    cells = [_trimmed(body.column(i)) for i in range(body.num_columns)]
    filled = [pc.is_valid(column) for column in cells]
    keep = np.zeros(body.num_rows, dtype=bool)
    for mask in filled:
        keep |= mask.to_numpy(zero_copy_only=False)

    while header and not header[-1] and not (filled and pc.any(filled[len(header) - 1]).as_py()):
        header.pop()
    chosen: dict[str, int] = {}
    for position, name in enumerate(header):
        column = column_for_header(name, kind) if name else None
        if column is not None and column not in chosen:
            chosen[column] = position
    if not chosen:
        expected = ", ".join(contract.REQUIRED[kind])
        raise NotACsv(said("problem.no_known_column", kind=said(f"kind.{kind}"),
                            expected=expected))
    if not keep.any():
        raise NotACsv(said("problem.header_only"))

    kept = pa.table({
        column: _normalized(cells[position], "NFKC") if contract.is_id_column(column)
        else cells[position]
        for column, position in chosen.items()
    })
    if not keep.all():
        kept = kept.filter(pa.array(keep))
    frame = kept.to_pandas()
    frame["line"] = np.flatnonzero(keep) + 2
    frame.attrs["header"] = tuple(header)
    frame.attrs["headers"] = {column: header[position] for column, position in chosen.items()}
    frame.attrs["unnamed_columns"] = tuple(
        column_letter(position)
        for position, name in enumerate(header)
        if not name and pc.any(filled[position]).as_py()
    )
    frame.attrs["long_lines"] = tuple((line, count, len(header)) for line, count in long_lines)
    return frame


# ----------------------------------------------------------------------------- header report


def _looks_like(header_columns: Iterable[str], kind: str) -> str | None:
    """Another kind whose required columns the header has, if any."""
    names = set(header_columns)
    for other in contract.COLUMNS:
        if other != kind:
            found = {column_for_header(name, other) for name in names}
            if set(contract.REQUIRED[other]) <= found:
                return other
    return None


def header_problems(frame_or_header: pd.DataFrame | Sequence[str], kind: str) -> list[Problem]:
    """Missing required, unknown and duplicated columns of a file, all on line 1.

    Takes the reader's frame (it keeps the original header) or the header cells themselves.
    >>> [p.column for p in header_problems(["team", "titel", "title"], "experiments")]
    ['experiment_id', 'hypothesis', 'status', 'lean_lens', 'title']
    """
    if isinstance(frame_or_header, pd.DataFrame):
        header = frame_or_header.attrs.get("header")
        if header is None:
            header = [name for name in frame_or_header.columns if name != "line"]
        unnamed = frame_or_header.attrs.get("unnamed_columns", ())
    else:
        header, unnamed = list(frame_or_header), ()
    problems: list[Problem] = []
    seen: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        if not name:
            continue
        column = column_for_header(name, kind)
        if column is not None:
            seen.setdefault(column, []).append(position)
            continue
        columns = contract.COLUMNS[kind]
        known = [*columns, *(a for a, c in HEADER_ALIASES.items() if c in columns)]
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.75)
        fix = (
            said("problem.fix_unknown_column_close", name=close[0])
            if close
            else said("problem.fix_unknown_column")
        )
        problems.append(
            problem(1, name, name, said("problem.unknown_column", name=name), fix, "warning")
        )
    for letter in unnamed:
        problems.append(
            problem(
                1, said("problem.column_letter", letter=letter), "",
                said("problem.unnamed", letter=letter),
                said("problem.fix_unnamed"), "warning",
            )
        )
    other_kind = _looks_like(header, kind) if set(contract.REQUIRED[kind]) - set(seen) else None
    for column in contract.REQUIRED[kind]:
        if column not in seen:
            aliases = [a for a, c in HEADER_ALIASES.items() if c == column][:2]
            fix = (said("problem.fix_missing_column_also", column=column,
                        aliases=" / ".join(aliases))
                   if aliases else said("problem.fix_missing_column", column=column))
            if other_kind:
                fix = said("problem.other_kind", kind=said(f"kind.{other_kind}"), fix=fix)
            problems.append(
                problem(1, column, "", said("problem.missing_column", column=column), fix))
    for column, positions in seen.items():
        if len(positions) > 1:
            letters = [column_letter(p) for p in positions]
            listed = " and ".join([", ".join(letters[:-1]), letters[-1]])
            names = ", ".join(header[p] for p in positions)
            both = "both" if len(positions) == 2 else "all"
            problems.append(
                problem(
                    1, column, names,
                    said(f"problem.same_column_{both}", letters=listed, column=column),
                    said("problem.fix_same_column"),
                )
            )
    return problems


def shape_problems(frame: pd.DataFrame) -> list[Problem]:
    """Lines with more filled cells than the header has columns (usually an unquoted ``,``)."""
    return [
        problem(
            line, "", said("problem.cells", count=count),
            said("problem.long_line", count=count, width=width), said("problem.fix_long_line"),
        )
        for line, count, width in frame.attrs.get("long_lines", ())
    ]
