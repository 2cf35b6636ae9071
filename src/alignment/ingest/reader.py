"""Turn the bytes of an uploaded file into a table of text cells, whatever the export looked like.

Handles UTF-8 (with or without BOM), Windows-1252, Excel's "Unicode text" (UTF-16 with BOM,
tab-delimited), comma / semicolon / tab delimiters, quoted newlines, Excel's trailing empty
rows and columns, and Dutch or sloppily written headers (the aliases are the contract's).

Pure functions: bytes in, a pandas frame out; no Streamlit and no database.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from alignment import contract, export
from alignment.contract import column_for_header
from alignment.ingest.problems import NotACsv
from alignment.problems import Said, said

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


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column position: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


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
