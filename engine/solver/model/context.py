"""The model under construction: decision variables in one container, and the cost book.

Rule modules and objective terms all receive a `Context` and read variables through its accessors
(`assigned(staff, occ)`, `literals(staff)`, `works(staff, day)`, `day_terms(staff, day)`), never through
raw dictionaries. What one module builds for others to read has a typed field here (`night_status`,
`travel_in`, `home_travel`, `loan_shortfall`, `bands`, `regulars`, ...), never a string key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
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
class Bands:
    """A week's minutes split at the legal thresholds (variables, in minutes): `rules.worktime.bands`."""

    total: cp_model.LinearExpr  # horizon minutes + history minutes of the week
    horizon_total: cp_model.LinearExpr
    base: cp_model.IntVar
    low: cp_model.IntVar  # complementary within the tenth / overtime at the first rate
    high: cp_model.IntVar  # complementary beyond the tenth / overtime at the second rate
    part_time: bool


@dataclass
class Regulars:
    """One recurring need's choice of regulars (`objective.continuity`), kept for `hint_regulars`."""

    need: str
    occurrences: list[int]
    regular: dict[int, Any]  # staff index → its literal
    held: dict[int, int]  # staff index → occurrences served outside the model (a neighbourhood's)
    newcomer: dict[int, bool]  # chosen but did not serve it last month: one change more
    room: int  # regulars at most


@dataclass
class LoanShortfall:
    """Days a days-per-week loan leaves ungiven in a week (`rules.loans`), priced by `objective.cover`."""

    short: cp_model.IntVar
    per_day: int  # units a day not given costs
    occurrences: list[int]


@dataclass
class TravelIn:
    """Travel into a shift counted as work (`rules.overlap`), read by `rules.worktime` as a piece of the day:
    an integer variable of minutes placed just before the shift, inside [earliest, end)."""

    minutes: cp_model.IntVar
    day: int
    earliest: int
    end: int


@dataclass
class HomeLeg:
    """A leg from or to home counted as work (`rules.worktime`), priced by `objective.travel`."""

    lit: Lit
    minutes: int
    km_tenths: int


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
        self._x: list[dict[int, cp_model.IntVar]] = [{} for _ in instance.staff]
        self.by_occ: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(n)]
        self.by_day: list[dict[int, list[int]]] = [defaultdict(list) for _ in instance.staff]
        self._work: list[dict[int, Lit]] = [{} for _ in instance.staff]
        self.short: dict[int, cp_model.IntVar] = {}
        self.surplus: dict[int, cp_model.IntVar] = {}
        self.pairs: list[list[Pair]] = [[] for _ in instance.staff]
        self.travels: list[list[Travel]] = [[] for _ in instance.staff]
        self._pieces: list[dict[int, list[Piece]]] | None = None
        self._week_vars: dict[tuple[int, int], tuple[Any, int]] = {}
        # what one module builds for others to read, by staff index where per employee
        self.night_status: dict[int, Lit] = {}  # rules.night_worker → daily_max, rolling_average
        self.travel_in: dict[int, list[TravelIn]] = defaultdict(list)  # rules.overlap → rules.worktime
        self.home_travel: dict[int, list[HomeLeg]] = {}  # rules.worktime → objective.travel
        self.loan_shortfall: list[LoanShortfall] = []  # rules.loans → objective.cover
        self.bands: dict[tuple[int, int], Bands | None] = {}  # rules.worktime, by (staff, week index)
        self.kind_index: dict[int, dict[tuple[int, str], list[Any]]] = {}  # rules.sequences
        self.weekends: dict[int, list[Any]] = {}  # rules.sequences → objective.fairness
        self.regulars: list[Regulars] = []  # objective.continuity

    # --- accessors ----------------------------------------------------------------------------------

    def assigned(self, staff: Staff, occ: Occ | int) -> cp_model.IntVar | None:
        """The literal "this employee works this occurrence", None when they cannot."""
        index = occ if isinstance(occ, int) else occ.index
        return self._x[staff.index].get(index)

    def literals(self, staff: Staff | int) -> Mapping[int, cp_model.IntVar]:
        """The employee's assignment literals by occurrence index, in the order they were made (by start)."""
        return self._x[staff if isinstance(staff, int) else staff.index]

    def all_assigned(self) -> Iterator[tuple[int, int, cp_model.IntVar]]:
        """Every assignment literal as (staff index, occurrence index, literal), employee by employee."""
        for s, lits in enumerate(self._x):
            for i, lit in lits.items():
                yield s, i, lit

    def count_assigned(self) -> int:
        """How many assignment literals the model has (candidate pairs)."""
        return sum(len(lits) for lits in self._x)

    def add_assigned(self, staff: Staff, occ: Occ) -> cp_model.IntVar:
        """A new literal "this employee works this occurrence" (`rules.assignment`), filed by occurrence and
        by day."""
        lit = self.model.new_bool_var("")
        self._x[staff.index][occ.index] = lit
        self.by_occ[occ.index].append((staff.index, lit))
        self.by_day[staff.index][occ.day].append(occ.index)
        return lit

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
