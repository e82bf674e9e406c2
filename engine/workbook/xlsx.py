"""Writing the workbook (`ge template`, `ge export`, the API's download) with openpyxl, in streaming mode.

Each sheet gets its French headers in bold with a comment saying what goes there (from `sheets.SHEETS`),
the number format of each column (dates JJ/MM/AAAA, times HH:MM, percentages), drop-down lists — a
reference to another sheet's id column (`='Adhérents'!$A$2:$A$5000`) or a fixed list kept on the hidden
sheet « Listes » — and the first row frozen. « Lisez-moi » comes first and explains, in French, how to fill
it. Streaming (write-only) mode writes a thousand employees and five thousand needs in about two seconds.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from engine.workbook.sheets import FORM_HEADERS, LISTS, README, SHEETS, Column, Sheet
from engine.workbook.values import Kind

AUTHOR = "ge-engine"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
SECTION_FONT = Font(bold=True)
MIN_VALIDATED_ROWS = 2000
"""Drop-down lists reach this many rows at least, so rows a manager adds have them too."""

Rows = list[list[Any]]


def column_doc(column: Column) -> str:
    """The text of a header's comment: what goes there, the format, whether it is required, the list."""
    lines = [column.help]
    kind = column.kind
    if kind.doc and kind.doc not in column.help:
        lines.append(f"Format : {kind.doc}")
    if column.ref:
        lines.append(
            f"Liste : la colonne « {_ref_header(column.ref)} » de la feuille {_sheet(column.ref).name}"
        )
    if column.required:
        lines.append("Obligatoire.")
    return "\n".join(lines)


def _sheet(key: str) -> Sheet:
    return next(s for s in SHEETS if s.key == key)


def _ref_header(key: str) -> str:
    sheet = _sheet(key)
    return sheet.column(sheet.id_column or sheet.columns[0].key).header


def _list_columns() -> dict[str, tuple[int, tuple[str, ...]]]:
    """Each fixed list of the workbook: its column on « Listes » and its values (lists shared by name)."""
    out: dict[str, tuple[int, tuple[str, ...]]] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            choices = column.kind.choices
            if choices and _list_key(column.kind) not in out:
                out[_list_key(column.kind)] = (len(out) + 1, choices)
    return out


def _list_key(kind: Kind) -> str:
    return "|".join(kind.choices)


def _validation(
    column: Column, lists: dict[str, tuple[int, tuple[str, ...]]], last_row: int
) -> DataValidation | None:
    if column.ref:
        ref_sheet = _sheet(column.ref)
        ref_column = next(
            i
            for i, c in enumerate(ref_sheet.columns, 1)
            if c.key == (ref_sheet.id_column or ref_sheet.columns[0].key)
        )
        if ref_sheet.form:
            return None
        letter = get_column_letter(ref_column)
        formula = f"{quote_sheetname(ref_sheet.name)}!${letter}$2:${letter}${last_row}"
        error = f"Choisissez une valeur de la colonne « {_ref_header(column.ref)} » de la feuille {ref_sheet.name}."
    elif column.kind.choices:
        index, values = lists[_list_key(column.kind)]
        letter = get_column_letter(index)
        formula = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(values) + 1}"
        error = "Choisissez une valeur de la liste : " + ", ".join(values)
    else:
        return None
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    validation.error = error[:255]
    validation.errorTitle = column.header[:32]
    validation.errorStyle = "warning"  # Excel warns but lets a manager keep a value the list lacks yet
    return validation


def _header_cells(ws: Any, headers: Iterable[tuple[str, str]]) -> list[WriteOnlyCell]:
    cells = []
    for text, doc in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if doc:
            lines = doc.count("\n") + 1 + len(doc) // 40
            cell.comment = Comment(doc, AUTHOR, height=max(80, 18 * lines), width=320)
        cells.append(cell)
    return cells


def _styled(ws: Any, value: Any, number_format: str | None) -> Any:
    if value is None or number_format is None or isinstance(value, str):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def _table(wb: Workbook, sheet: Sheet, rows: Rows, lists: dict[str, tuple[int, tuple[str, ...]]]) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, 1):
        width = min(max(len(column.header) + 4, 12), 45)
        ws.column_dimensions[get_column_letter(index)].width = width
    last_row = max(MIN_VALIDATED_ROWS, len(rows) + 1000)
    for index, column in enumerate(sheet.columns, 1):
        validation = _validation(column, lists, last_row)
        if validation is not None:
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.data_validations.append(validation)
    ws.append(_header_cells(ws, ((c.header, column_doc(c)) for c in sheet.columns)))
    formats = [c.kind.number_format for c in sheet.columns]
    for row in rows:
        ws.append([_styled(ws, value, fmt) for value, fmt in zip(row, formats, strict=False)])


