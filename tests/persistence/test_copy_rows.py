"""PostgreSQL's bulk rows go through COPY (`persistence.scenario_io.copy_rows`), storing exactly what the
batched INSERT stores; other rows, and other databases, keep the batched INSERT."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from engine.generator import generate_scenario
from persistence.db import write_session
from persistence.scenario_io import copy_rows, export_scenario, import_scenario, insert_rows
from persistence.tables import GroupRow, NeedRow

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(postgres_url: str) -> str:
    """PostgreSQL only (`db_engine` of tests/conftest.py on it): COPY is PostgreSQL's."""
    return postgres_url


def _group(session: Session, key: str) -> int:
    group = GroupRow(key=key, name=key, siren="123456789")
    session.add(group)
    session.flush()
    assert group.id is not None
    return group.id


def _need_rows(gid: int, member_id: int, site_id: int) -> list[dict]:
    data = [
        {"ratio": Decimal("0.3333"), "on": dt.date(2026, 3, 1), "note": "équipe de nuit"},
        {},
        {"nested": {"list": [1, 2.5, None, True], "at": dt.time(6, 30)}},
    ]
    return [
        {
            "group_id": gid,
            "key": f"n{i}",
            "member_id": member_id,
            "site_id": site_id,
            "skill": "soin",
            "data": d,
        }
        for i, d in enumerate(data)
    ]


def _stored(session: Session, gid: int) -> list[tuple]:
    query = text("SELECT key, skill, data::text FROM need WHERE group_id = :g ORDER BY id")
    return [tuple(row) for row in session.connection().execute(query, {"g": gid})]


def _member_and_site(session: Session, gid: int) -> tuple[int, int]:
    conn = session.connection()
    member = conn.execute(
        text(
            "INSERT INTO member (group_id, key, name, siren, joined_on, data) "
            "VALUES (:g, 'm', 'M', '123456789', '2026-01-01', '{}') RETURNING id"
        ),
        {"g": gid},
    ).scalar_one()
    site = conn.execute(
        text(
            "INSERT INTO site (group_id, member_id, key, name, data) VALUES (:g, :m, 's', 'S', '{}') RETURNING id"
        ),
        {"g": gid, "m": member},
    ).scalar_one()
    return member, site


def test_copied_rows_store_the_same_columns_and_json_text_as_inserted_ones(db_engine):
    with write_session(db_engine) as session:
        copied, inserted = _group(session, "copied"), _group(session, "inserted")
        m1, s1 = _member_and_site(session, copied)
        m2, s2 = _member_and_site(session, inserted)
        assert copy_rows(session.connection(), NeedRow.__table__, _need_rows(copied, m1, s1))
        session.connection().execute(NeedRow.__table__.insert(), _need_rows(inserted, m2, s2))
        assert _stored(session, copied) == _stored(session, inserted)


def test_rows_of_different_columns_are_not_copied(db_engine):
    with write_session(db_engine) as session:
        gid = _group(session, "g")
        member, site = _member_and_site(session, gid)
        rows = _need_rows(gid, member, site)
        del rows[1]["data"]
        assert not copy_rows(session.connection(), NeedRow.__table__, rows)


def test_rows_leaving_out_a_defaulted_column_are_not_copied(db_engine):
    with write_session(db_engine) as session:
        gid = _group(session, "g")
        member, site = _member_and_site(session, gid)
        rows = [{k: v for k, v in row.items() if k != "data"} for row in _need_rows(gid, member, site)]
        assert not copy_rows(session.connection(), NeedRow.__table__, rows)


def test_a_postgresql_import_inserts_no_bulk_row_with_insert_statements(db_engine):
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    scenario = generate_scenario(20, 4, 7)
    event.listen(db_engine, "before_cursor_execute", before)
    try:
        with write_session(db_engine) as session:
            group = import_scenario(session, scenario)
    finally:
        event.remove(db_engine, "before_cursor_execute", before)
    bulk = ("need", "employee", "contract", "absence", "wish", "member", "site")
    assert not [s for s in statements if any(s.startswith(f"INSERT INTO {t} ") for t in bulk)]
    with Session(db_engine) as session:
        assert export_scenario(session, group.id) == scenario


def test_insert_rows_falls_back_to_insert_statements_when_rows_cannot_be_copied(db_engine):
    with write_session(db_engine) as session:
        gid = _group(session, "g")
        member, site = _member_and_site(session, gid)
        rows = [{k: v for k, v in row.items() if k != "data"} for row in _need_rows(gid, member, site)]
        insert_rows(session, NeedRow, rows)  # `data` left to its default, which COPY would not fill
        assert [data for *_, data in _stored(session, gid)] == ["{}", "{}", "{}"]
