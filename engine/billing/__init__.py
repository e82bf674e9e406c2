"""Billing: hours → costs split per member to the cent → invoices, exports, FEC, reconciliation.

Public API (docs/billing.md):
- `bill_month(scenario, month, spans, previous_spans=())`, `bill_plan(scenario, plan, previous_plan=None)`
  → `MonthBill` (drafts, cost shares, reconciliation); `read_timesheet(path, scenario)` → spans;
- `issue_month(bill, sequence, store, issue_date)` → issued documents; `credit_note(...)`;
- `write_outputs(bill, scenario, issued, store, directory)` → invoices (HTML/PDF), exports, FEC, report;
- `allocate(total_cents, weights)`: the one split used everywhere.
Imports are lazy so that importing `engine.billing` stays light.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "allocate": "engine.billing.money",
    "bill_month": "engine.billing.run",
    "bill_plan": "engine.billing.run",
    "MonthBill": "engine.billing.run",
    "read_timesheet": "engine.billing.timesheet",
    "issue_month": "engine.billing.service",
    "write_outputs": "engine.billing.service",
    "credit_note": "engine.billing.issuing",
    "NumberSequence": "engine.billing.issuing",
    "MemoryNumberSequence": "engine.billing.issuing",
    "FileNumberSequence": "engine.billing.issuing",
    "DocumentStore": "engine.billing.issuing",
    "MemoryDocumentStore": "engine.billing.issuing",
    "FileDocumentStore": "engine.billing.issuing",
    "Document": "engine.billing.documents",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
