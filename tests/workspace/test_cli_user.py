"""`ge user add|list|disable` (the password from standard input)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ge.cli import main
from persistence.db import get_engine, write_session
from persistence.scenario_io import import_scenario
from tests.persistence.factories import minimal


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{(tmp_path / 'ge.db').as_posix()}"
    assert main(["user", "--database-url", url, "list"]) == 0  # creates the schema
    with write_session(get_engine(url)) as session:
        import_scenario(session, minimal())
    return url


def test_a_user_is_added_listed_and_disabled(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe solide\n"))
    assert (
        main(
            [
                "user",
                "--database-url",
                database,
                "add",
                "m1@adherent.fr",
                "--group",
                "ge-mini",
                "--role",
                "member",
                "--member",
                "m1",
            ]
        )
        == 0
    )
    assert main(["user", "--database-url", database, "list"]) == 0
    assert "m1@adherent.fr\tgroup=ge-mini\tmember member=m1\tactive" in capsys.readouterr().out
    assert main(["user", "--database-url", database, "disable", "M1@Adherent.fr"]) == 0
    main(["user", "--database-url", database, "list"])
    assert "disabled" in capsys.readouterr().out


def test_every_problem_of_a_request_is_said_at_once_with_exit_2(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("court\n"))
    assert (
        main(["user", "--database-url", database, "add", "x@ge.fr", "--group", "nope", "--role", "member"])
        == 2
    )
    err = capsys.readouterr().err
    assert "no group 'nope'" in err and "at least 10 characters" in err and "needs --member" in err


def test_the_database_url_may_also_follow_the_action(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe solide\n"))
    command = ["user", "add", "gestion@ge.fr", "--group", "ge-mini", "--role", "manager"]
    assert main([*command, "--database-url", database]) == 0
    assert main(["user", "list", "--database-url", database]) == 0
    assert "gestion@ge.fr\tgroup=ge-mini\tmanager\tactive" in capsys.readouterr().out
