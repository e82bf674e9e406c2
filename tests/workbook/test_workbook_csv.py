"""A folder or zip of CSV files, one per sheet: `;` or `,`, UTF-8 with or without BOM, or Windows-1252."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from engine.workbook import read_workbook
from engine.workbook.source import parse_csv

from .helpers import LOAN, exported, scenario


def _sheets_as_csv(data: bytes, delimiter: str) -> dict[str, str]:
    """Each sheet of a workbook as the CSV text a spreadsheet saves (dates as JJ/MM/AAAA, times HH:MM,
    decimal commas)."""
    import datetime as dt

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = {}
    for name in book.sheet_names:
        if name in ("Lisez-moi", "Listes"):
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        for row in book.get_sheet_by_name(name).to_python():
            cells = []
            for value in row:
                if isinstance(value, dt.datetime):
                    value = (
                        value.strftime("%d/%m/%Y %H:%M")
                        if value.time() != dt.time(0)
                        else value.strftime("%d/%m/%Y")
                    )
                elif isinstance(value, dt.date):
                    value = value.strftime("%d/%m/%Y")
                elif isinstance(value, dt.time):
                    value = value.strftime("%H:%M")
                elif isinstance(value, float):
                    value = (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
                cells.append(value)
            writer.writerow(cells)
        out[name] = buffer.getvalue()
    return out


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(";", "cp1252"), (";", "utf-8-sig"), (",", "utf-8"), (";", "utf-8")]
)
def test_a_folder_of_csv_files_imports_to_the_same_scenario(tmp_path: Path, delimiter, encoding):
    for name, text in _sheets_as_csv(exported(LOAN), delimiter).items():
        (tmp_path / f"{name}.csv").write_bytes(text.encode(encoding))
    result = read_workbook(tmp_path)
    assert result.errors == []
    assert result.scenario == scenario(LOAN)


def test_a_zip_of_csv_files_named_without_accents_imports(tmp_path: Path):
    import unicodedata

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for name, text in _sheets_as_csv(exported(LOAN), ";").items():
            plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            zf.writestr(f"export/{plain.lower()}.csv", text.encode("cp1252"))
    path = tmp_path / "classeur.zip"
    path.write_bytes(archive.getvalue())
    result = read_workbook(path)
    assert result.errors == []
    assert result.scenario == scenario(LOAN)


def test_a_header_splitting_both_ways_is_an_ambiguous_separator():
    _rows, problem = parse_csv("Du;Au,Payée\n01/10/2026;02/10/2026,oui\n")
    assert "séparateur ambigu" in problem


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_refused():
    _rows, problem = parse_csv("Salarié,Type,Du,Au,Payée\nc01,congés payés,01/10/2026,02/10/2026,oui,3,5\n")
    assert problem.startswith("ligne 2 : 7 valeurs pour 5 colonnes") and "virgule décimale" in problem


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused(tmp_path: Path):
    (tmp_path / "Groupement.csv").write_bytes(b"Champ;Valeur\nRaison sociale;\x81\x8d\x8f\n")
    result = read_workbook(tmp_path)
    assert any("ni UTF-8 ni Windows-1252" in str(p) for p in result.errors)


def test_a_cell_problem_in_a_csv_file_is_named_like_a_workbook_cell(tmp_path: Path):
    sheets = _sheets_as_csv(exported(LOAN), ";")
    sheets["Contrats"] = sheets["Contrats"].replace("03/05/2021", "31/04/2021", 1)
    for name, text in sheets.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    result = read_workbook(tmp_path)
    assert any(
        str(p).startswith("Contrats!C") and "« 31/04/2021 » n'existe pas" in str(p) for p in result.errors
    ), [str(p) for p in result.problems]
