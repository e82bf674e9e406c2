"""`ge bench workspace`: the workspace's server-side times on a generated month (docs/benchmarks.md, ## Workspace).

A group of N employees and M members (`engine.generator`, seeded) is solved once (`--time-limit`; or the plan
is read from `--plan`, written by a previous run with `--save-plan`), stored in a fresh SQLite database with a
manager, and then, each `--repeat` times:
- board: `GET /app/mois/{month}` through the app (session cookie, database reads, `build_board`, template),
  i.e. what the server does before the first byte leaves: the first view with every cache empty (the page cache
  emptied: the group read, the view built and rendered), the views after it (api/pages/cache.py), the first
  view after a hand edit of the draft (a move stored through the page, not timed), the first view after an
  absence (one employee's absence stored through the page, not timed) and `build_board` alone;
- edit check: `engine.planedit.edit_plan` moving one assignment to another qualified employee (the
  incremental check of the two employees), next to the whole month's `check_plan` for comparison;
- who can take it: `engine.planedit.candidates` on one staffed occurrence in its holder's place, as the board
  asks it (every qualified employee checked, the legal ones priced).
Wall times (median and min) and process CPU time; run it under `flock /tmp/ge-bench.lock` and report the
load average with the figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "workspace",
        help="time the workspace's board, one edit check and 'qui peut le prendre'",
        description="Server-side times of the workspace on a generated month (board render: every cache "
        "empty, first view after a hand edit, after an absence, and again; one edit check; candidates for one occurrence).",
    )
    p.add_argument("--employees", type=int, default=200)
    p.add_argument("--members", type=int, default=60)
    p.add_argument("--month", default="2026-03")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds to solve the month (default 60)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--plan", type=Path, help="use this plan.json instead of solving")
    p.add_argument("--save-plan", type=Path, help="write the solved plan there (for later runs)")
    p.add_argument("--repeat", type=int, default=7)
    p.set_defaults(handler=run)


def timed(
    fn: Callable[[], Any], repeat: int, prepare: Callable[[], Any] | None = None
) -> tuple[list[float], float, Any]:
    """Wall seconds of each call, total process CPU seconds, and the last result (`prepare`, called before
    each call, is not timed)."""
    walls = []
    cpu = 0.0
    result = None
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpu += time.process_time() - cpu0
    return walls, cpu, result


def line(name: str, walls: list[float], cpu: float) -> str:
    return (
        f"{name:<34} median {statistics.median(walls) * 1000:8.1f} ms   min {min(walls) * 1000:8.1f} ms   "
        f"CPU/call {cpu / len(walls) * 1000:8.1f} ms"
    )


def run(args: argparse.Namespace) -> int:
    import warnings

    from engine.checker import check_plan
    from engine.generator import generate_scenario
    from engine.planedit import Edit, candidates, edit_plan
    from engine.report.board import build_board
    from engine.report.planfile import read_plan, write_plan
    from engine.solver import solve
    from engine.solver.options import SolveOptions

    scenario = generate_scenario(args.employees, args.members, seed=args.seed, month=args.month)
    if args.plan:
        plan = read_plan(args.plan)
    else:
        began = time.perf_counter()
        plan = solve(
            scenario,
            args.month,
            options=SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed),
        )
        print(f"solved {args.employees} x {args.members} in {time.perf_counter() - began:.1f} s")
        if args.save_plan:
            write_plan(plan, args.save_plan)
    print(f"{len(plan.assignments)} assignments, {sum(u.missing for u in plan.unfilled)} heads unfilled")

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client, plan_id = _serve(scenario, plan, Path(tmp) / "bench.db")
        from api.pages import cache

        client.get(f"/app/mois/{args.month}")  # templates compiled

        def cold() -> Any:
            cache.clear()  # as after any change to the group's data
            return client.get(f"/app/mois/{args.month}")

        walls, cpu, response = timed(cold, max(1, args.repeat // 2))
        assert response.status_code == 200, response.status_code
        print(line("board page, every cache empty", walls, cpu) + f"   {len(response.content) // 1024} KiB")
        walls, cpu, response = timed(lambda: client.get(f"/app/mois/{args.month}"), args.repeat)
        print(line("board page, again (same data)", walls, cpu))
        edits = _legal_moves(client, scenario, plan, plan_id, random.Random(args.seed), args.repeat)
        walls, cpu, response = timed(
            lambda: client.get(f"/app/mois/{args.month}"), args.repeat, prepare=lambda: next(edits)
        )
        assert response.status_code == 200, response.status_code
        print(line("board page, first view after an edit", walls, cpu) + "   (the edit itself not timed)")
        absences = _absences(client, scenario, response.text, random.Random(args.seed), args.repeat)
        walls, cpu, response = timed(
            lambda: client.get(f"/app/mois/{args.month}"), args.repeat, prepare=lambda: next(absences)
        )
        assert response.status_code == 200, response.status_code
        print(line("board page, first view after an absence", walls, cpu) + "   (the absence not timed)")
        walls, cpu, _ = timed(lambda: build_board(scenario, plan, []), args.repeat)
        print(line("board view alone (build_board)", walls, cpu))

    rng = random.Random(args.seed)
    moves = []
    for a in rng.sample(plan.assignments, min(len(plan.assignments), 50)):
        skill = scenario.need_by_id[a.need].skill if a.need in scenario.need_by_id else None
        others = [e.id for e in scenario.employees if skill in e.skills and e.id != a.employee]
        if others:
            moves.append(Edit("move", a.occurrence_id, employee=a.employee, to=rng.choice(others)))
    edits = iter(moves * (args.repeat + 1))
    walls, cpu, _ = timed(lambda: edit_plan(scenario, plan, next(edits)), args.repeat)
    print(line("one edit check (incremental)", walls, cpu))
    walls, cpu, _ = timed(lambda: check_plan(scenario, plan), max(1, args.repeat // 3))
    print(line("whole-month check (for comparison)", walls, cpu))
    # as the board asks it: who could take this shift in its holder's place (without a holder, a shift
    # already staffed has no legal taker: every one would be a head too many)
    asked = iter([(m.occurrence, m.employee) for m in moves] * (args.repeat + 1))

    def who_can_take_it() -> list[Any]:
        occurrence, holder = next(asked)
        return candidates(scenario, plan, occurrence, holder=holder)

    walls, cpu, found = timed(who_can_take_it, args.repeat)
    legal = sum(1 for c in found if c.legal)
    print(
        line("qui peut le prendre (one occurrence)", walls, cpu)
        + f"   last: {len(found)} qualified, {legal} legal"
    )
    return 0


def _legal_moves(client: Any, scenario: Any, plan: Any, plan_id: int, rng: random.Random, count: int) -> Any:
    """Yields `count` times after storing one accepted hand edit of the draft through the page (a move of a
    random assignment to another qualified employee; refused moves are tried again with another)."""
    import re

    for _ in range(count):
        for _attempt in range(500):
            a = rng.choice(plan.assignments)
            need = scenario.need_by_id.get(a.need)
            others = [
                e.id for e in scenario.employees if need and need.skill in e.skills and e.id != a.employee
            ]
            if not others:
                continue
            asked = {"occurrence": a.occurrence_id, "salarie": a.employee}
            form = client.get(f"/app/plans/{plan_id}/occurrence", params=asked)
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            if form.status_code != 200 or token is None:
                continue  # the assignment was moved by an earlier edit
            sent = {"action": "move", **asked, "vers": rng.choice(others), "csrf_token": token.group(1)}
            if client.post(f"/app/plans/{plan_id}/modifier", data=sent).status_code == 303:
                break
        else:
            raise RuntimeError("no accepted edit in 500 tries")
        yield


def _absences(client: Any, scenario: Any, page: str, rng: random.Random, count: int) -> Any:
    """Yields `count` times after storing, through the page, a one-day training absence of a different
    random employee on a random day of the month (a change to the group's data touching one employee)."""
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    month = scenario.month
    for emp in rng.sample(scenario.employees, count):
        day = f"{month}-{rng.randint(1, 28):02d}"
        sent = {
            "salarie": emp.id,
            "nature": "training",
            "debut": day,
            "fin": day,
            "csrf_token": token.group(1),
        }
        response = client.post("/app/donnees/absences", data=sent)
        assert response.status_code == 303, response.status_code
        yield


def _serve(scenario: Any, plan: Any, path: Path) -> tuple[Any, int]:
    """The app on a fresh SQLite database holding the group, the plan as a draft and a signed-in manager."""
    import re

    from fastapi.testclient import TestClient

    from api.main import create_app
    from persistence.accounts import create_user
    from persistence.db import make_engine, write_session
    from persistence.plans import save_draft
    from persistence.scenario_io import import_scenario
    from persistence.settings import Settings
    from persistence.tables import metadata

    engine = make_engine(f"sqlite:///{path.as_posix()}")
    metadata.create_all(engine)
    with write_session(engine) as session:
        group = import_scenario(session, scenario)
        assert group.id is not None
        row = save_draft(session, group.id, plan, source="solve")
        create_user(session, group.key, "bench@ge.test", "bench password", "manager")
        plan_id = row.id
    client = TestClient(create_app(Settings(), engine=engine), follow_redirects=False)
    form = client.get("/app/connexion").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    client.post(
        "/app/connexion", data={"email": "bench@ge.test", "password": "bench password", "csrf_token": token}
    )
    assert plan_id is not None
    return client, plan_id
