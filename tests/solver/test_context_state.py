"""The variables container is the only way to the model's variables and to what modules share."""

from __future__ import annotations

from pathlib import Path

from engine.solver.model.context import Context
from engine.solver.model.instance import Instance
from engine.solver.options import SolveOptions
from engine.solver.rules import assignment
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, need, scenario
from tests.solver.source_scan import attributes_read

ROOT = Path(__file__).resolve().parents[2]
CONTAINER = ROOT / "engine" / "solver" / "model" / "context.py"
RAW = {"x", "_x", "extras"}  # the literals' raw dictionaries and the string-keyed state there was


def raw_reads(path: Path) -> list[str]:
    return attributes_read(path, RAW)


def test_no_module_reads_the_literals_or_shared_state_but_through_the_container() -> None:
    found = [
        hit
        for package in ("engine/solver", "engine/benchmarks")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != CONTAINER
        for hit in raw_reads(path)
    ]
    assert found == []


def test_the_scan_sees_a_raw_read(tmp_path: Path) -> None:
    module = tmp_path / "raw.py"
    module.write_text("def f(ctx):\n    return ctx.x[0]\n")
    assert raw_reads(module) == ["raw.py:2 .x"]


def test_every_literal_is_reachable_by_employee_by_occurrence_and_by_day() -> None:
    sc = scenario(
        [employee("e"), employee("f")],
        [need("a", "08:00", "12:00", [day(2), day(3)]), need("b", "14:00", "18:00", [day(2)])],
    )
    ctx = Context(Instance(sc, *month_bounds("2026-03")), SolveOptions())
    assignment.build(ctx)
    triples = list(ctx.all_assigned())
    assert len(triples) == ctx.count_assigned() == 6
    for s, i, lit in triples:
        staff = ctx.inst.staff[s]
        assert ctx.assigned(staff, i) is lit
        assert ctx.literals(staff)[i] is lit
        assert (s, lit) in ctx.by_occ[i]
        assert i in ctx.day_occs(staff, ctx.inst.occs[i].day)
