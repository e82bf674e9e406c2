"""Rows ⇄ domain models, in one place.

A row keeps as columns what is queried or referenced (ids, foreign keys, dates) and the rest of the domain
model's fields in `data` (JSON, Decimals as exact strings). Reading a row back validates the domain model,
so what leaves the database is as valid as what came from a scenario file. Each `*_from_row` has its
`*_data` twin giving the same fields as plain data, for a whole group's export, which validates them all
once (`persistence.scenario_io.export_scenario`) instead of once per row and again as a scenario. References are stored as
foreign keys and turned back into domain ids with a `KeyIndex` of the group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from engine.model import (
    Absence,
    Agreement,
    Employee,
    Member,
    Need,
    PricingProfile,
    Secondment,
    Site,
    Wish,
)
from persistence.tables import (
    AbsenceRow,
    AgreementRow,
    ContractRow,
    EmployeeRow,
    MemberRow,
    NeedRow,
    PricingProfileRow,
    SecondmentRow,
    SiteRow,
    WishRow,
)


def dump(model: BaseModel, *, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """JSON-safe dict of a domain model (Decimals as strings, aliases as written in scenario files):
    what API responses and audit events show."""
    return model.model_dump(mode="json", by_alias=True, exclude=set(exclude))


def store(model: BaseModel, *, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields of a domain model as Python values, for a `data` column (`persistence.jsoncodec` keeps
    Decimals, dates and times exact, also inside free-form dictionaries)."""
    return model.model_dump(mode="python", by_alias=True, exclude=set(exclude))


@dataclass
class KeyIndex:
    """Domain id ⇄ row id for every keyed table of one group (built once per export or request)."""

    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    keys: dict[str, dict[int, str]] = field(default_factory=dict)

    def add(self, table: str, key: str, row_id: int) -> None:
        self.ids.setdefault(table, {})[key] = row_id
        self.keys.setdefault(table, {})[row_id] = key

    def id_of(self, table: str, key: str | None) -> int | None:
        return None if key is None else self.ids.get(table, {}).get(key)

    def key_of(self, table: str, row_id: int | None) -> str | None:
        return None if row_id is None else self.keys.get(table, {}).get(row_id)

    @classmethod
    def load(cls, session: Session, group_id: int) -> KeyIndex:
        index = cls()
        for name, table in KEYED_TABLES.items():
            for row_id, key in session.exec(
                select(table.id, table.key).where(table.group_id == group_id)  # type: ignore[attr-defined]
            ):
                index.add(name, key, row_id)
        return index


KEYED_TABLES: dict[str, Any] = {
    "agreement": AgreementRow,
    "pricing_profile": PricingProfileRow,
    "member": MemberRow,
    "site": SiteRow,
    "employee": EmployeeRow,
    "need": NeedRow,
    "secondment": SecondmentRow,
}


# --- members and sites ----------------------------------------------------------------------------------

_MEMBER_OWN = {"id", "name", "siren", "joined_on", "left_on", "pricing_profile", "sites"}


def member_values(member: Member, index: KeyIndex) -> dict[str, Any]:
    return {
        "key": member.id,
        "name": member.name,
        "siren": member.siren,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
        "pricing_profile_id": index.id_of("pricing_profile", member.pricing_profile),
        "data": store(member, exclude=_MEMBER_OWN),
    }


def member_data(row: MemberRow, sites: list[Any], index: KeyIndex) -> dict[str, Any]:
    return {
        **row.data,
        "id": row.key,
        "name": row.name,
        "siren": row.siren,
        "joined_on": row.joined_on,
        "left_on": row.left_on,
        "pricing_profile": index.key_of("pricing_profile", row.pricing_profile_id),
        "sites": sites,
    }


def member_from_row(row: MemberRow, sites: list[Site], index: KeyIndex) -> Member:
    return Member.model_validate(member_data(row, sites, index))


def site_values(site: Site) -> dict[str, Any]:
    return {"key": site.id, "name": site.name, "data": store(site, exclude={"id", "name"})}


def site_data(row: SiteRow) -> dict[str, Any]:
    return {**row.data, "id": row.key, "name": row.name}


def site_from_row(row: SiteRow) -> Site:
    return Site.model_validate(site_data(row))


# --- employees, contracts, absences, wishes -------------------------------------------------------------

_EMPLOYEE_OWN = {"id", "name", "email", "employer", "contract", "absences", "wishes"}
_CONTRACT_OWN = {"kind", "start", "end", "agreement"}


def employee_values(employee: Employee, index: KeyIndex) -> dict[str, Any]:
    return {
        "key": employee.id,
        "name": employee.name,
        "email": employee.email,
        "employer_id": index.id_of("member", employee.employer),
        "data": store(employee, exclude=_EMPLOYEE_OWN),
    }


def contract_values(employee: Employee, index: KeyIndex) -> dict[str, Any]:
    c = employee.contract
    return {
        "kind": c.kind.value,
        "start": c.start,
        "end": c.end,
        "agreement_id": index.id_of("agreement", c.agreement),
        "data": store(c, exclude=_CONTRACT_OWN),
    }


