"""A legal first roster for a Curtois & Qu instance, built employee by employee, then improved the same way.

Why: on the year-long rosters (Instances 21–24) the first, full CP-SAT solve of the engine's model finds no
plan at all in 600 s, and on 8–20 its first plans are far from the best known; the neighbourhood search
(engine/benchmarks/lns.py) can only start from a plan. Every hard rule of these rosters concerns one employee
alone (days off, one shift a day, forbidden successions, maxima per shift type, total minutes, runs of worked
days and of days off, weekends); only the cover, which is soft, links employees. So a roster is legal exactly
when each employee's line is, and each line can be chosen by a small exact model of that employee alone:

- construction: employees one after another, each given the line of least cost against the cover left by
  those placed before (a person added to a (day, shift) costs its over weight when the cover is met, saves
  its under weight when it is not; requests count as they are), all of that employee's hard rules kept;
- improvement: the same single-employee re-solve with the employee's own line removed first (a "whole
  roster of one employee" neighbourhood), repeated while time is left and lines change.

The single-employee model is solved by CP-SAT with one worker; its rules are written from the benchmark's
README, the same reading as the independent evaluator (engine/benchmarks/curtois_eval.py), which checks the
result in the tests. The order of employees depends on their data only (never on ids or file order), so a
relabelled copy of an instance gets the same lines.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from engine.benchmarks.curtois import CurtoisInstance, RosterEntry, Staff


@dataclass
class StartSettings:
    seconds: float = 20.0  # whole budget: construction, then improvement passes while time is left
    employee_seconds: float = 2.0  # at most per single-employee solve
    seed: int = 1
    passes: int = 3  # improvement passes over all employees (stopped early when nothing changes)


@dataclass
class StartStats:
    construction_seconds: float = 0.0
    passes: int = 0
    changed: int = 0  # single-employee re-solves that lowered the cost


class _Costs:
    """Marginal cost of one more person on a (day, shift), given how many are there already."""

    def __init__(self, instance: CurtoisInstance) -> None:
        self.cover = {(c.day, c.shift): c for c in instance.cover}
        self.requests: Counter[tuple[str, int, str]] = Counter()
        for r in instance.on_requests:
            self.requests[r.employee, r.day, r.shift] -= r.weight
        for r in instance.off_requests:
            self.requests[r.employee, r.day, r.shift] += r.weight

    def of(self, emp: str, day: int, shift: str, staffed: int) -> int:
        cover = self.cover[day, shift]
        marginal = cover.over_weight if staffed >= cover.requirement else -cover.under_weight
        return marginal + self.requests.get((emp, day, shift), 0)


def employee_order(instance: CurtoisInstance) -> list[Staff]:
    """Most constrained first (fewest days available, most minutes to work), keyed by data, not ids."""
    off = instance.days_off

    def key(person: Staff) -> tuple[object, ...]:
        limits = tuple(sorted(person.max_shifts.values()))
        return (
            len(off.get(person.id, ())) * -1,
            -person.min_total_minutes,
            person.max_total_minutes,
            person.max_consecutive_shifts,
            -person.min_consecutive_shifts,
            -person.min_consecutive_days_off,
            person.max_weekends,
            limits,
            tuple(sorted(off.get(person.id, ()))),
        )

    return sorted(instance.staff, key=key)


def first_roster(
    instance: CurtoisInstance, settings: StartSettings | None = None
) -> tuple[list[RosterEntry], StartStats]:
    """A roster that keeps every hard rule, of low cost; raises ValueError when an employee has no legal line."""
    settings = settings or StartSettings()
    started = time.perf_counter()
    stats = StartStats()
    costs = _Costs(instance)
    staffed: Counter[tuple[int, str]] = Counter()
    lines: dict[str, dict[int, str]] = {}
    order = employee_order(instance)
    for k, person in enumerate(order):
        left = settings.seconds - (time.perf_counter() - started)
        # the construction must finish: each remaining employee gets a share, and at least a short solve
        budget = max(0.3, min(settings.employee_seconds, left / (len(order) - k)))
        line = _best_line(instance, person, costs, staffed, budget, settings.seed, None)
        if line is None:
            raise ValueError(f"employee {person.id!r} of {instance.name} has no legal roster line")
        lines[person.id] = line
        staffed.update((d, s) for d, s in line.items())
    stats.construction_seconds = round(time.perf_counter() - started, 3)
    for _ in range(settings.passes):
        changed = 0
        for person in order:
            left = settings.seconds - (time.perf_counter() - started)
            if left < 0.2:
                break
            old = lines[person.id]
            staffed.subtract((d, s) for d, s in old.items())
            before = line_cost(person, old, costs, staffed)
            line = _best_line(
                instance, person, costs, staffed, min(settings.employee_seconds, left), settings.seed, old
            )
            if line is not None and line_cost(person, line, costs, staffed) < before:
                lines[person.id] = line
                changed += 1
            staffed.update((d, s) for d, s in lines[person.id].items())
        stats.passes += 1
        stats.changed += changed
        if changed == 0 or settings.seconds - (time.perf_counter() - started) < 0.2:
            break
    roster = [(emp, d, s) for emp, line in lines.items() for d, s in line.items()]
    return sorted(roster, key=lambda r: (r[0], r[1])), stats


def _best_line(
    instance: CurtoisInstance,
    person: Staff,
    costs: _Costs,
    staffed: Counter[tuple[int, str]],
    seconds: float,
    seed: int,
    hint: dict[int, str] | None,
) -> dict[int, str] | None:
    """A legal line of low marginal cost: the day walk's, else the single-employee model's (from the hint)."""
    off = instance.days_off.get(person.id, frozenset())
    marginal = {
        (d, s): costs.of(person.id, d, s, staffed[d, s])
        for d, s in costs.cover
        if person.max_shifts.get(s, 1) > 0 and d not in off
    }
    line = _model_line(instance, person, marginal, seconds, seed, hint, patience=seconds)
    if line is not None:
        return line
    walked = _Walk(instance, person, marginal).line()
    if walked is not None and _within_maxima(person, walked):
        return walked
    return _model_line(instance, person, marginal, seconds, seed, walked or hint, patience=60.0)


def _within_maxima(person: Staff, line: dict[int, str]) -> bool:
    counts = Counter(line.values())
    return all(counts[shift] <= limit for shift, limit in person.max_shifts.items())


def line_cost(person: Staff, line: dict[int, str], costs: _Costs, staffed: Counter[tuple[int, str]]) -> int:
    """The marginal cost of a line against the cover `staffed` without it."""
    return sum(costs.of(person.id, d, s, staffed[d, s]) for d, s in line.items())


def _model_line(
    instance: CurtoisInstance,
    person: Staff,
    marginal: dict[tuple[int, str], int],
    seconds: float,
    seed: int,
    hint: dict[int, str] | None,
    *,
    patience: float,
) -> dict[int, str] | None:
    """The employee's line (day → shift) of least marginal cost that keeps all their hard rules, by CP-SAT;
    the time is doubled while no legal line is found, up to `patience` seconds."""
    model = cp_model.CpModel()
    horizon = instance.horizon
    minutes = {s.id: s.minutes for s in instance.shifts}
    x = {key: model.new_bool_var("") for key in marginal}
    works = []
    for day in range(horizon):
        today = [var for (d, _), var in x.items() if d == day]
        w = model.new_bool_var("")
        model.add(sum(today) == w) if today else model.add(w == 0)
        works.append(w)
    follow = {s.id: s.cannot_follow for s in instance.shifts}
    for (day, shift), var in x.items():
        for then in follow[shift]:
            nxt = x.get((day + 1, then))
            if nxt is not None:
                model.add_bool_or([var.Not(), nxt.Not()])
    for shift, limit in person.max_shifts.items():
        chosen = [var for (_, s), var in x.items() if s == shift]
        if chosen and limit < len(chosen):
            model.add(sum(chosen) <= limit)
    total = sum(minutes[s] * var for (_, s), var in x.items())
    model.add(total <= person.max_total_minutes)
    # The minimum of minutes is the rule a search struggles to meet (Instance 21: 115 of the 118 days the
    # runs and weekends allow); as a shortfall priced above any cover gain, every line is a solution from
    # the start and the search walks towards the minimum instead of looking for a first solution.
    unit = math.gcd(*minutes.values())
    shortfall = model.new_int_var(0, -(-person.min_total_minutes // unit), "")
    model.add(total + unit * shortfall >= person.min_total_minutes)
    model.add_automaton(works, 0, list(range(len(_run_states(person)))), _run_transitions(person))
    weekends = []
    for week in range(instance.weeks):
        days = [d for d in (7 * week + 5, 7 * week + 6) if d < horizon]
        flag = model.new_bool_var("")
        for d in days:
            model.add_implication(works[d], flag)
        weekends.append(flag)
    if person.max_weekends < len(weekends):
        model.add(sum(weekends) <= person.max_weekends)
    price = 1 + sum(abs(c) for c in marginal.values())
    model.minimize(price * shortfall + sum(marginal[key] * var for key, var in x.items()))
    if hint is not None:
        for (d, s), var in x.items():
            model.add_hint(var, 1 if hint.get(d) == s else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = seconds
    code = solver.solve(model)
    while not _met(solver, code, shortfall) and code != cp_model.OPTIMAL and 2 * seconds <= patience:
        seconds *= 2  # a legal line is needed: allow more time, from the line found
        solver.parameters.linearization_level = 2  # finds lines meeting a tight minimum of minutes sooner
        found = {key: solver.boolean_value(var) for key, var in x.items()}
        model.clear_hints()
        for key, var in x.items():
            model.add_hint(var, found[key])
        solver.parameters.max_time_in_seconds = seconds
        code = solver.solve(model)
    if not _met(solver, code, shortfall):
        return None
    return {d: s for (d, s), var in x.items() if solver.boolean_value(var)}


def _met(solver: cp_model.CpSolver, code: object, shortfall: cp_model.IntVar) -> bool:
    return code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.value(shortfall) == 0


def _run_states(person: Staff) -> list[tuple[str, int]]:
    """States of the runs automaton: ("start", 0); ("edge-off", 0) and ("edge-work", i), the first run, exempt
    from the minima; ("work", i) i days worked in a row; ("off", j) j days off in a row (j capped at the
    minimum)."""
    longest = person.max_consecutive_shifts
    rest = max(1, person.min_consecutive_days_off)
    return [
        ("start", 0),
        ("edge-off", 0),
        *(("edge-work", i) for i in range(1, longest + 1)),
        *(("work", i) for i in range(1, longest + 1)),
        *(("off", j) for j in range(1, rest + 1)),
    ]


def _run_transitions(person: Staff) -> list[tuple[int, int, int]]:
    """Runs of worked days at most MaxConsecutiveShifts long; runs of worked days at least
    MinConsecutiveShifts and of days off at least MinConsecutiveDaysOff long, except the first run (it touches
    the first day) and the last one (every state accepts: it touches the last day)."""
    states = _run_states(person)
    index = {state: k for k, state in enumerate(states)}
    longest = person.max_consecutive_shifts
    rest = max(1, person.min_consecutive_days_off)
    out: list[tuple[int, int, int]] = []

    def arc(state: tuple[str, int], label: int, target: tuple[str, int]) -> None:
        out.append((index[state], label, index[target]))

    arc(("start", 0), 1, ("edge-work", 1))
    arc(("start", 0), 0, ("edge-off", 0))
    arc(("edge-off", 0), 0, ("edge-off", 0))
    arc(("edge-off", 0), 1, ("work", 1))
    for i in range(1, longest + 1):
        if i < longest:
            arc(("edge-work", i), 1, ("edge-work", i + 1))
            arc(("work", i), 1, ("work", i + 1))
        arc(("edge-work", i), 0, ("off", 1))
        if i >= person.min_consecutive_shifts:
            arc(("work", i), 0, ("off", 1))
    for j in range(1, rest + 1):
        arc(("off", j), 0, ("off", min(rest, j + 1)))
        if j >= person.min_consecutive_days_off:
            arc(("off", j), 1, ("work", 1))
    return out


class _Walk:
    """A day walk of one employee's line by dynamic programming over (runs state, weekends used, this
    weekend worked), each worked day paid `price` per minute minus its marginal cost; the price is searched
    so that the line's minutes fall within the employee's range. Fast (no solver) and exact for the runs,
    days off and weekends; the shift of each worked day is then chosen run by run under the forbidden
    successions; maxima per shift type are only checked (`line_is_legal`), a line that breaks one is left
    to the single-employee model."""

    def __init__(self, instance: CurtoisInstance, person: Staff, marginal: dict[tuple[int, str], int]):
        self.instance, self.person = instance, person
        self.minutes = {s.id: s.minutes for s in instance.shifts}
        self.follow = {s.id: frozenset(s.cannot_follow) for s in instance.shifts}
        self.options: list[list[tuple[str, int]]] = [[] for _ in range(instance.horizon)]
        for (day, shift), cost in marginal.items():
            self.options[day].append((shift, cost))
        for options in self.options:
            options.sort()
        self.arcs: dict[int, list[tuple[int, int]]] = {}
        for source, label, target in _run_transitions(person):
            self.arcs.setdefault(source, []).append((label, target))

    def line(self) -> dict[int, str] | None:
        low, high = self.person.min_total_minutes, self.person.max_total_minutes
        bound = 1.0 + sum(abs(c) for opts in self.options for _, c in opts)
        price_low, price_high, price = -bound, bound, 0.0
        for _ in range(30):
            line = self._walk(price)
            total = None if line is None else self._total(line)
            if line is not None and total is not None and low <= total <= high:
                return line
            if total is None or total < low:
                price_low = price
            else:
                price_high = price
            price = (price_low + price_high) / 2
        return None

    def _total(self, line: dict[int, str]) -> int:
        return sum(self.minutes[s] for s in line.values())

    def _gain(self, shift: str, cost: int, price: float) -> float:
        return price * self.minutes[shift] - cost

    def _walk(self, price: float) -> dict[int, str] | None:
        instance, person = self.instance, self.person
        best_day = [max((self._gain(s, c, price) for s, c in opts), default=None) for opts in self.options]
        states: dict[tuple[int, int, int], float] = {(0, 0, 0): 0.0}
        back: list[dict[tuple[int, int, int], tuple[tuple[int, int, int], int]]] = []
        for day in range(instance.horizon):
            weekend = day % 7 >= 5 and day // 7 < instance.weeks
            gain = best_day[day]
            nxt: dict[tuple[int, int, int], float] = {}
            came: dict[tuple[int, int, int], tuple[tuple[int, int, int], int]] = {}
            for state, value in states.items():
                automaton, used, flag = state
                for label, target in self.arcs.get(automaton, ()):
                    if label == 1 and gain is None:
                        continue
                    new_used, new_flag = used, flag
                    if label == 1 and weekend and not flag:
                        new_used, new_flag = used + 1, 1
                        if new_used > person.max_weekends:
                            continue
                    if day % 7 == 6:
                        new_flag = 0
                    key = (target, new_used, new_flag)
                    total = value + (gain if label == 1 and gain is not None else 0.0)
                    if key not in nxt or total > nxt[key]:
                        nxt[key] = total
                        came[key] = (state, label)
            states = nxt
            back.append(came)
        if not states:
            return None
        state = max(states, key=lambda k: (states[k], k))
        worked: list[int] = []
        for day in range(instance.horizon - 1, -1, -1):
            state, label = back[day][state]
            if label == 1:
                worked.append(day)
        return self._shifts(sorted(worked), price)

    def _shifts(self, worked: list[int], price: float) -> dict[int, str] | None:
        """The best shift of each worked day, run by run, keeping the forbidden successions."""
        line: dict[int, str] = {}
        run: list[int] = []
        for day in [*worked, -2]:
            if run and day != run[-1] + 1:
                chosen = self._run_shifts(run, price)
                if chosen is None:
                    return None
                line.update(zip(run, chosen, strict=True))
                run = []
            run.append(day)
        return line

    def _run_shifts(self, run: list[int], price: float) -> list[str] | None:
        layers: list[dict[str, tuple[float, str | None]]] = []
        previous: dict[str, tuple[float, str | None]] = {}
        for k, day in enumerate(run):
            layer: dict[str, tuple[float, str | None]] = {}
            for shift, cost in self.options[day]:
                gain = self._gain(shift, cost, price)
                if k == 0:
                    layer[shift] = (gain, None)
                    continue
                sources = [(v, p) for p, (v, _) in previous.items() if shift not in self.follow[p]]
                if sources:
                    value, source = max(sources)
                    layer[shift] = (value + gain, source)
            if not layer:
                return None
            layers.append(layer)
            previous = layer
        shift = max(previous, key=lambda s: (previous[s][0], s))
        out = [shift]
        for k in range(len(run) - 1, 0, -1):
            parent = layers[k][out[-1]][1]
            assert parent is not None
            out.append(parent)
        return out[::-1]
