"""A scenario file into the database and back: `import_scenario` then `export_scenario` give an equal model.

Lists keep their order (rows are read back by primary key, which follows the import order). The export is
validated with the loader's own checks (`scenario_from_data`), so an exported scenario is exactly as valid
as a file `ge validate` accepts; jobs use `export_scenario` to build the solver's input from the database.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlmodel import Session, col, select

from engine.billing.nogc import collector_paused
from engine.loader import scenario_from_data
from engine.model import Group, Scenario
from persistence import mapping as mp
from persistence.audit import record
from persistence.tables import (
    AbsenceRow,
    AgreementRow,
    ContractRow,
    EmployeeRow,
    GroupRow,
    MemberRow,
    NeedRow,
    PricingProfileRow,
    SecondmentRow,
    SiteRow,
    WishRow,
)

INSERT_BATCH = 5000
"""Rows per batched insert statement."""
GROUP_COLUMNS = {"id", "name", "siren", "timezone", "pricing_profiles"}
SCENARIO_SETTINGS = {"version", "name", "month", "travel", "objective", "history", "pins"}


class DuplicateGroupError(ValueError):
    """The database already holds a group with this id."""


def import_scenario(session: Session, scenario: Scenario, *, actor: str = "import") -> GroupRow:
    """Store a validated scenario as a new group; returns the group row (flushed, not committed)."""
    with collector_paused():  # tens of thousands of rows' values, all alive to the end: engine.billing.nogc
        return _import_scenario(session, scenario, actor)


def _import_scenario(session: Session, scenario: Scenario, actor: str) -> GroupRow:
    if session.exec(select(GroupRow).where(GroupRow.key == scenario.group.id)).first() is not None:
        raise DuplicateGroupError(f"the database already holds a group with id {scenario.group.id!r}")
    g = scenario.group
    group = GroupRow(
        key=g.id,
        name=g.name,
        siren=g.siren,
        timezone=g.timezone,
        data=mp.store(g, exclude=GROUP_COLUMNS),
        settings=scenario.model_dump(mode="python", by_alias=True, include=SCENARIO_SETTINGS),
    )
    session.add(group)
    session.flush()
    gid = group.id
    assert gid is not None
    index = mp.KeyIndex()

    def keyed(name: str, table: Any, rows: list[dict[str, Any]]) -> list[int]:
        insert_rows(session, table, rows)
        return load_keys(session, index, name, table, gid, [row["key"] for row in rows])

    keyed(
        "agreement", AgreementRow, [{"group_id": gid, **mp.agreement_values(a)} for a in scenario.agreements]
    )
    keyed(
        "pricing_profile",
        PricingProfileRow,
        [{"group_id": gid, **mp.profile_values(p)} for p in g.pricing_profiles],
    )
    member_ids = keyed(
        "member", MemberRow, [{"group_id": gid, **mp.member_values(m, index)} for m in scenario.members]
    )
    keyed(
        "site",
        SiteRow,
        [
            {"group_id": gid, "member_id": member_id, **mp.site_values(site)}
            for member, member_id in zip(scenario.members, member_ids, strict=True)
            for site in member.sites
        ],
    )
    add_employees(session, gid, scenario.employees, index)
    keyed("need", NeedRow, [{"group_id": gid, **mp.need_values(n, index)} for n in scenario.needs])
    keyed(
        "secondment",
        SecondmentRow,
        [{"group_id": gid, **mp.secondment_values(s, index)} for s in scenario.secondments],
    )
    record(
        session,
        gid,
        actor,
        "scenario.imported",
        "group",
        g.id,
        after={
            "name": scenario.name,
            "members": len(scenario.members),
            "employees": len(scenario.employees),
            "needs": len(scenario.needs),
            "secondments": len(scenario.secondments),
        },
    )
    return group


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows (their column values) in bulk: PostgreSQL's COPY, else batched statements (executemany).

    Why not `session.add` each row: a 10,000-employee group is some 60,000 rows, and the ORM's per-object
    bookkeeping and one flush per row took 70 s of its import (docs/benchmarks.md). Nor RETURNING: ids in
    parameter order cost SQLAlchemy a splice of every batch's results, quadratic in the row count. On
    PostgreSQL, `executemany` still sends one statement per row (pipelined): COPY streams them all in one
    (`copy_rows`), the same values through the same column types. Elsewhere, in slices of `INSERT_BATCH`
    rows, so that no statement grows with the group (a plan has 200,000)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql" and copy_rows(connection, table.__table__, rows):
        return
    for start in range(0, len(rows), INSERT_BATCH):
        connection.execute(insert(table.__table__), rows[start : start + INSERT_BATCH])


def copy_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Insert `rows` into `table` with PostgreSQL's COPY on the session's own connection (same
    transaction), each value through its column type's bind processing as an insert would do. False
    (nothing done) unless every row has the same columns and no other column has a default to fill."""
    names = list(rows[0])
    given = set(names)
    omitted = [c for c in table.c if c.name not in given]
    if any(c.default is not None or (c.server_default is not None and not c.primary_key) for c in omitted):
        return False
    if any(row.keys() != given for row in rows):
        return False
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    quote = dialect.identifier_preparer
    statement = (
        f"COPY {quote.format_table(table)} ({', '.join(quote.quote(name) for name in names)}) FROM STDIN"
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    row[name] if process is None else process(row[name])
                    for name, process in zip(names, processors, strict=True)
                ]
            )
    return True