def absence_values(absence: Absence) -> dict[str, Any]:
    return {"kind": absence.kind.value, "start": absence.start, "end": absence.end, "paid": absence.paid}


def absence_data(row: AbsenceRow) -> dict[str, Any]:
    return {"kind": row.kind, "start": row.start, "end": row.end, "paid": row.paid}


def absence_from_row(row: AbsenceRow) -> Absence:
    return Absence.model_validate(absence_data(row))


def wish_values(wish: Wish, index: KeyIndex) -> dict[str, Any]:
    return {"member_id": index.id_of("member", wish.member), "data": store(wish, exclude={"member"})}


def wish_data(row: WishRow, index: KeyIndex) -> dict[str, Any]:
    return {**row.data, "member": index.key_of("member", row.member_id)}


def wish_from_row(row: WishRow, index: KeyIndex) -> Wish:
    return Wish.model_validate(wish_data(row, index))


def employee_data(
    row: EmployeeRow,
    contract: ContractRow,
    absences: list[AbsenceRow],
    wishes: list[WishRow],
    index: KeyIndex,
) -> dict[str, Any]:
    contract_data = {
        **contract.data,
        "kind": contract.kind,
        "start": contract.start,
        "end": contract.end,
        "agreement": index.key_of("agreement", contract.agreement_id),
    }
    return {
        **row.data,
        "id": row.key,
        "name": row.name,
        "email": row.email,
        "employer": index.key_of("member", row.employer_id),
        "contract": contract_data,
        "absences": [absence_data(a) for a in absences],
        "wishes": [wish_data(w, index) for w in wishes],
    }


def employee_from_rows(
    row: EmployeeRow,
    contract: ContractRow,
    absences: list[AbsenceRow],
    wishes: list[WishRow],
    index: KeyIndex,
) -> Employee:
    return Employee.model_validate(employee_data(row, contract, absences, wishes, index))


# --- needs, loans, agreements, pricing profiles ---------------------------------------------------------

_NEED_OWN = {"id", "member", "site", "skill"}


def need_values(need: Need, index: KeyIndex) -> dict[str, Any]:
    return {
        "key": need.id,
        "member_id": index.id_of("member", need.member),
        "site_id": index.id_of("site", need.site),
        "skill": need.skill,
        "data": store(need, exclude=_NEED_OWN),
    }


def need_data(row: NeedRow, index: KeyIndex) -> dict[str, Any]:
    return {
        **row.data,
        "id": row.key,
        "member": index.key_of("member", row.member_id),
        "site": index.key_of("site", row.site_id),
        "skill": row.skill,
    }


def need_from_row(row: NeedRow, index: KeyIndex) -> Need:
    return Need.model_validate(need_data(row, index))


_LOAN_OWN = {"id", "lender", "host", "employee", "site", "start", "end"}


def secondment_values(loan: Secondment, index: KeyIndex) -> dict[str, Any]:
    return {
        "key": loan.id,
        "lender_id": index.id_of("member", loan.lender),
        "host_id": index.id_of("member", loan.host),
        "employee_id": index.id_of("employee", loan.employee),
        "site_id": index.id_of("site", loan.site),
        "start": loan.start,
        "end": loan.end,
        "data": store(loan, exclude=_LOAN_OWN),
    }


def secondment_data(row: SecondmentRow, index: KeyIndex) -> dict[str, Any]:
    return {
        **row.data,
        "id": row.key,
        "lender": index.key_of("member", row.lender_id),
        "host": index.key_of("member", row.host_id),
        "employee": index.key_of("employee", row.employee_id),
        "site": index.key_of("site", row.site_id),
        "start": row.start,
        "end": row.end,
    }


def secondment_from_row(row: SecondmentRow, index: KeyIndex) -> Secondment:
    return Secondment.model_validate(secondment_data(row, index))


def agreement_values(agreement: Agreement) -> dict[str, Any]:
    return {
        "key": agreement.id,
        "name": agreement.name,
        "idcc": agreement.idcc,
        "rules": store(agreement)["rules"],
    }


def agreement_data(row: AgreementRow) -> dict[str, Any]:
    return {"id": row.key, "name": row.name, "idcc": row.idcc, "rules": row.rules}


def agreement_from_row(row: AgreementRow) -> Agreement:
    return Agreement.model_validate(agreement_data(row))


def profile_values(profile: PricingProfile) -> dict[str, Any]:
    data = store(profile)
    return {
        "key": profile.id,
        "name": profile.name,
        "default": data["default"],
        "by_contract_kind": data["by_contract_kind"],
    }


def profile_data(row: PricingProfileRow) -> dict[str, Any]:
    return {"id": row.key, "name": row.name, "default": row.default, "by_contract_kind": row.by_contract_kind}


def profile_from_row(row: PricingProfileRow) -> PricingProfile:
    return PricingProfile.model_validate(profile_data(row))


def apply(row: Any, values: dict[str, Any]) -> Any:
    """Set column values on a row (JSON columns are replaced, never mutated in place)."""
    for name, value in values.items():
        setattr(row, name, value)
    return row
