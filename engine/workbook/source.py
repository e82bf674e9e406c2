"""Reading what a manager hands in — an .xlsx workbook, a folder of CSV files, or a zip of them — as raw
sheets: the rows of cells exactly as stored, before any value is interpreted.

Workbooks are read with calamine (python-calamine, the Rust reader pandas also offers as an engine): ten
times faster than openpyxl for a thousand employees, and it keeps Excel's real dates and times as dates
and times (pandas would turn every date into a timestamp, and cost a second more). CSV files are the ones
spreadsheets save: separated by `;` (French Excel) or `,`, in UTF-8 with or without a byte-order mark, or in
Windows-1252. The separator is found from the header line; a header that splits both ways is refused, and
so is a line with more values than headers (an unquoted decimal comma in a comma-separated file): never a
guess. A file in neither encoding is refused too: UTF-8 text is almost never valid Windows-1252 by accident
the other way round, so trying UTF-8 first is exact, not a heuristic.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.workbook.sheets import FORM_HEADERS, SHEETS
from engine.workbook.values import fold

CSV_ENCODINGS = ("utf-8", "cp1252")


@dataclass
class RawSheet:
    name: str  # the sheet's name, or the CSV file's name without .csv
    rows: list[list[Any]]  # every row from the first, cells as stored (None when empty)
    origin: str = ""  # the file it came from, for messages about the file itself


@dataclass
class RawBook:
    name: str  # the workbook, folder or zip as given
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, French message)


def read_source(source: str | Path | bytes, name: str | None = None) -> RawBook:
    """A workbook, a folder of CSV files or a zip of them, from a path or from bytes (an upload)."""
    if isinstance(source, bytes):
        label = name or "classeur"
        return _read_bytes(source, label)
    path = Path(source)
    label = name or str(path)
    if path.is_dir():
        book = RawBook(label)
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            book.problems.append((label, "le dossier ne contient aucun fichier .csv"))
        for file in files:
            _add_csv(book, file.stem, file.read_bytes(), file.name)
        return book
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return RawBook(label, problems=[(label, "fichier introuvable")])
    except OSError as exc:
        return RawBook(label, problems=[(label, f"fichier illisible : {exc.strerror or exc}")])
    return _read_bytes(data, label, suffix=path.suffix.lower())


def _read_bytes(data: bytes, label: str, suffix: str = "") -> RawBook:
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                return _read_xlsx(data, label)
            return _read_zip(archive, label)
    if suffix == ".csv":
        book = RawBook(label)
        _add_csv(book, Path(label).stem, data, Path(label).name)
        return book
    return RawBook(
        label,
        problems=[(label, "ni un classeur .xlsx, ni un dossier ou un zip de fichiers .csv")],
    )


def _read_zip(archive: zipfile.ZipFile, label: str) -> RawBook:
    book = RawBook(label)
    for info in archive.infolist():
        base = Path(info.filename)
        if info.is_dir() or base.suffix.lower() != ".csv" or base.name.startswith((".", "__MACOSX")):
            continue
        if "__MACOSX" in base.parts:
            continue
        _add_csv(book, base.stem, archive.read(info), info.filename)
    if not book.sheets:
        book.problems.append((label, "le zip ne contient aucun fichier .csv"))
    return book


def _read_xlsx(data: bytes, label: str) -> RawBook:
    from python_calamine import CalamineWorkbook

    book = RawBook(label)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for sheet_name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            book.sheets.append(RawSheet(str(sheet_name), [[_plain(v) for v in row] for row in rows], label))
    except Exception as exc:  # a damaged file: say so, whatever the reader's own exception is
        book.problems.append((label, f"classeur illisible ({type(exc).__name__}: {exc})"))
    return book


def _plain(value: Any) -> Any:
    """A calamine cell → a plain value: '' → None, integral floats → int (Excel stores every number as a
    float; 35.0 hours are 35)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def decode(data: bytes) -> tuple[str | None, str]:
    """The text of a CSV file and the encoding found, or None and why not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8 (BOM)"
        except UnicodeDecodeError as exc:
            return None, f"commence comme de l'UTF-8 mais l'octet {exc.start + 3} n'en est pas"
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, "ni UTF-8 ni Windows-1252 : enregistrez le fichier en « CSV UTF-8 »"


def _add_csv(book: RawBook, sheet: str, data: bytes, filename: str) -> None:
    text, why = decode(data)
    if text is None:
        book.problems.append((filename, why))
        return
    rows, problem = parse_csv(text)
    if problem:
        book.problems.append((filename, problem))
        return
    book.sheets.append(RawSheet(sheet, rows, filename))


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def known_header_words() -> set[str]:
    words = {fold(c.header) for s in SHEETS for c in s.columns} | {fold(h) for h in FORM_HEADERS}
    return words | {fold(c.key) for s in SHEETS for c in s.columns}


def parse_csv(text: str) -> tuple[list[list[Any]], str]:
    """Rows of a CSV text, the separator (`;` or `,`) found from its first non-empty line."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        return [], ""
    known = known_header_words()
    candidates: dict[str, tuple[int, int]] = {}
    for delimiter in (";", ","):
        header = _split_header(first, delimiter)
        candidates[delimiter] = (len(header), sum(fold(c) in known for c in header))
    semi, comma = candidates[";"], candidates[","]
    if semi[0] > 1 and comma[0] > 1:
        if semi[1] == comma[1]:
            return [], (
                "la ligne d'en-tête se coupe aussi bien aux « ; » qu'aux « , » : séparateur ambigu ; "
                "enregistrez le fichier avec des points-virgules"
            )
        delimiter = ";" if semi[1] > comma[1] else ","
    elif comma[0] > 1:
        delimiter = ","
    else:
        delimiter = ";"
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    width = 0
    for number, row in enumerate(reader, start=1):
        cells: list[Any] = [c if c.strip() else None for c in row]
        if number == 1:
            width = len(cells)
        elif len(cells) > width and any(c is not None for c in cells[width:]):
            hint = (
                " (une virgule décimale dans un fichier séparé par des virgules ? mettez la valeur entre guillemets ou séparez par « ; »)"
                if delimiter == ","
                else ""
            )
            return [], f"ligne {number} : {len(cells)} valeurs pour {width} colonnes{hint}"
        rows.append(cells)
    return rows, ""
