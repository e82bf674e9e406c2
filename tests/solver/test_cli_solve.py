"""`ge solve`: the outputs of engine.report and the independent checker's verdict in the summary."""

from pathlib import Path

import pytest

from ge.cli import main


def test_ge_solve_writes_the_four_outputs_and_prints_the_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["solve", "tests/data/minimal.yaml", "--out", str(tmp_path), "--workers", "1", "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "compliance check: no violation" in printed
    assert {p.name for p in tmp_path.iterdir()} >= {
        "plan.json",
        "assignments.csv",
        "unfilled.csv",
        "plan.html",
    }
