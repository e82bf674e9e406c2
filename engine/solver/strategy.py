"""Every option of a solve decided in one place.

`SolveOptions` leaves seven choices at None (or on) by default; each is decided here, from the options and
the month's size and shape, so that every caller (CLI, jobs, API, benchmarks) gets the same behaviour
without knowing about it, and so that each decision has one test (tests/solver/test_strategy.py):

| option                 | decided by                                  | None (the default) means                  |
|------------------------|---------------------------------------------|-------------------------------------------|
| `neighbourhood_search` | `neighbourhoods_considered`, `neighbourhoods`| above `LARGE_PAIRS` candidate pairs, where |
|                        |                                             | pins and sequence rules included          |
| `greedy_hint` (bool)   | `greedy_applies`, `greedy_hint`,            | on, where the greedy can be legal (else a |
|                        | `first_plan_by_rosters`                     | large month starts from whole rosters)    |
| `guided`               | `guided`, `guided_whole_month`              | with a wall-time limit and the bound on;  |
|                        |                                             | whole months up to `GUIDED_MAX_PAIRS`     |
| `relaxation_bound`     | `bound_reported`, `bound_solved`,           | with a wall-time limit (large months: up  |
|                        | `large_month_bound`                         | to `RELAXATION_MAX_PAIRS`)                |
| `fill`                 | `fill_after_search`, `fill_between_moves`   | on                                        |
| `light_presolve`       | `light_presolve`                            | above `LIGHT_PRESOLVE_ABOVE` variables    |
| `lns_only`             | `lns_only`                                  | hinted models above `LIGHT_PRESOLVE_ABOVE`|

Nothing here searches or builds: the pipeline (`engine.solver.pipeline`) and the searches
(`engine.solver.search`) ask, and act on the answer.
"""

from __future__ import annotations

from engine.solver.model.instance import Instance
from engine.solver.options import SolveOptions

LIGHT_PRESOLVE_ABOVE = 20_000  # model variables; a 50-employee month has about 45,000
# candidate pairs; a 50-employee generated month has ~12,000, a 200-employee one ~190,000
LARGE_PAIRS = 60_000
# whole months up to this many candidate pairs are guided by a relaxation solved first; larger ones are
# large months (engine.solver.search.large, which steers its own second plan); one that is not (pins, or
# asked for) goes unguided, since its relaxations would take most of the limit (200 x 60: 14 s and 13-22 s)
GUIDED_MAX_PAIRS = 60_000
RELAXATION_MAX_PAIRS = 300_000  # 200 x 60 has ~190,000 (LP in ~14 s); 500 x 150 ~1.1 M (not solved in 3 min)


def wall_clock(options: SolveOptions) -> bool:
    """Whether the solve has a wall-time limit and is not a deterministic run: where work whose time
    cannot be made reproducible (a linear relaxation) may be added by default."""
    return options.time_limit is not None and options.deterministic_time is None


# --- how a month is searched --------------------------------------------------------------------------


def neighbourhoods_considered(options: SolveOptions, *, restricted: bool) -> bool:
    """Whether a month may be solved by neighbourhoods at all (before its instance is built): not when
    turned off, nor for a solve with assignments fixed by its caller (`restricted`), which is one model.
    Pins, a published plan and restricted candidates do not stop it: every neighbourhood keeps them."""
    return not restricted and options.neighbourhood_search is not False


def neighbourhoods(inst: Instance, options: SolveOptions) -> bool:
    """Whether to solve this month by neighbourhoods (engine.solver.search.large): asked for, or a large
    month (`LARGE_PAIRS` candidate pairs), whatever its rules and pins (`first_plan_by_rosters` says
    where the first plan comes from; every neighbourhood keeps the pins and the sequence rules)."""
    if options.neighbourhood_search is False:
        return False
    return bool(options.neighbourhood_search) or inst.candidate_pairs() > LARGE_PAIRS


def first_plan_by_rosters(inst: Instance) -> bool:
    """Whether a large month's first plan is made of whole rosters, a few employees at a time
    (engine.solver.search.rosters), instead of the greedy's: where the greedy cannot be legal."""
    return not greedy_applies(inst)


