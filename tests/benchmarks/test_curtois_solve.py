"""The engine's own solver on Curtois instances, every roster re-scored by the independent evaluator."""

from __future__ import annotations

import json

from engine.benchmarks.curtois import read_instance, read_roster_csv
from engine.benchmarks.curtois_domain import DEFAULT_START, horizon_end, roster_from_plan, to_scenario
from engine.benchmarks.curtois_eval import evaluate
from engine.solver import SolveOptions, solve_outcome
from ge.cli import main
from tests.benchmarks.conftest import DATA, curtois_file

# Deterministic: one worker, a fixed seed, no wall-clock limit (a deterministic one as a safety net).
OPTIONS = SolveOptions(time_limit=None, deterministic_time=120.0, workers=1, seed=1, units_per_euro=1)


def solve_instance(path):
    instance = read_instance(path)
    outcome = solve_outcome(
        to_scenario(instance), start=DEFAULT_START, end=horizon_end(instance), options=OPTIONS
    )
    roster = roster_from_plan(instance, outcome.plan)
    return outcome, evaluate(instance, roster), roster


def test_instance_one_is_solved_to_its_proven_optimum():
    outcome, evaluation, _ = solve_instance(curtois_file(1))
    assert outcome.status == "OPTIMAL"
    assert evaluation.violations == []
    assert evaluation.objective == 607


def test_solver_cost_is_the_independent_evaluators_objective():
    outcome, evaluation, _ = solve_instance(DATA / "tiny.txt")
    assert evaluation.violations == []
    assert outcome.plan.solver is not None
    assert outcome.plan.solver.objective == evaluation.objective


def test_tiny_instance_reaches_the_optimum_of_a_separate_model():
    # 4 is the optimum found by a separate direct CP-SAT model of the benchmark (only B's off-request
    # on day 1 is paid); the engine's model must agree.
    outcome, evaluation, _ = solve_instance(DATA / "tiny.txt")
    assert outcome.status == "OPTIMAL"
    assert evaluation.objective == 4


def test_relabelled_copy_solves_alike_with_its_own_ids():
    outcome, evaluation, roster = solve_instance(DATA / "tiny_crlf_relabelled.txt")
    assert outcome.status == "OPTIMAL" and evaluation.objective == 4 and evaluation.violations == []
    assert {e for e, _, _ in roster} <= {"nurse 1", "B"}
    assert {s for _, _, s in roster} <= {"early shift", "L"}


def test_bench_command_writes_the_roster_and_a_json_line(tmp_path, capsys):
    code = main(
        [
            "bench", "curtois", str(DATA / "tiny.txt"), "--workers", "1", "--seed", "1",
            "--deterministic-time", "30", "--out", str(tmp_path), "--json", "--in-process",
        ]
    )  # fmt: skip
    assert code == 0
    row = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert row["instance"] == "tiny" and row["objective"] == 4 and row["violations"] == 0
    assert row["optimal"] is True and row["best_known"] is None
    roster = read_roster_csv(tmp_path / "tiny.csv")
    assert evaluate(read_instance(DATA / "tiny.txt"), roster).objective == 4


def test_evaluate_only_scores_an_existing_roster_without_solving(tmp_path, capsys):
    (tmp_path / "tiny.csv").write_text("employee,day,shift\nA,3,E\n")
    code = main(
        ["bench", "curtois", str(DATA / "tiny.txt"), "--out", str(tmp_path), "--evaluate-only", "--json"]
    )
    row = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 1  # a hard violation fails the command
    assert row["violations"] >= 1 and row["objective"] is not None


def test_missing_instance_file_is_an_input_error(tmp_path, capsys):
    assert main(["bench", "curtois", str(tmp_path / "none.txt")]) == 2
    assert "file not found" in capsys.readouterr().err
