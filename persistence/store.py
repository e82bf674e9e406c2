"""Group-scoped reads and writes of the domain entities (members, sites, employees, absences, needs, loans).

`GroupStore(session, scope)` is the only way the API touches these tables: every query it builds starts
from `visible(table)`, which filters on the scope's group and, for a member or employee key, on what that
key may see (a member: itself, its sites, needs, loans it lends or hosts; an employee: itself and its
absences). Anything else is simply not found, so a guessed id from another scope answers 404.

Writes take validated domain models; references (member, site, employee…) are turned into foreign keys,
and an unknown one raises `BadReference` naming the field path. Every write records an audit event.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from sqlalchemy import false, or_
from sqlmodel import Session, col, delete, func, select

from engine.model import Absence, Employee, Member, Need, Secondment, Site
from persistence import mapping as mp
from persistence.audit import record
from persistence.scenario_io import add_employee_rows
from persistence.scope import Scope
from persistence.tables import (
    AbsenceRow,
    ContractRow,
    EmployeeRow,
    GroupRow,
    MemberRow,
    NeedRow,
    SecondmentRow,
    SiteRow,
    WishRow,
)


class BadReference(ValueError):
    """A reference to an object that does not exist in the caller's group."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class GroupStore:
    def __init__(self, session: Session, scope: Scope):
        self.session = session
        self.scope = scope
        self.group_id = scope.group_id

    # --- visibility ------------------------------------------------------------------------------------

    def visible(self, table: Any) -> Any:
        """`SELECT table` restricted to the group and to what the scope may see."""
        query = select(table).where(table.group_id == self.group_id)
        member, employee = self.scope.member_id, self.scope.employee_id
        if member is not None:
            condition: Any = {
                MemberRow: MemberRow.id == member,
                SiteRow: SiteRow.member_id == member,
                NeedRow: NeedRow.member_id == member,
                SecondmentRow: or_(
                    col(SecondmentRow.lender_id) == member, col(SecondmentRow.host_id) == member
                ),
            }.get(table, false())
            query = query.where(condition)
        elif employee is not None:
            condition = {
                EmployeeRow: EmployeeRow.id == employee,
                AbsenceRow: AbsenceRow.employee_id == employee,
            }.get(table, false())
            query = query.where(condition)
        return query

    def page(self, query: Any, offset: int, limit: int, order: Any) -> tuple[list[Any], int]:
        count = self.session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = self.session.exec(query.order_by(order).offset(offset).limit(limit)).all()
        return list(rows), int(count)

    def by_key(self, table: Any, key: str) -> Any:
        return self.session.exec(self.visible(table).where(table.key == key)).first()

    def by_id(self, table: Any, row_id: int) -> Any:
        return self.session.exec(self.visible(table).where(table.id == row_id)).first()

    @cached_property
    def index(self) -> mp.KeyIndex:
        return mp.KeyIndex.load(self.session, self.group_id)

    def group(self) -> GroupRow:
        row = self.session.get(GroupRow, self.group_id)
        assert row is not None
        return row

    def _ref(self, table: str, key: str | None, path: str) -> int | None:
        if key is None:
            return None
        row_id = self.index.id_of(table, key)
        if row_id is None:
            raise BadReference(path, f"no {table.replace('_', ' ')} {key!r} in your scope")
        return row_id

    def _new_key(self, table: Any, key: str, path: str = "body.id") -> None:
        exists = self.session.exec(
            select(table.id).where(table.group_id == self.group_id, table.key == key)
        ).first()
        if exists is not None:
            raise BadReference(path, f"id {key!r} is already used in this group")

    def _audit(self, action: str, entity: str, key: str, before: Any = None, after: Any = None) -> None:
        record(
            self.session,
            self.group_id,
            self.scope.actor,
            action,
            entity,
            key,
            before=mp.dump(before) if before is not None else None,
            after=mp.dump(after) if after is not None else None,
        )

    # --- members and sites -----------------------------------------------------------------------------

    def member(self, row: MemberRow, *, with_sites: bool = True) -> Member:
        sites = self.sites_of(row) if with_sites else []
        return mp.member_from_row(row, sites, self.index)

    def sites_of(self, row: MemberRow) -> list[Site]:
        rows = self.session.exec(
            select(SiteRow)
            .where(SiteRow.group_id == self.group_id, SiteRow.member_id == row.id)
            .order_by(col(SiteRow.id))
        ).all()
        return [mp.site_from_row(s) for s in rows]

    def save_member(self, member: Member, row: MemberRow | None = None) -> MemberRow:
        self._ref("pricing_profile", member.pricing_profile, "body.pricing_profile")
        before = None
        if row is None:
            self._new_key(MemberRow, member.id)
            row = MemberRow(group_id=self.group_id, **mp.member_values(member, self.index))
        else:
            before = self.member(row, with_sites=False)
            mp.apply(row, mp.member_values(member, self.index))
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        self.index.add("member", row.key, row.id)
        self._audit(
            "member.created" if before is None else "member.updated", "member", row.key, before, member
        )
        return row

    def site_member_key(self, row: SiteRow) -> str:
        return self.index.key_of("member", row.member_id) or ""

    def save_site(self, site: Site, member_key: str, row: SiteRow | None = None) -> SiteRow:
        member_id = self._ref("member", member_key, "body.member")
        assert member_id is not None
        before = None
        if row is None:
            self._new_key(SiteRow, site.id)
            row = SiteRow(group_id=self.group_id, member_id=member_id, **mp.site_values(site))
        else:
            if member_id != row.member_id:
                raise BadReference("body.member", "a site cannot move to another member; create a new one")
            before = mp.site_from_row(row)
            mp.apply(row, mp.site_values(site))
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        self.index.add("site", row.key, row.id)
        self._audit("site.created" if before is None else "site.updated", "site", row.key, before, site)
        return row

    # --- employees and absences ------------------------------------------------------------------------

    def employee(self, row: EmployeeRow) -> Employee:
        contract = self.session.exec(select(ContractRow).where(ContractRow.employee_id == row.id)).one()
        absences = self.session.exec(
            select(AbsenceRow).where(AbsenceRow.employee_id == row.id).order_by(col(AbsenceRow.id))
        ).all()
        wishes = self.session.exec(
            select(WishRow).where(WishRow.employee_id == row.id).order_by(col(WishRow.id))
        ).all()
        return mp.employee_from_rows(row, contract, list(absences), list(wishes), self.index)

    def _check_employee_refs(self, employee: Employee) -> None:
        self._ref("member", employee.employer, "body.employer")
        self._ref("agreement", employee.contract.agreement, "body.contract.agreement")
        for i, wish in enumerate(employee.wishes):
            self._ref("member", wish.member, f"body.wishes[{i}].member")

    def save_employee(self, employee: Employee, row: EmployeeRow | None = None) -> EmployeeRow:
        """Create, or replace an employee's fields, contract and wishes (absences are their own resource)."""
        self._check_employee_refs(employee)
        if row is None:
            self._new_key(EmployeeRow, employee.id)
            row = add_employee_rows(self.session, self.group_id, employee, self.index)
            self._audit("employee.created", "employee", row.key, None, employee)
            return row
        before = self.employee(row)
        mp.apply(row, mp.employee_values(employee, self.index))
        contract = self.session.exec(select(ContractRow).where(ContractRow.employee_id == row.id)).one()
        mp.apply(contract, mp.contract_values(employee, self.index))
        self.session.exec(delete(WishRow).where(col(WishRow.employee_id) == row.id))
        for wish in employee.wishes:
            self.session.add(
                WishRow(group_id=self.group_id, employee_id=row.id, **mp.wish_values(wish, self.index))  # type: ignore[arg-type]
            )
        self.session.add_all([row, contract])
        self.session.flush()
        self._audit("employee.updated", "employee", row.key, before, employee)
        return row

    def absence_employee_key(self, row: AbsenceRow) -> str:
        return self.index.key_of("employee", row.employee_id) or ""

    def save_absence(self, absence: Absence, employee_key: str, row: AbsenceRow | None = None) -> AbsenceRow:
        employee_id = self._ref("employee", employee_key, "body.employee")
        assert employee_id is not None
        before = None if row is None else mp.absence_from_row(row)
        if row is None:
            row = AbsenceRow(group_id=self.group_id, employee_id=employee_id, **mp.absence_values(absence))
        else:
            mp.apply(row, {"employee_id": employee_id, **mp.absence_values(absence)})
        self.session.add(row)
        self.session.flush()
        action = "absence.created" if before is None else "absence.updated"
        self._audit(action, "absence", f"{employee_key}#{row.id}", before, absence)
        return row

    # --- needs and loans ---------------------------------------------------------------------------------

    def need(self, row: NeedRow) -> Need:
        return mp.need_from_row(row, self.index)

    def save_need(self, need: Need, row: NeedRow | None = None) -> NeedRow:
        member_id = self._ref("member", need.member, "body.member")
        site_id = self._ref("site", need.site, "body.site")
        if self.scope.member_id is not None and member_id != self.scope.member_id:
            raise BadReference("body.member", f"no member {need.member!r} in your scope")
        site = self.session.get(SiteRow, site_id)
        if self.scope.member_id is not None and (site is None or site.member_id != member_id):
            raise BadReference("body.site", f"no site {need.site!r} in your scope")
        if site is None or site.member_id != member_id:
            raise BadReference("body.site", f"site {need.site!r} does not belong to member {need.member!r}")
        for i, emp in enumerate(need.preferred_employees):
            self._ref("employee", emp, f"body.preferred_employees[{i}]")
        before = None
        if row is None:
            self._new_key(NeedRow, need.id)
            if self.index.id_of("secondment", need.id) is not None:
                raise BadReference("body.id", f"id {need.id!r} is already a loan id")
            row = NeedRow(group_id=self.group_id, **mp.need_values(need, self.index))
        else:
            before = self.need(row)
            mp.apply(row, mp.need_values(need, self.index))
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        self.index.add("need", row.key, row.id)
        self._audit("need.created" if before is None else "need.updated", "need", row.key, before, need)
        return row

    def loan(self, row: SecondmentRow) -> Secondment:
        return mp.secondment_from_row(row, self.index)

    def save_loan(self, loan: Secondment, row: SecondmentRow | None = None) -> SecondmentRow:
        for field in ("lender", "host"):
            self._ref("member", getattr(loan, field), f"body.{field}")
        self._ref("employee", loan.employee, "body.employee")
        site_id = self._ref("site", loan.site, "body.site")
        site = self.session.get(SiteRow, site_id)
        if site is None or site.member_id != self.index.id_of("member", loan.host):
            raise BadReference("body.site", f"site {loan.site!r} does not belong to the host {loan.host!r}")
        if loan.lender == loan.host:
            raise BadReference("body.host", "the host is the lender itself")
        employee = self.session.get(EmployeeRow, self.index.id_of("employee", loan.employee))
        if employee is None or employee.employer_id != self.index.id_of("member", loan.lender):
            raise BadReference("body.employee", f"employee {loan.employee!r} is not employed by the lender")
        before = None
        if row is None:
            self._new_key(SecondmentRow, loan.id)
            if self.index.id_of("need", loan.id) is not None:
                raise BadReference("body.id", f"id {loan.id!r} is already a need id")
            row = SecondmentRow(group_id=self.group_id, **mp.secondment_values(loan, self.index))
        else:
            before = self.loan(row)
            mp.apply(row, mp.secondment_values(loan, self.index))
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        self.index.add("secondment", row.key, row.id)
        self._audit("loan.created" if before is None else "loan.updated", "loan", row.key, before, loan)
        return row

    # --- deletes ----------------------------------------------------------------------------------------

    def delete(self, row: Any, entity: str, key: str, before: Any) -> None:
        """Delete a row; the database refuses (IntegrityError → 409) while plans or invoices use it."""
        self.session.delete(row)
        self.session.flush()
        self._audit(f"{entity}.deleted", entity, key, before, None)
