"""The FEC files the API serves: the legal fiscal-year file and a billing month's extract.

Why the whole year is always computed: entry numbers (`EcritureNum`) run continuously over the fiscal
year in the order of issue (engine.billing.fec), so an extract must number its entries as the year's file
does — never 1, 2, 3 of its own. The documents are the group's issued invoices and credit notes from the
database (loan invoices are the lenders' sales and are left out by `fec_lines`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from engine.billing.documents import Document
from engine.billing.fec import FecLine, fec_filename, fec_lines, fiscal_year, write_fec
from engine.model import Group


def _bytes(lines: list[FecLine], filename: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_fec(lines, Path(tmp) / filename).read_bytes()


def year_file(documents: list[Document], group: Group, day: dt.date) -> tuple[str, bytes]:
    """The fiscal year containing `day`: `<SIREN>FEC<closing date YYYYMMDD>.txt` and its content."""
    filename = fec_filename(group, day)
    return filename, _bytes(fec_lines(documents, group, day), filename)


def month_extract(documents: list[Document], group: Group, month: str) -> tuple[str, bytes]:
    """The entries of the documents billing `month` (its invoices and the credit notes cancelling them),
    numbered as in their fiscal year's file. Documents issued in two fiscal years give both years'
    entries, each numbered in its own year."""
    pieces = {d.number for d in documents if d.month == month and d.number and d.issue_date}
    days = sorted({d.issue_date for d in documents if d.number in pieces and d.issue_date})
    years: dict[dt.date, dt.date] = {}
    for day in days:
        years.setdefault(fiscal_year(group, day)[0], day)
    lines = [ln for day in years.values() for ln in fec_lines(documents, group, day) if ln.piece in pieces]
    year_of = days[0] if days else _month_start(month)
    filename = fec_filename(group, year_of, month)
    return filename, _bytes(lines, filename)


def _month_start(month: str) -> dt.date:
    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1)
