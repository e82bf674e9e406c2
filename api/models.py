"""Request and response models: a Create / Update / Public family per resource, derived from the domain.

The domain models (engine.model) stay the single definition of every field and constraint; the API
families are derived from them (`derive`) so that a field added to the domain appears in the API without a
second definition. Create bodies are then validated again as the full domain model (its cross-field
validators run there), and Update bodies are merged into the current object before that validation
(PATCH semantics: only the fields sent change).
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from engine.model import Absence, Employee, Member, Need, Secondment, Site
from engine.model.common import Id

_FORBID = ConfigDict(extra="forbid")


def derive(
    model: type[BaseModel],
    name: str,
    *,
    exclude: set[str] | frozenset[str] = frozenset(),
    partial: bool = False,
    extra: dict[str, Any] | None = None,
    doc: str = "",
) -> type[BaseModel]:
    """A new model with `model`'s fields (constraints and descriptions kept), some left out.

    `partial=True` makes every field optional with a `None` default (for PATCH bodies).
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        info = copy.copy(info)
        annotation = info.annotation
        if partial:
            info.default = None
            info.default_factory = None
            annotation = annotation | None  # type: ignore[operator,assignment]
        fields[field_name] = (annotation, info)
    fields.update(extra or {})
    derived: type[BaseModel] = create_model(  # type: ignore[call-overload]
        name, __config__=_FORBID, __doc__=doc or model.__doc__, **fields
    )
    return derived


def merge(current: BaseModel, patch: BaseModel, model: type[BaseModel], **fixed: Any) -> Any:
    """`current` with the fields `patch` sets, validated as `model` (raises ValidationError)."""
    data = current.model_dump(by_alias=True)
    data.update(patch.model_dump(exclude_unset=True, by_alias=True))
    data.update(fixed)
    return model.model_validate(data)


if TYPE_CHECKING:  # mypy cannot follow `create_model`: to it the derived families are plain models
    MemberCreate = BaseModel
    MemberUpdate = BaseModel
    MemberPublic = BaseModel
    SiteCreate = BaseModel
    SiteUpdate = BaseModel
    SitePublic = BaseModel
    EmployeeCreate = BaseModel
    EmployeeUpdate = BaseModel
    EmployeePublic = BaseModel
    AbsenceCreate = BaseModel
    AbsenceUpdate = BaseModel
    AbsencePublic = BaseModel
    NeedCreate = BaseModel
    NeedUpdate = BaseModel
    NeedPublic = BaseModel
    LoanCreate = BaseModel
    LoanUpdate = BaseModel
    LoanPublic = BaseModel
else:
    MemberCreate = derive(
        Member, "MemberCreate", exclude={"sites"}, doc="A member firm (sites are their own resource)."
    )
    MemberUpdate = derive(Member, "MemberUpdate", exclude={"sites", "id"}, partial=True)
    MemberPublic = derive(Member, "MemberPublic", exclude={"sites"})

    _SITE_MEMBER = {"member": (Id, Field(description="the member the site belongs to"))}
    SiteCreate = derive(Site, "SiteCreate", extra=_SITE_MEMBER)
    SiteUpdate = derive(Site, "SiteUpdate", exclude={"id"}, partial=True)
    SitePublic = derive(Site, "SitePublic", extra=_SITE_MEMBER)

    EmployeeCreate = derive(
        Employee, "EmployeeCreate", exclude={"absences"}, doc="An employee (absences are their own resource)."
    )
    EmployeeUpdate = derive(Employee, "EmployeeUpdate", exclude={"absences", "id"}, partial=True)
    EmployeePublic = derive(Employee, "EmployeePublic", exclude={"absences"})

    _ABSENCE_EMPLOYEE = {"employee": (Id, Field(description="the absent employee"))}
    AbsenceCreate = derive(Absence, "AbsenceCreate", extra=_ABSENCE_EMPLOYEE)
    AbsenceUpdate = derive(Absence, "AbsenceUpdate", partial=True)
    AbsencePublic = derive(
        Absence, "AbsencePublic", extra={**_ABSENCE_EMPLOYEE, "id": (int, Field(description="row id"))}
    )

    NeedCreate = derive(Need, "NeedCreate")
    NeedUpdate = derive(Need, "NeedUpdate", exclude={"id"}, partial=True)
    NeedPublic = derive(Need, "NeedPublic")

    LoanCreate = derive(Secondment, "LoanCreate", doc="A loan of staff (prêt de main-d'œuvre, L8241).")
    LoanUpdate = derive(Secondment, "LoanUpdate", exclude={"id"}, partial=True)
    LoanPublic = derive(Secondment, "LoanPublic")


