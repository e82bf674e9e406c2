"""The model under construction: decision variables in one container, and the cost book.

Rule modules and objective terms all receive a `Context` and read variables through its accessors
(`assigned(staff, occ)`, `works(staff, day)`, `day_terms(staff, day)`), never through raw dictionaries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from engine.model import Plan
from engine.solver.model.encoding import Lit
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.options import SolveOptions

Term = tuple[Any, int]  # (variable or literal, coefficient)
# A piece of work: (literal, first minute, end minute, False) worked whole when the literal is true, or
# (integer variable, earliest minute, end minute, True) whose value is the minutes worked inside that window
# (travel into a shift from whichever shift preceded it).
Piece = tuple[Any, int, int, bool]


@dataclass
class Pair:
    """Two assignments of one employee on one day that may follow each other directly.

    `lit` is forced true when both are worked and nothing lies between them (it may be true only then,
    since every use of it costs or consumes a limit).
    """

    first: int
    then: int
    lit: cp_model.IntVar
    travel_minutes: int
    travel_km_tenths: int
    idle: int  # minutes between them not spent travelling


@dataclass
class Travel:
    """Travel between two workplaces before an arrival: (variable, coefficient) for the minutes counted as
    work and for the km (tenths), both zero unless the shift before was at another site."""

    day: int
    minutes: Term
    km_tenths: Term


@dataclass
class CostBook:
    """Named objective terms in integer units (see SolveOptions.units_per_euro): variable parts and parts the data alone fixes."""

    terms: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    fixed: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, name: str, var: Any, cents: int) -> None:
        if cents:
            self.terms[name].append((var, cents))

    def add_fixed(self, name: str, cents: int) -> None:
        if cents:
            self.fixed[name] += cents

    def names(self) -> list[str]:
        return sorted(set(self.terms) | set(self.fixed))


class Context:
    """Instance + CP-SAT model + variables + costs, passed to every rule and objective module."""

    def __init__(
        self,
        instance: Instance,
        options: SolveOptions,
        *,
        published: Plan | None = None,
        today: object | None = None,
    ) -> None:
        self.inst = instance
        self.options = options
        self.model = cp_model.CpModel()
        self.costs = CostBook()
        self.published = published
        self.today = today
        n = len(instance.occs)
        self.x: list[dict[int, cp_model.IntVar]] = [{} for _ in instance.staff]
        self.by_occ: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(n)]
        self.by_day: list[dict[int, list[int]]] = [defaultdict(list) for _ in instance.staff]
        self._work: list[dict[int, Lit]] = [{} for _ in instance.staff]
        self.short: dict[int, cp_model.IntVar] = {}
        self.surplus: dict[int, cp_model.IntVar] = {}
        self.pairs: list[list[Pair]] = [[] for _ in instance.staff]
        self.travels: list[list[Travel]] = [[] for _ in instance.staff]
        self._pieces: list[dict[int, list[Piece]]] | None = None
        self.extras: dict[str, Any] = {}
        self._week_vars: dict[
            tuple[int, int], tuple[Any, int]
        ] = {}  # per-module state other modules may read (e.g. bands)

    # --- accessors ----------------------------------------------------------------------------------

    def assigned(self, staff: Staff, occ: Occ | int) -> cp_model.IntVar | None:
        """The literal "this employee works this occurrence", None when they cannot."""
        index = occ if isinstance(occ, int) else occ.index
        return self.x[staff.index].get(index)

    def day_occs(self, staff: Staff, day: int) -> list[int]:
        """Occurrences starting that day this employee may work, by start."""
        return self.by_day[staff.index].get(day, [])

    def works(self, staff: Staff, day: int) -> Lit:
        """Literal "works on day" (a shift starts that day); a constant outside the horizon."""
        if day < 0:
            return staff.past_worked(day) or 0
        return self._work[staff.index].get(day, 0)

    def works_known(self, staff: Staff, day: int) -> Lit | None:
        """Like `works`, but None where the day is outside the horizon and the history is silent."""
        if day < 0:
            return staff.past_worked(day)
        if day >= self.inst.horizon.n_days:
            return None
        return self._work[staff.index].get(day, 0)

    def set_works(self, staff: Staff, day: int, lit: Lit) -> None:
        self._work[staff.index][day] = lit

    def day_terms(self, staff: Staff, day: int) -> list[Term]:
        """Working minutes of a day as (literal, minutes): shifts, and travel counted as work."""
        return [(var, 1 if amount else hi - lo) for var, lo, hi, amount in self.day_pieces(staff, day)]

    def day_pieces(self, staff: Staff, day: int) -> list[Piece]:
        """Pieces of work of a working day as (literal, first minute, end minute): its shifts and the
        travel counted as work, each where it happens in time (weekly totals clip them at Monday 00:00)."""
        if self._pieces is None:
            raise RuntimeError("working-time pieces are built by rules.worktime, after the overlap rules")
        return self._pieces[staff.index].get(day, [])

    def set_pieces(self, pieces: list[dict[int, list[Piece]]]) -> None:
        self._pieces = pieces

    def week_minutes(self, staff: Staff, week_index: int) -> tuple[Any, int]:
        """(variable: the week's minutes in the horizon, upper bound), built once and shared by every
        weekly limit, band and window so that none repeats the week's terms."""
        key = (staff.index, week_index)
        cache = self._week_vars
        if key not in cache:
            terms = self.week_terms(staff, self.inst.horizon.weeks[week_index])
            top = upper(terms)
            if not terms:
                cache[key] = (0, 0)
            else:
                var = self.model.new_int_var(0, top, "")
                self.model.add(var == weighted(terms))
                cache[key] = (var, top)
        return cache[key]

    def week_terms(self, staff: Staff, week: list[int]) -> list[Term]:
        """Minutes of a legal week (Monday 00:00 to Monday 00:00, L3121-35) as (literal, minutes): a piece
        crossing Sunday midnight counts in each week for the minutes it has there, as the checker reads it
        (working days still own whole shifts for the daily maximum)."""
        h = self.inst.horizon
        lo, hi = h.midnight(week[0]), h.midnight(week[-1] + 1)
        merged: dict[int, list[Any]] = {}
        for d in range(week[0] - 1, week[-1] + 1):
            for lit, start, end, amount in self.day_pieces(staff, d):
                minutes = min(end, hi) - max(start, lo)
                if minutes <= 0:
                    continue
                if amount:
                    minutes = 1  # a variable amount of minutes: counted whole in each week it may touch
                key = id(lit)
                if key in merged:
                    merged[key][1] += minutes
                else:
                    merged[key] = [lit, minutes]
        return [(lit, minutes) for lit, minutes in merged.values()]

    def past_minutes(self, staff: Staff, week: list[int]) -> int:
        """Minutes of a legal week worked before the horizon (the history's recent shifts, clipped to the
        week: a Sunday-night shift before the horizon puts its Monday hours in the horizon's first week)."""
        h = self.inst.horizon
        lo, hi = h.midnight(week[0]), h.midnight(week[-1] + 1)
        return sum(max(0, min(f.end, hi) - max(f.start, lo)) for f in staff.fixed)

    def new_bool(self) -> cp_model.IntVar:
        return self.model.new_bool_var("")

    def new_int(self, lo: int, hi: int) -> cp_model.IntVar:
        return self.model.new_int_var(lo, hi, "")


def weighted(terms: list[Term]) -> cp_model.LinearExpr:
    if not terms:
        return cp_model.LinearExpr.sum([])
    return cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])


def upper(terms: list[Term]) -> int:
    """Largest value of a sum of non-negative variables (literals are 0/1, integers up to their domain)."""
    return sum(c * var_max(v) for v, c in terms if c > 0)


def var_max(var: Any) -> int:
    if isinstance(var, int):
        return var  # a constant
    if getattr(var, "is_boolean", True):
        return 1  # a literal (negated literals have no domain of their own)
    domain = var.proto.domain
    return int(domain[len(domain) - 1])
