"""`ge publish`: the API's publication gate from the command line, on both backends (the database at the
latest schema, as `ge serve` leaves it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlmodel import Session

from ge.cli import main
from persistence.db import make_engine, write_session
from persistence.migrate import upgrade
from persistence.plans import save_draft
from persistence.scenario_io import import_scenario
from persistence.tables import PlanVersionRow, metadata
from tests.persistence.factories import minimal, other_group, small_plan


def _empty(url: str) -> None:
    engine = make_engine(url)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture
def url(database_url: str) -> Iterator[str]:
    """A database at the latest revision holding the minimal group."""
    _empty(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    with write_session(engine) as session:
        import_scenario(session, minimal())
    engine.dispose()
    yield database_url
    _empty(database_url)
    upgrade(database_url)  # leave the schema for the next tests of the session


def _draft(url: str, plan=None) -> int:
    engine = make_engine(url)
    with write_session(engine) as session:
        from sqlmodel import select

        from persistence.tables import GroupRow

        group = session.exec(select(GroupRow).where(GroupRow.key == "ge-mini")).one()
        row_id = save_draft(session, group.id, plan or small_plan()).id
    engine.dispose()
    return row_id


def _status(url: str, plan_id: int) -> str:
    engine = make_engine(url)
    with Session(engine) as session:
        status = session.get(PlanVersionRow, plan_id).status
    engine.dispose()
    return status


def _illegal():
    plan = small_plan()
    wrong = plan.assignments[2].model_copy(update={"employee": "e1"})
    return plan.model_copy(update={"assignments": [*plan.assignments[:2], wrong]})


def test_a_legal_version_is_published(url, capsys):
    plan_id = _draft(url)
    assert main(["publish", "--database-url", url, "--plan", str(plan_id)]) == 0
    assert f"published plan {plan_id} (version 1 of 2026-03)" in capsys.readouterr().out
    assert _status(url, plan_id) == "published"


def test_a_version_with_violations_is_refused_with_exit_2_listing_each(url, capsys):
    plan_id = _draft(url, _illegal())
    assert main(["publish", "--database-url", url, "--plan", str(plan_id)]) == 2
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "Alice Bernard (e1)"
    assert lines[1] == "  - Qualification manquante : « maintenance » requise pour n3 le 03/03/2026 [L1253-9]"
    assert "breaks 1 rule and is not published" in err and "Traceback" not in err
    assert _status(url, plan_id) == "draft"


def test_an_older_version_over_a_newer_published_one_needs_the_confirmation(url, capsys):
    older, newer = _draft(url), _draft(url)
    assert main(["publish", "--database-url", url, "--plan", str(newer)]) == 0
    assert main(["publish", "--database-url", url, "--plan", str(older)]) == 1
    assert "--confirm-supersede" in capsys.readouterr().err
    assert main(["publish", "--database-url", url, "--plan", str(older), "--confirm-supersede"]) == 0
    assert (_status(url, older), _status(url, newer)) == ("published", "superseded")


def test_month_publishes_its_newest_version(url):
    _draft(url)
    newest = _draft(url)
    assert main(["publish", "--database-url", url, "--month", "2026-03"]) == 0
    assert _status(url, newest) == "published"


def test_a_plan_file_is_stored_then_published_and_its_page_says_so(url, tmp_path, capsys):
    from engine.report import write_plan

    path = write_plan(small_plan(), tmp_path / "plan.json")
    out = tmp_path / "out"
    assert main(["publish", "--database-url", url, "--file", str(path), "--out", str(out)]) == 0
    assert "stored" in capsys.readouterr().out
    page = (out / "plan.html").read_text(encoding="utf-8")
    assert "Version 1 · plan publié le" in page


def test_list_shows_each_version_with_its_verdict(url, capsys):
    _draft(url)
    _draft(url, _illegal())
    assert main(["publish", "--database-url", url, "--month", "2026-03", "--list"]) == 0
    out = capsys.readouterr().out
    assert "version 1, draft, api" in out and "0 violation(s)" in out and "1 violation(s)" in out


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--month", "2026-13"], "--month:"),
        (["--month", "2027-01"], "has no plan for 2027-01"),
        (["--plan", "999"], "no plan version 999"),
        (["--group", "ge-nope", "--month", "2026-03"], "no group 'ge-nope'"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_line(url, capsys, arguments, said):
    assert main(["publish", "--database-url", url, *arguments]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "internal error" not in err


def test_several_groups_need_group(url, capsys):
    engine = make_engine(url)
    with write_session(engine) as session:
        import_scenario(session, other_group())
    engine.dispose()
    assert main(["publish", "--database-url", url, "--month", "2026-03"]) == 2
    assert "holds 2 groups: name one (ge-autre, ge-mini)" in capsys.readouterr().err


def test_a_database_without_the_schema_is_a_clear_error(tmp_path, capsys):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["publish", "--database-url", empty, "--month", "2026-03"]) == 2
    assert "holds no ge-engine data: start `ge serve` on it first" in capsys.readouterr().err


def test_help_documents_the_gate_and_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["publish", "--help"])
    out = capsys.readouterr().out
    assert "--confirm-supersede" in out and "Exit codes: 0 published" in out
