"""Request and response models: a Create / Update / Public family per resource, derived from the domain.

The domain models (engine.model) stay the single definition of every field and constraint; the API
families are derived from them (`derive`) so that a field added to the domain appears in the API without a
second definition. Create bodies are then validated again as the full domain model (its cross-field
validators run there), and Update bodies are merged into the current object before that validation
(PATCH semantics: only the fields sent change).

Every request body is an `InputBody`: whatever a write carries is checked once, the same way everywhere —
dates and months in the plausible years (`engine.plausible`, the scenario loader's rule), text a
database can store (no NUL character, no lone UTF-16 surrogate, both of which JSON can carry), and
values in the JSON types the OpenAPI document declares. Each problem is reported at its field
(`body.start`, `body.assignments[3].date`).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from engine.model import Absence, Employee, Member, Need, Plan, Secondment, Site
from engine.model.common import Id
from engine.plausible import Loc, implausible

_FORBID = ConfigDict(extra="forbid")


def unstorable(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text inside `value` (keys too) that a database cannot store, with its location."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from unstorable(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unstorable(key, (*loc, str(key)))
            yield from unstorable(item, (*loc, str(key)))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from unstorable(item, (*loc, index))
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            yield loc, problem


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored (None when it can): a NUL character, or a lone UTF-16 surrogate
    (`"\\ud800"` in JSON), which is not a character and cannot be written as UTF-8."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which cannot be stored"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone UTF-16 surrogate (e.g. \\ud800), which is not a character"
    return None


def _refuse(model: str, problems: list[tuple[Loc, str]]) -> ValidationError:
    return ValidationError.from_exception_data(
        model,
        [
            InitErrorDetails(
                type=PydanticCustomError("invalid_input", "{reason}", {"reason": reason}),
                loc=loc,
                input=None,
            )
            for loc, reason in problems
        ],
    )


@functools.cache
def _json_schema_validator(model: type[BaseModel]) -> Any:
    return jsonschema_rs.validator_for(model.model_json_schema(mode="validation"))


def json_schema_problems(model: type[BaseModel], data: Any) -> list[tuple[Loc, str]]:
    """Where JSON `data` breaks the JSON Schema of `model` (the request body's schema in the OpenAPI
    document); nothing for data that is not JSON (a body built in Python)."""
    try:
        errors = list(_json_schema_validator(model).iter_errors(data))
    except ValueError:  # a date, a Decimal…: Python objects, not a JSON document
        return []
    return [(tuple(e.instance_path), e.message) for e in errors]


class InputBody(BaseModel):
    """Base of every request body (see the module docstring).

    After pydantic has validated a body (its messages come first), the JSON it came from is checked
    against the body's JSON Schema — the one the OpenAPI document publishes: pydantic's conversions
    would otherwise take `"created_at": 0` as a date-time or `"paid": "yes"` as a boolean, values the
    document declares invalid.
    """

    model_config = _FORBID

    @model_validator(mode="wrap")
    @classmethod
    def _checked(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        body = handler(data)
        problems = json_schema_problems(cls, data) if isinstance(data, dict) else []
        if not problems:
            problems = [*unstorable(body), *implausible(body)]
        if problems:
            raise _refuse(cls.__name__, problems)
        return body


def derive(
    model: type[BaseModel],
    name: str,
    *,
    exclude: set[str] | frozenset[str] = frozenset(),
    partial: bool = False,
    extra: dict[str, Any] | None = None,
    doc: str = "",
    body: bool = False,
) -> type[BaseModel]:
    """A new model with `model`'s fields (constraints and descriptions kept), some left out.

    `partial=True` makes every field optional (for PATCH bodies: a field left out is unchanged; null only
    where the domain takes null); `body=True`
    makes it a request body (`InputBody`); response models stay plain, so that reading a row stored
    before a rule existed still answers.
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        info = copy.copy(info)
        annotation = info.annotation
        if partial:  # a field may be left out (default None: "unchanged"), not set to null unless it may be
            info.default = None
            info.default_factory = None
        fields[field_name] = (annotation, info)
    fields.update(extra or {})
    base: dict[str, Any] = {"__base__": InputBody} if body else {"__config__": _FORBID}
    derived: type[BaseModel] = create_model(  # type: ignore[call-overload]
        name, **base, __doc__=doc or model.__doc__, **fields
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
        Member,
        "MemberCreate",
        exclude={"sites"},
        doc="A member firm (sites are their own resource).",
        body=True,
    )
    MemberUpdate = derive(Member, "MemberUpdate", exclude={"sites", "id"}, partial=True, body=True)
    MemberPublic = derive(Member, "MemberPublic", exclude={"sites"})

    _SITE_MEMBER = {"member": (Id, Field(description="the member the site belongs to"))}
    SiteCreate = derive(Site, "SiteCreate", extra=_SITE_MEMBER, body=True)
    SiteUpdate = derive(Site, "SiteUpdate", exclude={"id"}, partial=True, body=True)
    SitePublic = derive(Site, "SitePublic", extra=_SITE_MEMBER)

    EmployeeCreate = derive(
        Employee,
        "EmployeeCreate",
        exclude={"absences"},
        doc="An employee (absences are their own resource).",
        body=True,
    )
    EmployeeUpdate = derive(Employee, "EmployeeUpdate", exclude={"absences", "id"}, partial=True, body=True)
    EmployeePublic = derive(Employee, "EmployeePublic", exclude={"absences"})

    _ABSENCE_EMPLOYEE = {"employee": (Id, Field(description="the absent employee"))}
    AbsenceCreate = derive(Absence, "AbsenceCreate", extra=_ABSENCE_EMPLOYEE, body=True)
    AbsenceUpdate = derive(Absence, "AbsenceUpdate", partial=True, body=True)
    AbsencePublic = derive(
        Absence, "AbsencePublic", extra={**_ABSENCE_EMPLOYEE, "id": (int, Field(description="row id"))}
    )

    NeedCreate = derive(Need, "NeedCreate", body=True)
    NeedUpdate = derive(Need, "NeedUpdate", exclude={"id"}, partial=True, body=True)
    NeedPublic = derive(Need, "NeedPublic")

    LoanCreate = derive(
        Secondment, "LoanCreate", doc="A loan of staff (prêt de main-d'œuvre, L8241).", body=True
    )
    LoanUpdate = derive(Secondment, "LoanUpdate", exclude={"id"}, partial=True, body=True)
    LoanPublic = derive(Secondment, "LoanPublic")


class GroupPublic(BaseModel):
    id: str
    name: str
    siren: str
    timezone: str
    members: int
    employees: int


class PlanCreate(InputBody, Plan):
    """A plan computed elsewhere (`ge solve`), stored as a draft version: one month (a season's plan is
    sent month by month, as `ge solve --from --to` writes them in `YYYY-MM/`)."""

    @model_validator(mode="after")
    def _one_month(self) -> PlanCreate:
        first, last = self.horizon()
        if (first.year, first.month) != (last.year, last.month):
            raise ValueError(
                f"a plan from {first.isoformat()} to {last.isoformat()} spans several months: send each "
                "month's plan (ge solve --from --to writes them in YYYY-MM/)"
            )
        return self


class ApiKeyCreate(InputBody):
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