def load_keys(
    session: Session, index: mp.KeyIndex, name: str, table: Any, group_id: int, keys: list[str]
) -> list[int]:
    """The row ids of `keys` (just inserted) in `table`, added to `index`; in the order of `keys`."""
    if not keys:
        return []
    query = select(table.id, table.key).where(table.group_id == group_id)
    if len(keys) <= 500:  # else read the group's whole table: one scan rather than a huge IN list
        query = query.where(col(table.key).in_(keys))
    found = {key: row_id for row_id, key in session.connection().execute(query)}
    for key in keys:
        index.add(name, key, found[key])
    return [found[key] for key in keys]


def add_employees(session: Session, group_id: int, employees: list[Any], index: mp.KeyIndex) -> list[int]:
    """Insert employees with their contracts, absences and wishes (import and the API); their row ids."""
    insert_rows(
        session, EmployeeRow, [{"group_id": group_id, **mp.employee_values(e, index)} for e in employees]
    )
    ids = load_keys(session, index, "employee", EmployeeRow, group_id, [e.id for e in employees])
    pairs = list(zip(employees, ids, strict=True))
    insert_rows(
        session,
        ContractRow,
        [{"group_id": group_id, "employee_id": i, **mp.contract_values(e, index)} for e, i in pairs],
    )
    insert_rows(
        session,
        AbsenceRow,
        [
            {"group_id": group_id, "employee_id": i, **mp.absence_values(a)}
            for e, i in pairs
            for a in e.absences
        ],
    )
    insert_rows(
        session,
        WishRow,
        [
            {"group_id": group_id, "employee_id": i, **mp.wish_values(w, index)}
            for e, i in pairs
            for w in e.wishes
        ],
    )
    return ids


def add_employee_rows(session: Session, group_id: int, employee: Any, index: mp.KeyIndex) -> EmployeeRow:
    """Insert one employee with its contract, absences and wishes; its row."""
    [row_id] = add_employees(session, group_id, [employee], index)
    row = session.get(EmployeeRow, row_id)
    assert row is not None
    return row


def _rows(session: Session, table: Any, group_id: int) -> list[Any]:
    """The group's rows of `table` as plain result rows (their columns as attributes): no ORM objects,
    which cost a 10,000-employee group's export seconds of identity-map bookkeeping."""
    query = select(table.__table__).where(table.group_id == group_id).order_by(col(table.id))
    return list(session.connection().execute(query))


def export_data(session: Session, group_id: int) -> dict[str, Any]:
    """The group as scenario data (plain dict, ready for YAML or `scenario_from_data`), unvalidated."""
    group = session.get(GroupRow, group_id)
    if group is None:
        raise LookupError(f"no group with row id {group_id}")
    index = mp.KeyIndex.load(session, group_id)
    sites: dict[int, list[Any]] = defaultdict(list)
    for site in _rows(session, SiteRow, group_id):
        sites[site.member_id].append(mp.site_data(site))
    contracts = {c.employee_id: c for c in _rows(session, ContractRow, group_id)}
    absences: dict[int, list[Any]] = defaultdict(list)
    for a in _rows(session, AbsenceRow, group_id):
        absences[a.employee_id].append(a)
    wishes: dict[int, list[Any]] = defaultdict(list)
    for w in _rows(session, WishRow, group_id):
        wishes[w.employee_id].append(w)
    return {
        **group.settings,
        "group": _group_data(session, group),
        "agreements": [mp.agreement_data(a) for a in _rows(session, AgreementRow, group_id)],
        "members": [mp.member_data(m, sites[m.id], index) for m in _rows(session, MemberRow, group_id)],
        "employees": [
            mp.employee_data(e, contracts[e.id], absences[e.id], wishes[e.id], index)
            for e in _rows(session, EmployeeRow, group_id)
        ],
        "needs": [mp.need_data(n, index) for n in _rows(session, NeedRow, group_id)],
        "secondments": [mp.secondment_data(s, index) for s in _rows(session, SecondmentRow, group_id)],
    }


def _group_data(session: Session, group: GroupRow) -> dict[str, Any]:
    assert group.id is not None
    return {
        **group.data,
        "id": group.key,
        "name": group.name,
        "siren": group.siren,
        "timezone": group.timezone,
        "pricing_profiles": [mp.profile_data(p) for p in _rows(session, PricingProfileRow, group.id)],
    }


def group_model(session: Session, group_id: int) -> Group:
    """The group alone (identity, billing settings, fiscal year) without loading its members and staff."""
    group = session.get(GroupRow, group_id)
    if group is None:
        raise LookupError(f"no group with row id {group_id}")
    return Group.model_validate(_group_data(session, group))


def export_scenario(session: Session, group_id: int) -> Scenario:
    """The group as a validated `Scenario` (raises `ScenarioError` if the stored data no longer holds;
    read as stored data: see `scenario_from_data`)."""
    group = session.get(GroupRow, group_id)
    with collector_paused():  # the whole group read and validated, all alive to the end: engine.billing.nogc
        return scenario_from_data(
            export_data(session, group_id),
            filename=f"database:{group.key if group else group_id}",
            stored=True,
        )