def greedy_applies(inst: Instance) -> bool:
    """Whether the greedy can be legal here: it does not know the general sequence rules (minimum runs,
    weekends, successions, per-kind and total minutes), so on rosters that use them (the Curtois benchmark)
    its plan would be refused by the model after a long construction; it is then skipped."""
    for staff in inst.staff:
        r = staff.rules
        if (
            (r.min_consecutive_days or 0) > 1
            or (r.min_consecutive_days_off or 0) > 1
            or r.max_weekends is not None
            or r.forbidden_successions
            or r.max_shifts_per_kind
            or r.min_total_minutes
            or r.max_total_minutes is not None
        ):
            return False
    return True


def greedy_hint(inst: Instance, options: SolveOptions) -> bool:
    """Whether a model's warm start is the greedy plan: asked for (`greedy_hint`, on by default), no plan
    given as the hint, and the greedy can be legal here."""
    return options.hint is None and options.greedy_hint and greedy_applies(inst)


def guided(options: SolveOptions) -> bool:
    """Whether to solve the relaxation before the search and let it steer the greedy: `options.guided`,
    else (None) whenever the search has a wall-time limit and the bound is not turned off, not in
    deterministic runs (their relaxation would have no time limit)."""
    if options.guided is not None:
        return options.guided
    return options.relaxation_bound is not False and wall_clock(options)


def guided_whole_month(inst: Instance, options: SolveOptions) -> bool:
    """Whether the build guides a whole month's greedy (`guided`, up to `GUIDED_MAX_PAIRS`)."""
    return guided(options) and inst.candidate_pairs() <= GUIDED_MAX_PAIRS


def fill_after_search(options: SolveOptions, *, restricted: bool) -> bool:
    """Whether the heads a whole-month search left open are offered to their candidates afterwards (not
    after a restricted solve: candidate pairs, pins, a published plan)."""
    return not restricted and options.fill is not False


def fill_between_moves(options: SolveOptions) -> bool:
    """Whether a large month's search fills its open heads after each improving move."""
    return options.fill is not False


# --- the bound --------------------------------------------------------------------------------------


def bound_reported(options: SolveOptions) -> bool:
    """Whether a plan reports the linear relaxation's bound at all (`relaxation_bound` not False)."""
    return options.relaxation_bound is not False


def bound_solved(options: SolveOptions) -> bool:
    """Whether the relaxation is solved for the bound when nothing solved it before the search: asked
    for, or (None) with a wall-time limit, not in deterministic runs."""
    if options.relaxation_bound is not None:
        return options.relaxation_bound
    return wall_clock(options)


def large_month_bound(inst: Instance, options: SolveOptions) -> bool:
    """Whether a large month solves its relaxation for the bound (`bound_solved`; by default not above
    `RELAXATION_MAX_PAIRS` candidate pairs, where building the LP alone would outlast the limit)."""
    if not bound_solved(options):
        return False
    return options.relaxation_bound is not None or inst.candidate_pairs() <= RELAXATION_MAX_PAIRS


# --- CP-SAT's parameters ------------------------------------------------------------------------------


def light_presolve(options: SolveOptions, *, variables: int) -> bool:
    """The option when set, else light presolve for large models (see SolveOptions)."""
    if options.light_presolve is not None:
        return options.light_presolve
    return variables > LIGHT_PRESOLVE_ABOVE


def lns_only(options: SolveOptions, *, hinted: bool, variables: int) -> bool:
    """The option when set, else LNS only on large GE months started from a hint: there CP-SAT's single
    full-problem LP worker (with 2 workers) spends the whole limit on the root LP and finds nothing, while
    its neighbourhood workers improve the plan (generated 50 x 20 at 30 s, seeds 1-3: 29,827-31,166 EUR
    against 33,429-34,023 EUR with the default portfolio). Never on small models (they are solved to
    optimality) nor without a hint (the Curtois rosters, where the LP worker proves optima)."""
    if options.lns_only is not None:
        return options.lns_only
    return hinted and variables > LIGHT_PRESOLVE_ABOVE
