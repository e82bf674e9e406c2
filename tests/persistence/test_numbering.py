"""Invoice numbers from the database: consecutive per series, no gap and no duplicate, even when many
threads issue at once (PostgreSQL: SELECT … FOR UPDATE; SQLite: BEGIN IMMEDIATE)."""

from __future__ import annotations

import threading

import pytest

from persistence.db import write_session
from persistence.invoices import DbNumberSequence
from persistence.scenario_io import import_scenario
from tests.persistence.factories import minimal, other_group

THREADS = 8
PER_THREAD = 5


@pytest.fixture
def group_ids(db_engine):
    with write_session(db_engine) as session:
        return import_scenario(session, minimal()).id, import_scenario(session, other_group()).id


def _take(engine, group_id, series, out, errors):
    try:
        for _ in range(PER_THREAD):
            with write_session(engine, immediate=True) as session:
                out.append(DbNumberSequence(session, group_id).next_number(series))
    except Exception as exc:  # collected so that the assertion shows it
        errors.append(exc)


def test_concurrent_issuers_get_every_number_exactly_once(db_engine, group_ids):
    numbers: list[int] = []
    errors: list[Exception] = []
    threads = [
        threading.Thread(target=_take, args=(db_engine, group_ids[0], "F-2026", numbers, errors))
        for _ in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, THREADS * PER_THREAD + 1))


def test_a_rolled_back_issue_leaves_no_gap(db_engine, group_ids):
    gid = group_ids[0]
    with write_session(db_engine, immediate=True) as session:
        assert DbNumberSequence(session, gid).next_number("F-2026") == 1
    with pytest.raises(RuntimeError), write_session(db_engine, immediate=True) as session:
        DbNumberSequence(session, gid).next_number("F-2026")
        raise RuntimeError("the invoice could not be stored")
    with write_session(db_engine, immediate=True) as session:
        assert DbNumberSequence(session, gid).next_number("F-2026") == 2


def test_series_and_groups_count_separately(db_engine, group_ids):
    g1, g2 = group_ids
    with write_session(db_engine, immediate=True) as session:
        first = DbNumberSequence(session, g1)
        assert [first.next_number("F-2026"), first.next_number("F-2026"), first.next_number("AV-2026")] == [
            1,
            2,
            1,
        ]
        assert DbNumberSequence(session, g2).next_number("F-2026") == 1
        assert first.last_number("F-2026") == 2
