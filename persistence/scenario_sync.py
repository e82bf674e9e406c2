"""Replacing a group's data with a new scenario, by id: what exists is updated in place, what is new is
added, what is gone is removed — so plans, history, timesheets and invoices keep pointing at the same rows.

`removals(session, group_id, scenario)` says what would be removed and what cannot be (a member, site or
employee still named by a plan's assignment, a timesheet line or an invoice: the database refuses those
deletions, and the manager should keep the row — end a contract, set a member's leaving date — instead).
`sync_group` then writes it all in the caller's transaction; the caller records the audit event. Used by
the workbook upload (`api/routes/workbook.py`); any other "replace this group's data" import can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, delete, func, select

from engine.model import Scenario
from persistence import mapping as mp
from persistence.scenario_io import GROUP_COLUMNS, SCENARIO_SETTINGS
from persistence.tables import (
    AbsenceRow,
    ActualHoursRow,
    AgreementRow,
    AssignmentRow,
    ContractRow,
    EmployeeRow,
    GroupRow,
    InvoiceRow,
    MemberRow,
    NeedRow,
    PricingProfileRow,
    SecondmentRow,
    SiteRow,
    WishRow,
)


@dataclass(frozen=True)
class Removal:
    entity: str  # member, site, employee, need, secondment, agreement, pricing_profile
    key: str
    blocked_by: str = ""  # why it cannot be removed, empty when it can


def _keys(scenario: Scenario) -> dict[str, list[str]]:
    return {
        "agreement": [a.id for a in scenario.agreements],
        "pricing_profile": [p.id for p in scenario.group.pricing_profiles],
        "member": [m.id for m in scenario.members],
        "site": [s.id for m in scenario.members for s in m.sites],
        "employee": [e.id for e in scenario.employees],
        "need": [n.id for n in scenario.needs],
        "secondment": [s.id for s in scenario.secondments],
    }


REFERENCES: dict[str, list[tuple[Any, Any, str]]] = {
    "member": [
        (AssignmentRow, AssignmentRow.member_id, "affectation(s) de plans"),
        (ActualHoursRow, ActualHoursRow.member_id, "ligne(s) d'heures réalisées"),
        (InvoiceRow, InvoiceRow.member_id, "facture(s)"),
    ],
    "site": [(AssignmentRow, AssignmentRow.site_id, "affectation(s) de plans")],
    "employee": [
        (AssignmentRow, AssignmentRow.employee_id, "affectation(s) de plans"),
        (ActualHoursRow, ActualHoursRow.employee_id, "ligne(s) d'heures réalisées"),
    ],
}
"""Rows that keep a member, site or employee from being deleted (foreign keys ON DELETE RESTRICT)."""


def removals(session: Session, group_id: int, scenario: Scenario) -> list[Removal]:
    """Every keyed row of the group the scenario no longer has, and why any of them cannot go."""
    index = mp.KeyIndex.load(session, group_id)
    wanted = _keys(scenario)
    out: list[Removal] = []
    for entity, keys in wanted.items():
        kept = set(keys)
        for key, row_id in index.ids.get(entity, {}).items():
            if key in kept:
                continue
            reasons = []
            for table, column, what in REFERENCES.get(entity, []):
                count = session.exec(select(func.count()).select_from(table).where(column == row_id)).one()
                if count:
                    reasons.append(f"{count} {what}")
            out.append(Removal(entity, key, ", ".join(reasons)))
    return out


def sync_group(session: Session, group_id: int, scenario: Scenario) -> None:
    """Make the group's data the scenario's, updating rows by id (flushed, not committed)."""
    group = session.get(GroupRow, group_id)
    if group is None:
        raise LookupError(f"no group with row id {group_id}")
    g = scenario.group
    mp.apply(
        group,
        {
            "name": g.name,
            "siren": g.siren,
            "timezone": g.timezone,
            "data": mp.store(g, exclude=GROUP_COLUMNS),
            "settings": scenario.model_dump(mode="python", by_alias=True, include=SCENARIO_SETTINGS),
        },
    )
    session.add(group)
    index = mp.KeyIndex.load(session, group_id)

    def upsert(table: Any, entity: str, key: str, values: dict[str, Any]) -> Any:
        row_id = index.id_of(entity, key)
        row = session.get(table, row_id) if row_id is not None else None
        if row is None:
            row = table(group_id=group_id, **values)
        else:
            mp.apply(row, values)
        session.add(row)
        session.flush()
        index.add(entity, key, row.id)
        return row

    for agreement in scenario.agreements:
        upsert(AgreementRow, "agreement", agreement.id, mp.agreement_values(agreement))
    for profile in g.pricing_profiles:
        upsert(PricingProfileRow, "pricing_profile", profile.id, mp.profile_values(profile))
    for member in scenario.members:
        row = upsert(MemberRow, "member", member.id, mp.member_values(member, index))
        for site in member.sites:
            upsert(SiteRow, "site", site.id, {"member_id": row.id, **mp.site_values(site)})
    for employee in scenario.employees:
        row = upsert(EmployeeRow, "employee", employee.id, mp.employee_values(employee, index))
        contract = session.exec(select(ContractRow).where(ContractRow.employee_id == row.id)).first()
        values = mp.contract_values(employee, index)
        if contract is None:
            contract = ContractRow(group_id=group_id, employee_id=row.id, **values)
        else:
            mp.apply(contract, values)
        session.add(contract)
        session.exec(delete(AbsenceRow).where(col(AbsenceRow.employee_id) == row.id))  # type: ignore[call-overload]
        session.exec(delete(WishRow).where(col(WishRow.employee_id) == row.id))  # type: ignore[call-overload]
        for absence in employee.absences:
            session.add(AbsenceRow(group_id=group_id, employee_id=row.id, **mp.absence_values(absence)))
        for wish in employee.wishes:
            session.add(WishRow(group_id=group_id, employee_id=row.id, **mp.wish_values(wish, index)))
    session.flush()
    for need in scenario.needs:
        upsert(NeedRow, "need", need.id, mp.need_values(need, index))
    for loan in scenario.secondments:
        upsert(SecondmentRow, "secondment", loan.id, mp.secondment_values(loan, index))
    tables = {
        "secondment": SecondmentRow,
        "need": NeedRow,
        "employee": EmployeeRow,
        "site": SiteRow,
        "member": MemberRow,
        "pricing_profile": PricingProfileRow,
        "agreement": AgreementRow,
    }
    wanted = _keys(scenario)
    for (
        entity,
        table,
    ) in tables.items():  # dependants first: a loan before its employee, a site before its member
        kept = set(wanted[entity])
        for key, row_id in list(index.ids.get(entity, {}).items()):
            if key not in kept:
                row = session.get(table, row_id)
                if row is not None:
                    session.delete(row)
                    session.flush()