def _form(
    wb: Workbook, sheet: Sheet, values: list[Any], lists: dict[str, tuple[int, tuple[str, ...]]]
) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (26, 48, 34, 70), strict=True):
        ws.column_dimensions[letter].width = width
    docs = ("", "Le nom du champ (ne le changez pas)", "La valeur", "Ce qu'il faut écrire")
    validations: list[DataValidation] = []
    for row, column in enumerate(sheet.columns, 2):
        validation = _validation(column, lists, MIN_VALIDATED_ROWS)
        if validation is not None:
            validation.add(f"C{row}")
            validations.append(validation)
    for validation in validations:
        ws.data_validations.append(validation)
    ws.append(_header_cells(ws, zip(FORM_HEADERS, docs, strict=True)))
    previous = None
    for column, value in zip(sheet.columns, values, strict=True):
        section = WriteOnlyCell(ws, value=column.section if column.section != previous else None)
        section.font = SECTION_FONT
        previous = column.section
        label = WriteOnlyCell(ws, value=column.header)
        label.comment = Comment(column_doc(column), AUTHOR, height=110, width=320)
        ws.append(
            [
                section,
                label,
                _styled(ws, value, column.kind.number_format),
                column_doc(column).replace("\n", " "),
            ]
        )


def _lists(wb: Workbook, lists: dict[str, tuple[int, tuple[str, ...]]]) -> None:
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    columns = sorted(lists.values())
    width = max(len(values) for _, values in columns)
    ws.append([f"Liste {index}" for index, _ in columns])
    for row in range(width):
        ws.append([values[row] if row < len(values) else None for _, values in columns])


def _readme(wb: Workbook) -> None:
    ws = wb.create_sheet(README)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 110
    title = WriteOnlyCell(ws, value="Classeur du groupement d'employeurs — mode d'emploi")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    for line in README_INTRO:
        ws.append([None, line])
    ws.append([])
    heading = WriteOnlyCell(ws, value="Feuille")
    heading.font = SECTION_FONT
    second = WriteOnlyCell(ws, value="Ce qu'elle contient")
    second.font = SECTION_FONT
    ws.append([heading, second])
    for sheet in SHEETS:
        status = " (obligatoire)" if sheet.required else " (facultative)"
        ws.append([sheet.name, sheet.purpose + status])
    ws.append([])
    heading = WriteOnlyCell(ws, value="Comment écrire les valeurs")
    heading.font = SECTION_FONT
    ws.append([heading])
    for what, how in README_VALUES:
        ws.append([what, how])


README_INTRO = (
    "Ce classeur décrit le groupement, ses adhérents et leurs sites, les salariés et leurs contrats, et les "
    "besoins des adhérents. `ge import CLASSEUR.xlsx -o scenario.yaml` le lit ; `ge export` l'écrit.",
    "Chaque feuille a une ligne d'en-têtes : ne les renommez pas. Passez la souris sur un en-tête : son "
    "commentaire dit ce qu'il faut écrire, le format et un exemple.",
    "Les identifiants (colonne « Identifiant ») relient les feuilles : un site nomme son adhérent, un besoin "
    "son site, un contrat son salarié. Les listes déroulantes proposent les identifiants des autres feuilles.",
    "L'import signale tous les problèmes à la fois, cellule par cellule (ex. « Contrats!C7 : « 31/02/2026 » "
    "n'existe pas »), et n'écrit rien tant qu'il en reste un.",
    "Latitude et longitude sont facultatives : `ge import --geocode` les trouve depuis l'adresse (Base "
    "Adresse Nationale) et signale chaque adresse introuvable ou incertaine.",
    "Les feuilles facultatives peuvent rester vides ; « Règles », « Tarifs », « Trajets » et les feuilles "
    "d'historique servent aux réglages avancés et sont remplies par `ge export`.",
)

README_VALUES = (
    ("Dates", "JJ/MM/AAAA (15/03/2026), une date Excel, ou « 15 mars 2026 » ; l'année en 4 chiffres."),
    ("Heures", "08:30, 8h30, 8 h 30 ou une heure Excel ; 24:00 pour minuit en fin de journée."),
    ("Nombres", "virgule décimale (19,50) ; les espaces de milliers sont acceptés (1 234,56)."),
    ("Pourcentages", "42 % ou 0,42 (un nombre nu au-dessus de 1 est refusé : 42 seul est ambigu)."),
    ("Oui / non", "oui ou non (vide : la valeur par défaut indiquée dans le commentaire)."),
    ("Jours", "lun, mar, mer, jeu, ven, sam, dim (ou les noms entiers), une plage lun-ven."),
    ("Listes", "plusieurs valeurs dans une cellule séparées par des virgules : comptabilite, paie."),
    ("Codes", "SIREN (9 chiffres), SIRET (14), code postal (5) : les zéros de tête sont gardés."),
    (
        "Fichiers CSV",
        "un fichier par feuille, nommé comme elle (Salariés.csv), séparé par « ; » ou « , », "
        "en UTF-8 ou Windows-1252 ; réunis dans un dossier ou un zip.",
    ),
)


def write_workbook(rows: dict[str, Rows] | None = None, group_values: list[Any] | None = None) -> bytes:
    """The workbook as bytes: `rows` per sheet key (no header); None for the blank template."""
    rows = rows or {}
    wb = Workbook(write_only=True)
    lists = _list_columns()
    _readme(wb)
    for sheet in SHEETS:
        if sheet.form:
            values = group_values if group_values is not None else [r[0] for r in rows.get(sheet.key, [])]
            if not values:
                values = [None] * len(sheet.columns)
            _form(wb, sheet, values, lists)
        else:
            _table(wb, sheet, rows.get(sheet.key, []), lists)
    _lists(wb, lists)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
