"""`ge bench import` on a small group: the import, the export and the member's feed it measures behave as
it reports (the body kept after an unrelated change, the new name after a related one)."""

from __future__ import annotations

import json

import pytest

from ge.cli import main


@pytest.mark.slow
def test_bench_import_reports_a_kept_feed_and_a_re_rendered_one(capsys):
    assert main(["bench", "import", "--employees", "30", "--members", "8", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [run] = report["runs"]
    assert run["database"] == "sqlite" and run["assignments"] > 0 and run["member_events"] > 0
    assert run["feed_unrelated_kept"] is True
    assert run["feed_related_shows_it"] is True
    assert run["scenario_bytes"] > 0
