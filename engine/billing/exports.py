"""The accountant's exports: the month's cost split (CSV for French spreadsheets and XLSX) and payroll variables.

Views (one CSV each, one XLSX sheet each):
- by member: cost billed, above cost (fees, coefficient), dues, totals excl. VAT, VAT, incl. VAT;
- by employee: each employee's cost per party that bears it (member, group, lender);
- by component: payroll cost per component, billed to members, borne by the group, borne by lenders;
- payroll variables of the calendar month: hours worked on site, complementary 10/25 and overtime 25/50
  (of the weeks ending in the month), night, Sunday, holiday and 1 May hours, travel time, km, idle hours,
  paid absences, forfait days.
CSV: `;` separator, decimal comma, UTF-8 with BOM (what French Excel opens correctly). XLSX: numbers stored as
numbers with the format `#,##0.00 "€"` (Excel stores formats in its invariant syntax and displays them in
the reader's locale: `1 234,56 €` on a French machine).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.billing.components import LABELS, ORDER
from engine.billing.costs import PartyKind
from engine.billing.documents import Document, DocumentKind
from engine.billing.money import euros
from engine.billing.run import MonthBill
from engine.model import Scenario

EURO_FORMAT = '#,##0.00 "€"'
HOURS_FORMAT = "0.00"

Table = tuple[list[str], list[list[Any]], set[str]]
"""(header, rows, money columns): rows hold str, int or Decimal."""


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _party_name(scenario: Scenario, kind: PartyKind, party: str) -> str:
    if kind is PartyKind.GROUP:
        return f"{scenario.group.name} (groupement)"
    member = scenario.member_by_id.get(party)
    return member.name if member else party


def by_member(bill: MonthBill, documents: list[Document] | None = None) -> Table:
    docs = {d.buyer.id: d for d in (documents or bill.documents) if d.kind is DocumentKind.INVOICE}
    header = [
        "Adhérent",
        "Nom",
        "N° facture",
        "Coût refacturé",
        "Au-delà du coût",
        "Cotisations",
        "Total HT",
        "TVA",
        "Total TTC",
    ]
    rows = []
    for m in bill.reconciliation.members:
        doc = docs.get(m.member)
        rows.append(
            [
                m.member,
                m.name,
                (doc.number or "") if doc else "",
                euros(m.cost_cents),
                euros(m.above_cost_cents),
                euros(m.dues_cents),
                euros(m.invoice_ht_cents),
                euros(doc.total_vat_cents if doc else 0),
                euros(doc.total_ttc_cents if doc else m.invoice_ht_cents),
            ]
        )
    return header, rows, {"Coût refacturé", "Au-delà du coût", "Cotisations", "Total HT", "TVA", "Total TTC"}


def by_employee(bill: MonthBill, scenario: Scenario) -> Table:
    header = ["Salarié", "Nom", "Payeur", "Type de payeur", *[LABELS[c].text for c in ORDER], "Total"]
    totals: dict[tuple[str, PartyKind, str], dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for s in bill.shares:
        totals[(s.employee, s.party_kind, s.party)][s.component] += s.cents
    rows = []
    kinds = {PartyKind.MEMBER: "adhérent", PartyKind.GROUP: "groupement", PartyKind.LENDER: "prêteur"}
    for (emp, kind, party), comps in sorted(
        totals.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2])
    ):
        name = scenario.employee_by_id[emp].name
        rows.append(
            [
                emp,
                name,
                _party_name(scenario, kind, party),
                kinds[kind],
                *[euros(comps.get(c, 0)) for c in ORDER],
                euros(sum(comps.values())),
            ]
        )
    return header, rows, {LABELS[c].text for c in ORDER} | {"Total"}


def by_component(bill: MonthBill) -> Table:
    header = [
        "Composante",
        "Coût salarial",
        "Facturé aux adhérents",
        "À la charge du groupement",
        "À la charge des prêteurs",
    ]
    sums: dict[Any, dict[PartyKind, int]] = defaultdict(lambda: defaultdict(int))
    for s in bill.shares:
        sums[s.component][s.party_kind] += s.cents
    rows = []
    for c in ORDER:
        if c in sums:
            p = sums[c]
            rows.append(
                [
                    LABELS[c].text,
                    euros(sum(p.values())),
                    euros(p[PartyKind.MEMBER]),
                    euros(p[PartyKind.GROUP]),
                    euros(p[PartyKind.LENDER]),
                ]
            )
    return header, rows, set(header[1:])


PAYROLL_HEADER = [
    "Salarié",
    "Nom",
    "Heures travaillées sur site",
    "Heures compl. 10 %",
    "Heures compl. 25 %",
    "Heures sup. 25 %",
    "Heures sup. 50 %",
    "Heures de nuit",
    "Heures du dimanche",
    "Heures fériées (hors 1er mai)",
    "Heures du 1er mai",
    "Temps de trajet (h)",
    "Kilomètres",
    "Heures non placées",
    "Absences rémunérées (h)",
    "Jours travaillés (forfait)",
]


def payroll_variables(bill: MonthBill, scenario: Scenario) -> Table:
    """Payroll variables of the calendar month: hours worked in it (on site, travel, night, Sunday, public
    holidays, 1 May), km, paid absences, forfait days; complementary and overtime hours and idle hours are
    those of the weeks that end in the month (engine.hours)."""
    rows = []
    for emp_id, h in sorted(bill.hours.items()):
        values = [
            h.total("onsite_minutes"),
            *(h.total(name) for name in ("comp_low", "comp_high", "ot_low", "ot_high")),
            *(h.total(name) for name in ("night", "sunday", "holiday", "may_day")),
            h.travel_minutes,
        ]
        days = h.days_worked
        if not (any(values) or h.travel_km or h.idle_minutes or h.paid_absence_minutes or days):
            continue
        employee = scenario.employee_by_id[emp_id]
        rows.append(
            [
                emp_id,
                employee.name,
                *(_hours(v) for v in values),
                h.travel_km.quantize(Decimal("0.1")),
                _hours(h.idle_minutes),
                _hours(h.paid_absence_minutes),
                (Decimal(days.numerator) / Decimal(days.denominator)).quantize(Decimal("0.01")),
            ]
        )
    return list(PAYROLL_HEADER), rows, set()


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    return str(value)


def write_csv(table: Table, path: str | Path) -> Path:
    """`;`-separated, decimal comma, UTF-8 with BOM (French Excel), through pandas."""
    import pandas as pd

    header, rows, _ = table
    frame = pd.DataFrame([[_cell(v) for v in row] for row in rows], columns=header)
    out = Path(path)
    frame.to_csv(out, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return out


def write_xlsx(sheets: dict[str, Table], path: str | Path, title: str = "") -> Path:
    """One sheet per view; numbers stored as numbers, euros formatted, header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, (header, rows, money) in sheets.items():
        ws = wb.create_sheet(name[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for col, head in enumerate(header, start=1):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = max(12, min(45, len(head) + 2))
            fmt = EURO_FORMAT if head in money else HOURS_FORMAT
            for cell in ws[letter][1:]:
                if isinstance(cell.value, Decimal | int | float) and not isinstance(cell.value, bool):
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
    if title:
        wb.properties.title = title
    out = Path(path)
    wb.save(out)
    return out


def write_month_exports(
    bill: MonthBill, scenario: Scenario, directory: str | Path, documents: list[Document] | None = None
) -> list[Path]:
    """Every view as CSV plus one XLSX workbook, named after the month."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    views = {
        "par_adherent": by_member(bill, documents),
        "par_salarie": by_employee(bill, scenario),
        "par_composante": by_component(bill),
        "variables_paie": payroll_variables(bill, scenario),
    }
    paths = [write_csv(table, out / f"{name}_{bill.month}.csv") for name, table in views.items()]
    names = {
        "par_adherent": "Par adhérent",
        "par_salarie": "Par salarié",
        "par_composante": "Par composante",
        "variables_paie": "Variables de paie",
    }
    paths.append(
        write_xlsx(
            {names[k]: v for k, v in views.items()},
            out / f"repartition_{bill.month}.xlsx",
            f"Répartition des coûts {bill.month}",
        )
    )
    return paths