class GroupPublic(BaseModel):
    id: str
    name: str
    siren: str
    timezone: str
    members: int
    employees: int


class ApiKeyCreate(BaseModel):
    model_config = _FORBID
    role: str = Field(pattern="^(manager|member|accountant|employee)$")
    member: Id | None = Field(None, description="for a member key: the member it acts for")
    employee: Id | None = Field(None, description="for an employee key: the employee it acts for")
    label: str = Field("", max_length=200)


class ApiKeyPublic(BaseModel):
    id: int
    prefix: str = Field(description="the first characters of the key, to recognise it")
    role: str
    member: str | None
    employee: str | None
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="the key itself: shown once, store it now")


class PlanSummary(BaseModel):
    id: int
    month: str
    version: int
    status: str = Field(description="draft, published or superseded")
    source: str
    based_on: int | None
    job_id: str | None
    created_by: str | None
    created_at: dt.datetime
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None
    assignments: int
    unfilled: int
    cost_terms: dict[str, Decimal] = Field(default_factory=dict)
    solver: dict[str, Any] | None = None
    changes: int | None = Field(None, description="a re-plan: assignments removed or added")
    changes_needing_agreement: int | None = Field(
        None, description="a re-plan: changes within the notice period (the employee must agree)"
    )
    violations: int | None = Field(
        None,
        description="manager: infractions found by the compliance checker when the version was last "
        "checked (stored, or a publication attempt); a version with any is not published",
    )
    warnings: int | None = Field(None, description="manager: the checker's warnings (not blocking)")
    checked_at: dt.datetime | None = Field(None, description="manager: when the verdict was taken")


class PlanViolation(BaseModel):
    """A finding of the compliance checker on a plan: who, when, which rule and article, in French."""

    employee: str | None = Field(description="employee id (none for a finding about a need)")
    employee_name: str | None = None
    rule: str = Field(description="the checker's rule family, e.g. `availability`, `daily_max`")
    article: str = Field(description="legal reference (e.g. `L3121-18`), or `contrat` / `scénario`")
    level: str = Field(description="`error` (publication refused) or `warning`")
    date: dt.date | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    need: str | None = None
    message: str = Field(description="what is wrong, in French")


class PlanChange(BaseModel):
    """An assignment a re-plan removed or added, compared with the plan it is based on."""

    kind: str = Field(description="removed or added")
    employee: str
    need: str
    date: dt.date
    start: dt.datetime
    needs_agreement: bool = Field(description="within the notice period: needs the employee's agreement")


class AssignmentPublic(BaseModel):
    uid: str
    employee: str
    employee_name: str
    member: str
    site: str
    need: str
    secondment: str | None
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    minutes: int
    travel_before_minutes: int
    pinned: bool


class UnfilledPublic(BaseModel):
    need: str
    member: str
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    missing: int
    skill: str = ""
    reason_code: str = Field(
        description="a member reads `staff_shortage` (or cost, time, no_skill, site_rule)"
    )
    reason: str = Field(description="French; a member's names no employee, absence or personal limit")
    limits: list[str]


class AuditEventPublic(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    employee: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
