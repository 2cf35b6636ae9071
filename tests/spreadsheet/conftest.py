"""A real LibreOffice Calc, headless, with a profile folder of its own per locale.

LibreOffice starts slowly, so each call converts a whole batch of files at once. The CSV
filter's options (https://help.libreoffice.org/latest/en-US/text/shared/guide/csv_params.html)
are, by position: 1 field separators, 2 text delimiter, 3 character set (76 = UTF-8), 4 first
line, 5 column formats, 6 language, 7 quoted field as text, 8 detect special numbers (dates,
times), 9–12 export and sheet options, 13 evaluate formulas.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
CSV_FILTER = "Text - txt - csv (StarCalc)"
# locale → (LibreOffice's language id, the POSIX locale its process runs in)
LOCALES = {"nl-NL": (1043, "nl_NL.UTF-8"), "en-US": (1033, "en_US.UTF-8")}
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
RUN_SECONDS = 300


def import_filter(separator: str, locale: str) -> str:
    """The CSV import options of a reader in ``locale`` who splits on ``separator``: UTF-8,
    dates and numbers recognised the locale's way, and formulas evaluated (as Excel always
    does, and LibreOffice when asked)."""
    language, _ = LOCALES[locale]
    return f"{CSV_FILTER}:{ord(separator)},34,76,1,,{language},false,true,true,false,false,,true"


@dataclass(frozen=True)
class Calc:
    """LibreOffice Calc run headless; each locale keeps its own profile under ``profiles``."""

    profiles: Path

    def converted(self, files: Iterable[Path], to: str, locale: str, out: Path,
                  infilter: str | None = None) -> list[Path]:
        """``files`` converted to ``to`` (``fods``, ``ods``, ``csv``) into ``out`` by one run
        of LibreOffice in ``locale``, read with ``infilter`` when given; the new files' paths."""
        files = list(files)
        _, posix = LOCALES[locale]
        command = [SOFFICE, f"-env:UserInstallation={(self.profiles / locale).as_uri()}",
                   "--headless", "--norestore", "--nologo", "--convert-to", to,
                   "--outdir", str(out)]
        if infilter:
            command.append(f"--infilter={infilter}")
        env = {**os.environ, "LC_ALL": posix, "LANG": posix, "LANGUAGE": posix.split(".")[0]}
        run = subprocess.run([*command, *map(str, files)], env=env, capture_output=True,
                             text=True, timeout=RUN_SECONDS, check=False)
        written = [out / f"{path.stem}.{to.split(':')[0]}" for path in files]
        missing = [path.name for path in written if not path.exists()]
        assert not missing, f"LibreOffice wrote no {missing}:\n{run.stdout}\n{run.stderr}"
        return written


@pytest.fixture(scope="session")
def calc(tmp_path_factory) -> Calc:
    if not Path(SOFFICE).exists():
        pytest.fail(f"{SOFFICE} is missing: install Debian's libreoffice-calc-nogui "
                    "(.ci/run does)")
    return Calc(tmp_path_factory.mktemp("libreoffice-profiles"))


def formula_cells(fods: Path) -> list[str]:
    """The cells of a flat ODF spreadsheet that hold a formula, as ``formula → shown text``."""
    cells = ET.parse(fods).getroot().iter(f"{{{TABLE}}}table-cell")
    return [f"{cell.get(f'{{{TABLE}}}formula')} → "
            + " ".join("".join(p.itertext()) for p in cell.iter(f"{{{TEXT}}}p"))
            for cell in cells if cell.get(f"{{{TABLE}}}formula") is not None]
