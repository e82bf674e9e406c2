"""Why an occurrence stays unfilled, in words a manager can act on (French), with the articles.

Computed after the solve, for each qualified employee: why could they not take it — no skill, out of
reach, absent or out of contract, or which legal limit the plan's other assignments leave no room in.
Every hard rule module says itself how it blocks one more shift and in which words (`blocks`, `LIMITS`
in `engine.solver.rules`); `blocking` asks each in turn, so no rule of the model is silent here, and the
greedy first plan and the pins' check ask the same. When someone could have taken it: a cost trade-off
if the plan is proven optimal (`cost`), otherwise the search stopped before proving it (`time`), and the
manager is told that more time may cover it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from engine.solver.model import instance as I
from engine.solver.model.instance import Instance, Occ, Staff

Blocks = Callable[[Instance, Staff, Occ, list[Occ]], str | None]

STATIC_ABSENCE = {I.ABSENT, I.OUT_OF_CONTRACT}


@cache
def _rules() -> tuple[tuple[Blocks, ...], dict[str, tuple[str, tuple[str, ...]]]]:
    """The rule modules' checks, in the model's order, and every code's label and articles."""
    from engine.solver.rules import hard_rules

    checks: list[Blocks] = []
    limits: dict[str, tuple[str, tuple[str, ...]]] = {}
    for module in hard_rules():
        if module.blocks is not None:
            checks.append(module.blocks)
        for code, limit in module.LIMITS.items():
            if code in limits:
                raise RuntimeError(f"reason code {code!r} is defined twice ({module.__name__})")
            limits[code] = limit
    return tuple(checks), limits


def limit_of(code: str) -> tuple[str, tuple[str, ...]]:
    """A code's French label and articles, as the rule module that gives it defines them."""
    limits = _rules()[1]
    if code not in limits:
        raise KeyError(f"reason code {code!r} has no label: add it to its rule module's LIMITS")
    return limits[code]


def describe(code: str) -> str:
    """A limit in words with its articles: « repos quotidien de 11 h, L3131-1 »."""
    label, articles = limit_of(code)
    return ", ".join([label, *articles])


def blocking(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The first limit the employee's planned shifts (`mine`) leave no room in for `occ`, or None."""
    for check in _rules()[0]:
        code = check(inst, staff, occ, mine)
        if code is not None:
            return code
    return None


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    limits: list[str]


def french_list(names: list[str], shown: int = 4) -> str:
    """« A », « A et B », « A, B et C », « A, B, C, D et 3 autres »."""
    if len(names) > shown + 1:
        rest = len(names) - shown
        return f"{', '.join(names[:shown])} et {rest} autres"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} et {names[-1]}"


def explain(inst: Instance, occ: Occ, worked: dict[int, list[Occ]], *, proven: bool = False) -> Reason:
    """Reason for an unfilled occurrence, given each employee's worked occurrences in the plan; `proven`
    says whether the plan is proven optimal (then an unfilled head someone could take is a cost choice)."""
    qualified = [s for s in inst.staff if _qualified(s, occ)]
    if not qualified:
        skill = occ.source.skill
        return Reason("no_skill", f"Personne dans le groupement n'a la compétence « {skill} ».", [])
    static = {s.index: inst.ineligibility(s, occ) for s in qualified}
    reachable = [s for s in qualified if static[s.index] != I.OUT_OF_REACH]
    if not reachable:
        return Reason(
            "out_of_reach",
            f"Les {len(qualified)} salariés qualifiés habitent hors de leur rayon de déplacement : "
            "élargir le rayon ou recruter près du site."
            if len(qualified) > 1
            else "Le seul salarié qualifié habite hors de son rayon de déplacement : élargir le rayon ou "
            "recruter près du site.",
            [],
        )
    if all(static[s.index] in STATIC_ABSENCE for s in reachable):
        names = ", ".join(s.employee.name for s in reachable)
        return Reason("absent", f"Tous les salariés qualifiés sont absents ou hors contrat : {names}.", [])
    site_rule = _site_rule(inst, occ, {static[s.index] for s in reachable})
    if site_rule is not None:
        return site_rule
    blocked: list[tuple[Staff, str]] = []
    free: list[Staff] = []
    for s in reachable:
        code = static[s.index]
        if code is None:
            code = blocking(inst, s, occ, worked.get(s.index, []))
        if code is None:
            free.append(s)
        else:
            blocked.append((s, code))
    if free:
        who, verb = (
            french_list([s.employee.name for s in free]),
            "pourraient" if len(free) > 1 else "pourrait",
        )
        if proven:
            return Reason(
                "cost",
                f"Laissé non pourvu par arbitrage de coût (plan optimal prouvé) : {who} {verb} le prendre, "
                "mais cela coûterait davantage au groupement que le besoin non couvert.",
                [],
            )
        return Reason(
            "time",
            f"Non pourvu à l'issue du temps de calcul, sans preuve d'optimalité : {who} {verb} le prendre. "
            "Relancer avec plus de temps peut le couvrir, s'il ne s'agit pas d'un arbitrage de coût.",
            [],
        )
    counts = Counter(code for _, code in blocked)
    articles = sorted({a for code in counts for a in limit_of(code)[1]})
    details = "; ".join(f"{s.employee.name} ({describe(code)})" for s, code in blocked[:8])
    extra = len(blocked) - 8
    more = f" et {extra} {'autres' if extra > 1 else 'autre'}" if extra > 0 else ""
    legal = {c for c in counts if c not in STATIC_ABSENCE}
    code = "legal_limit" if legal else "absent"
    return Reason(
        code, f"Tous les salariés qualifiés sont indisponibles ou à une limite : {details}{more}.", articles
    )


def _site_rule(inst: Instance, occ: Occ, codes: set[str | None]) -> Reason | None:
    """One reason when the site itself rules the shift out for everyone (Sunday or night work it does
    not organise): what the manager can change is the site's derogation, not the staffing."""
    if len(codes) != 1:
        return None
    [code] = codes
    site = inst.site(occ.site)
    if code == I.SUNDAY_REST:
        text = (
            f"Le site {site.name} n'a pas de dérogation au repos dominical (L3132-3) : personne ne peut "
            "y travailler le dimanche (sunday_derogation sur le site si elle existe)."
        )
    elif code == I.NIGHT_SITE:
        text = (
            f"Le site {site.name} n'organise pas le travail de nuit (L3122-1) : personne ne peut y "
            "travailler sur la période de nuit (night_derogation sur le site s'il l'organise)."
        )
    else:
        return None
    return Reason("site_rule", text, list(limit_of(code)[1]))


def _qualified(staff: Staff, occ: Occ) -> bool:
    src = occ.source
    if src.reserved_for is not None:
        return src.reserved_for == staff.id
    return src.skill in staff.employee.skills
