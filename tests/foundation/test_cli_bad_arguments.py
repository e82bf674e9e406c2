"""Every `ge` sub-command answers a bad argument with a clear message and exit status 2, never an
internal error: bad months, days, numbers, sizes, unknown employees, unwritable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.model import Plan
from ge.cli import main
from tests.foundation.helpers import MINIMAL

M = str(MINIMAL)


@pytest.fixture
def plan_file(tmp_path: Path) -> str:
    path = tmp_path / "plan.json"
    path.write_text(Plan(month="2026-03").model_dump_json(), encoding="utf-8")
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses the value before anything runs
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


CASES = [
    (["solve", M, "--month", "2026-13"], "--month"),
    (["solve", M, "--month", "mars"], "--month"),
    (["solve", M, "--time-limit", "-3"], "--time-limit"),
    (["solve", M, "--workers", "0"], "--workers"),
    (["solve", M, "--seed", "-1"], "--seed"),
    (["check", M, "--plan", "{plan}", "--month", "2026-13"], "--month"),
    (["check", M, "--plan", "{plan}", "--start", "2026-02-30"], "--start"),
    (["check", M, "--plan", "{plan}", "--start", "2026-03-10", "--end", "2026-03-01"], "--end"),
    (["check", M, "--plan", "{plan}", "--month", "2026-03", "--start", "2026-03-01"], "--month"),
    (["replan", M, "--plan", "{plan}", "--today", "2026-99-01"], "--today"),
    (["replan", M, "--plan", "{plan}", "--absence", "zz:2026-03-10:2026-03-11"], "no employee 'zz'"),
    (["replan", M, "--plan", "{plan}", "--member-leaves", "nobody:2026-03-10"], "no member 'nobody'"),
    (["replan", M, "--plan", "{plan}", "--time-limit", "0"], "--time-limit"),
    (["generate", "--employees", "3", "--members", "2", "--month", "2026-00"], "--month"),
    (["demo", "--month", "2026-13"], "--month"),
    (["schema", "-o", "/nonexistent/dir/schema.json"], "cannot write"),
    (["bench", "solve", "--sizes", "5y3"], "--sizes"),
    (["bench", "solve", "--sizes", "0x0"], "--sizes"),
    (["bench", "solve", "--month", "2026-13"], "--month"),
    (["bench", "solve", "--seeds", "1", "-2"], "--seeds"),
    (["bench", "solve", "--horizon-months", "0"], "--horizon-months"),
    (["bench", "solve", "--horizon-months", "13"], "--horizon-months"),
    (["bench", "solve", "--reference-seconds", "0"], "--reference-seconds"),
    (["bench", "bound", "--sizes", "1x"], "--sizes"),
    (["bench", "feeds", "--members", "-1"], "--members"),
    (["bench", "feeds", "--month", "2026-13"], "--month"),
    (["bench", "billing", "--months", "0"], "--months"),
    (["bench", "billing", "--year", "20260"], "--year"),
    (["bench", "curtois", "x.txt", "--time-limit", "nan"], "--time-limit"),
    (["serve", "--port", "99999"], "--port"),
    (["worker", "--concurrency", "0"], "--concurrency"),
    (["bill", M, "--month", "2026-13", "--out", "{tmp}"], "--month"),
    (["template", "/nonexistent/dir/book.xlsx"], "cannot write"),
    (["export", M, "-o", "/nonexistent/dir/book.xlsx"], "cannot write"),
    (["import", "{tmp}/none.xlsx"], "fichier introuvable"),
    (["bench", "workbook", "--repeat", "0"], "--repeat"),
    (["serve", "--database-url", "nosuch://db", "--check"], "--database-url"),
    (["worker", "--database-url", "nosuch://db", "--burst"], "--database-url"),
]


@pytest.mark.parametrize(("argv", "named"), CASES, ids=[" ".join(a[:1] + a[2:4]) for a, _ in CASES])
def test_a_bad_argument_is_a_clear_error_with_exit_status_2(
    argv: list[str], named: str, plan_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{plan}", plan_file).replace("{tmp}", str(tmp_path / "out")) for a in argv]
    code, err = run(argv, capsys)
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert named in err


def test_a_database_that_cannot_be_opened_is_a_clear_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["worker", "--database-url", "sqlite:////nonexistent/dir/ge.db", "--burst"], capsys)
    assert code == 1
    assert "cannot open the database sqlite:////nonexistent/dir/ge.db" in err
    assert "internal error" not in err
