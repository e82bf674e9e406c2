"""FEC (Fichier des Écritures Comptables, LPF art. A47 A-1): the sales journal of invoices and credit notes.

18 columns in this order, `|` separated, dates YYYYMMDD, amounts with a decimal comma, one header line:
JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|
EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise.
One entry (EcritureNum) per document, numbered continuously per journal over the fiscal year in the order of
issue (date, then number); a month's file is an extract that keeps the year's numbering. Each invoice debits
the member's client account (411000, auxiliary account per member) with the total incl. VAT and credits the
revenue accounts (706000 services, 756000 membership dues) and 44571 (VAT collected); a credit note reverses
it. The legal file covers the fiscal year and is named `<SIREN>FEC<closing date YYYYMMDD>.txt`. Loan invoices
are the lenders' sales, not the group's: they are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from engine.billing.documents import Document, DocumentKind
from engine.model import Group

COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
JOURNAL = ("VE", "Journal des ventes")
ACCOUNT_NAMES = {
    "411000": "Clients",
    "706000": "Prestations de services",
    "756000": "Cotisations",
    "445710": "TVA collectée",
}
CLIENTS, VAT = "411000", "445710"


@dataclass(frozen=True)
class FecLine:
    entry: int
    date: dt.date
    account: str
    aux: str
    aux_name: str
    piece: str
    label: str
    debit_cents: int
    credit_cents: int

    def fields(self) -> list[str]:
        day = self.date.strftime("%Y%m%d")
        return [
            JOURNAL[0],
            JOURNAL[1],
            f"{JOURNAL[0]}{self.entry:06d}",
            day,
            self.account,
            ACCOUNT_NAMES[self.account],
            self.aux,
            self.aux_name,
            self.piece,
            day,
            self.label,
            _amount(self.debit_cents),
            _amount(self.credit_cents),
            "",
            "",
            day,
            "",
            "",
        ]


def _amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def fiscal_year(group: Group, day: dt.date) -> tuple[dt.date, dt.date]:
    start = group.fiscal_year_start_month
    year = day.year if day.month >= start else day.year - 1
    first = dt.date(year, start, 1)
    return first, dt.date(year + 1, start, 1) - dt.timedelta(days=1)


def aux_account(member_id: str) -> str:
    return "C" + "".join(ch for ch in member_id.upper() if ch.isalnum())[:16]


def fec_lines(documents: list[Document], group: Group, year_of: dt.date) -> list[FecLine]:
    """Every journal line of the group's invoices and credit notes issued in the fiscal year containing `year_of`."""
    first, last = fiscal_year(group, year_of)
    docs = sorted(
        (
            d
            for d in documents
            if d.kind in (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)
            and d.issue_date
            and first <= d.issue_date <= last
        ),
        key=lambda d: (d.issue_date, d.number),
    )
    out: list[FecLine] = []
    for entry, doc in enumerate(docs, start=1):
        assert doc.issue_date is not None and doc.number is not None
        label = f"{doc.title} {doc.number} {doc.buyer.name}"[:200]
        by_account: dict[str, int] = defaultdict(int)
        for line in doc.lines:
            by_account[line.account] += line.amount_cents
        vat = doc.total_vat_cents
        postings = [(CLIENTS, sum(by_account.values()) + vat, True)]  # = total_ttc_cents
        postings += [(account, cents, False) for account, cents in sorted(by_account.items())]
        if vat:
            postings.append((VAT, vat, False))
        for account, cents, debit_side in postings:
            amount = abs(cents)
            # A credit note's amounts are negative: they go to the other side, reversing the invoice.
            on_debit = debit_side if cents >= 0 else not debit_side
            client = account == CLIENTS
            out.append(
                FecLine(
                    entry,
                    doc.issue_date,
                    account,
                    aux_account(doc.buyer.id) if client else "",
                    doc.buyer.name if client else "",
                    doc.number,
                    label,
                    amount if on_debit else 0,
                    0 if on_debit else amount,
                )
            )
    return out


def fec_filename(group: Group, year_of: dt.date, month: str | None = None) -> str:
    closing = fiscal_year(group, year_of)[1].strftime("%Y%m%d")
    suffix = f"_extrait_{month.replace('-', '')}" if month else ""
    return f"{group.siren}FEC{closing}{suffix}.txt"


def write_fec(lines: list[FecLine], path: str | Path, month: str | None = None) -> Path:
    """Write the journal (or the month's extract when `month` is given), `|` separated, UTF-8."""
    out = Path(path)
    selected = [ln for ln in lines if month is None or ln.date.strftime("%Y-%m") == month]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("|".join(COLUMNS) + "\r\n")
        for line in selected:
            fh.write("|".join(line.fields()) + "\r\n")
    return out
