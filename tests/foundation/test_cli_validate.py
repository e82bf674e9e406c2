"""`ge validate` and `ge schema` as a user runs them: exit codes, stderr, no traceback."""

from __future__ import annotations

import json

from ge.cli import main
from tests.foundation.helpers import MINIMAL, SHIPPED


def test_valid_file_exits_0_with_a_summary(capsys):
    assert main(["validate", str(MINIMAL)]) == 0
    assert "valid — 2 members, 2 employees, 3 needs" in capsys.readouterr().out


def test_invalid_file_exits_2_and_lists_problems_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("weekly_hours: 24}", "weekly_hours: 60}"))
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{bad}:" in err and "employees[0].contract.weekly_hours" in err


def test_malformed_yaml_exits_2_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("group: {id: g\n")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "malformed YAML" in err and "Traceback" not in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_one_bad_file_among_good_ones_fails_the_run(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("[]\n")
    assert main(["validate", str(MINIMAL), str(bad)]) == 2


def test_every_shipped_scenario_validates_from_the_cli(capsys):
    assert main(["validate", *map(str, SHIPPED)]) == 0


def test_schema_is_json_that_names_every_top_level_section(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"group", "members", "employees", "needs", "secondments", "history", "pins", "travel"} <= set(
        schema["properties"]
    )
