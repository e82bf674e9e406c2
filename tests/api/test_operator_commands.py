"""The operator's commands on the service's database (issue 15): `ge group import FILE` adds a group and
prints its first manager key once; `ge key add` gives a group a new key (the way back in when its manager
keys are lost). Run as a user runs them (`ge.cli.main`), on both backends."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from api.main import create_app
from ge.cli import main
from persistence.settings import Settings
from persistence.tables import ApiKeyRow, GroupRow
from tests.persistence.factories import MINIMAL

KEY = re.compile(r"\b(ge_[A-Za-z0-9_-]{40,})\b")


@pytest.fixture
def other_file(tmp_path):
    path = tmp_path / "autre.yaml"
    path.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("id: ge-mini", "id: ge-autre"), encoding="utf-8"
    )
    return path


def _client(engine):
    from fastapi.testclient import TestClient

    return TestClient(create_app(Settings(), engine=engine), raise_server_exceptions=False)


def _printed_key(capsys) -> str:
    out = capsys.readouterr().out
    (key,) = KEY.findall(out)
    return key


def test_group_import_creates_the_group_and_prints_a_working_manager_key(db_engine, database_url, capsys):
    assert main(["group", "import", str(MINIMAL), "--database-url", database_url]) == 0
    key = _printed_key(capsys)
    group = _client(db_engine).get("/group", headers={"X-API-Key": key})
    assert group.status_code == 200 and group.json()["id"] == "ge-mini"


def test_a_second_group_is_imported_beside_the_first(db_engine, database_url, other_file, capsys):
    assert main(["group", "import", str(MINIMAL), "--database-url", database_url]) == 0
    capsys.readouterr()
    assert main(["group", "import", str(other_file), "--database-url", database_url]) == 0
    key = _printed_key(capsys)
    assert _client(db_engine).get("/group", headers={"X-API-Key": key}).json()["id"] == "ge-autre"
    assert main(["group", "list", "--database-url", database_url]) == 0
    listed = capsys.readouterr().out
    assert "ge-mini" in listed and "ge-autre" in listed


def test_importing_a_group_id_already_in_the_database_is_refused_without_traceback(
    db_engine, database_url, capsys
):
    assert main(["group", "import", str(MINIMAL), "--database-url", database_url]) == 0
    assert main(["group", "import", str(MINIMAL), "--database-url", database_url]) == 1
    err = capsys.readouterr().err
    assert "already holds a group with id 'ge-mini'" in err and "Traceback" not in err
    with Session(db_engine) as session:
        assert len(session.exec(select(GroupRow)).all()) == 1


def test_an_invalid_scenario_exits_2_naming_the_file_and_field(tmp_path, database_url, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("weekly_hours: 24}", "weekly_hours: 60}"))
    assert main(["group", "import", str(bad), "--database-url", database_url]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "employees[0].contract.weekly_hours" in err and "Traceback" not in err


def test_a_file_type_without_reader_is_refused(tmp_path, database_url, capsys):
    odd = tmp_path / "groupe.txt"
    odd.write_text("x")
    assert main(["group", "import", str(odd), "--database-url", database_url]) == 1
    assert "no reader for .txt" in capsys.readouterr().err


def test_key_add_gives_a_locked_out_group_a_working_manager_key(db_engine, database_url, capsys):
    assert main(["group", "import", str(MINIMAL), "--database-url", database_url]) == 0
    capsys.readouterr()
    with Session(db_engine) as session:  # the group's keys all lost (revoked behind the API's back)
        for row in session.exec(select(ApiKeyRow)):
            row.revoked_at = row.created_at
            session.add(row)
        session.commit()
    args = ["key", "add", "--group", "ge-mini", "--role", "manager", "--label", "reprise", "--database-url"]
    assert main([*args, database_url]) == 0
    key = _printed_key(capsys)
    keys = _client(db_engine).get("/api-keys", headers={"X-API-Key": key})
    assert keys.status_code == 200
    assert [k["label"] for k in keys.json()["data"] if k["revoked_at"] is None] == ["reprise"]


def test_key_add_for_a_member_names_it_and_unknown_ones_are_refused(db_engine, database_url, capsys):
    assert main(["group", "import", str(MINIMAL), "--database-url", database_url]) == 0
    capsys.readouterr()
    base = ["key", "add", "--group", "ge-mini", "--database-url", database_url]
    assert main([*base, "--role", "member", "--member", "m1"]) == 0
    key = _printed_key(capsys)
    assert _client(db_engine).get("/members/m1", headers={"X-API-Key": key}).status_code == 200
    assert main([*base, "--role", "member"]) == 1
    assert "needs --member" in capsys.readouterr().err
    assert main(["key", "add", "--group", "nope", "--role", "manager", "--database-url", database_url]) == 1
    assert "no group 'nope'" in capsys.readouterr().err
