"""The billing API in three calls (what the CLI and the HTTP API use).

1. `bill_month(scenario, month, spans, previous_spans)` (engine.billing.run) or `bill_plan(scenario, plan)`:
   pure computation, draft documents and the reconciliation;
2. `issue_month(bill, sequence, store, issue_date)`: numbers and stores the drafts (immutable);
3. `write_outputs(bill, scenario, issued, store, directory)`: HTML/PDF invoices, CSV/XLSX exports, the FEC
   (fiscal year to date and the month's extract) and the reconciliation report.
`issue_and_write(bill, scenario, register, directory, issue_date)` does 2 and 3 as ONE transaction
(engine.billing.register): a refusal or a failure anywhere leaves no number taken, nothing stored and no
file written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

from engine.billing.documents import Document, DocumentKind
from engine.billing.exports import write_month_exports
from engine.billing.fec import fec_filename, fec_lines, write_fec
from engine.billing.issuing import DocumentStore, NumberSequence, issue_all
from engine.billing.money import euros
from engine.billing.register import Register
from engine.billing.run import MonthBill
from engine.model import Scenario


def issue_month(
    bill: MonthBill, sequence: NumberSequence, store: DocumentStore, issue_date: dt.date
) -> list[Document]:
    """Issue the month's drafts (idempotent for identical drafts, see engine.billing.issuing)."""
    return issue_all(bill.documents, sequence, store, issue_date)


@dataclass
class Outputs:
    invoices: list[Path] = field(default_factory=list)
    exports: list[Path] = field(default_factory=list)
    fec: list[Path] = field(default_factory=list)
    reconciliation: list[Path] = field(default_factory=list)


def write_outputs(
    bill: MonthBill,
    scenario: Scenario,
    issued: list[Document],
    store: DocumentStore,
    directory: str | Path,
    pdf: bool = True,
    facturx: bool = False,
) -> Outputs:
    """Invoices (HTML, PDF), exports, FEC and reconciliation of a billed month under `directory`.

    `facturx`: each PDF is a Factur-X invoice (PDF/A-3 with its EN 16931 CII XML embedded), and the XML is
    also written next to it (`<number>.xml`).
    """
    from engine.billing.render import render_html, render_pdf

    out = Outputs()
    root = Path(directory)
    inv_dir = root / "factures"
    inv_dir.mkdir(parents=True, exist_ok=True)
    for doc in issued:
        stem = inv_dir / f"{doc.number}"
        html = stem.with_suffix(".html")
        html.write_text(render_html(doc), encoding="utf-8")
        out.invoices.append(html)
        if pdf and facturx:
            from engine.billing.einvoice import cii_xml, render_facturx

            xml = stem.with_suffix(".xml")
            xml.write_bytes(cii_xml(doc))
            path = stem.with_suffix(".pdf")
            path.write_bytes(render_facturx(doc))
            out.invoices += [path, xml]
        elif pdf:
            path = stem.with_suffix(".pdf")
            path.write_bytes(render_pdf(doc))
            out.invoices.append(path)
    out.exports = write_month_exports(bill, scenario, root / "exports", issued)
    fec_dir = root / "fec"
    fec_dir.mkdir(parents=True, exist_ok=True)
    group_docs = [d for d in store.all() if d.kind in (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)]
    any_day = next((d.issue_date for d in issued if d.issue_date), None)
    if any_day is not None:
        lines = fec_lines(group_docs, scenario.group, any_day)
        out.fec.append(write_fec(lines, fec_dir / fec_filename(scenario.group, any_day)))
        month = any_day.strftime("%Y-%m")
        out.fec.append(write_fec(lines, fec_dir / fec_filename(scenario.group, any_day, month), month))
    rec = bill.reconciliation
    md = root / f"rapprochement_{bill.month}.md"
    md.write_text(rec.to_text() + _flags_text(bill), encoding="utf-8")
    js = root / f"rapprochement_{bill.month}.json"
    js.write_text(json.dumps(reconciliation_json(bill), indent=1, ensure_ascii=False), encoding="utf-8")
    out.reconciliation = [md, js]
    return out


def issue_and_write(
    bill: MonthBill,
    scenario: Scenario,
    register: Register,
    directory: str | Path,
    issue_date: dt.date,
    pdf: bool = True,
    facturx: bool = False,
) -> tuple[list[Document], Outputs]:
    """Number, store and render a month's drafts as one transaction, all or nothing.

    The documents are issued in the register's transaction and every output is rendered into a staging
    directory inside `directory` before the register commits; the files are then moved into place (each by
    an atomic rename). A refused draft, a rendering error or any other failure leaves the register and
    `directory` as they were. If the process dies after the commit and before the move, re-running the
    month returns the same invoices and writes their files (issuing an identical draft is idempotent).
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ge-bill-", dir=root))
    try:
        with register.transaction() as (sequence, store):
            issued = issue_month(bill, sequence, store, issue_date)
            staged = write_outputs(bill, scenario, issued, store, staging, pdf=pdf, facturx=facturx)
        return issued, _publish(staged, staging, root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staged: Outputs, staging: Path, root: Path) -> Outputs:
    """Move the staged files to their places under `root` (atomic renames within one file system)."""
    out = Outputs()
    for f in fields(Outputs):
        for path in getattr(staged, f.name):
            target = root / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            getattr(out, f.name).append(target)
    return out


def _flags_text(bill: MonthBill) -> str:
    """The questionable hours the accountant confirmed before the month was issued (French)."""
    if not bill.flags:
        return ""
    lines = ["", "## Heures signalées, confirmées avant émission", ""]
    lines += [f"- {flag}" for flag in bill.flags]
    return "\n".join(lines) + "\n"


def reconciliation_json(bill: MonthBill) -> dict[str, object]:
    rec = bill.reconciliation
    return {
        "month": rec.month,
        "ok": rec.ok,
        "failures": rec.failures,
        "payroll": str(euros(rec.payroll_cents)),
        "billed_to_members": str(euros(rec.billed_cents)),
        "borne_by_group": str(euros(rec.borne_by_group_cents)),
        "members": [
            {
                "member": m.member,
                "cost": str(euros(m.cost_cents)),
                "above_cost": str(euros(m.above_cost_cents)),
                "dues": str(euros(m.dues_cents)),
                "invoice_ht": str(euros(m.invoice_ht_cents)),
            }
            for m in rec.members
        ],
        "loans": [
            {
                "loan": x.loan,
                "lender": x.lender,
                "host": x.host,
                "cost": str(euros(x.cost_cents)),
                "billed": str(euros(x.billed_cents)),
                "borne_by_lender": str(euros(x.borne_by_lender_cents)),
                "invoice_ht": str(euros(x.invoice_ht_cents)),
            }
            for x in rec.loans
        ],
        "warnings": bill.warnings,
        "hours_warnings": [str(flag) for flag in bill.flags],
    }
