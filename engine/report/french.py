"""French wording of the plan page: months with their elision, dates, clock times, statuses, skills.

Why a module: the page is read by French managers, and the small words are where a machine gives itself
away — "Planning de octobre" instead of "d'octobre", "1 octobre" instead of "1er octobre", "FEASIBLE" or
`comptabilite` where a French label is due. Each rule of the language lives here once.
"""

from __future__ import annotations

import datetime as dt

from engine.billing.render import MONTHS_FR
from engine.checker.fmt import WEEKDAYS_FR
from engine.timeutil import parse_month

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæh")
"""Initial letters before which « de » elides to « d' » (the months concerned: avril, août, octobre)."""

PLAN_STATUS = {"draft": "brouillon", "published": "publié", "superseded": "remplacé"}

SOLVER_STATUS = {
    "OPTIMAL": "optimal (prouvé)",
    "FEASIBLE": "réalisable, optimalité non prouvée",
    "INFEASIBLE": "aucun plan légal possible",
    "MODEL_INVALID": "modèle invalide",
    "UNKNOWN": "aucun plan trouvé dans le temps imparti",
}

SKILLS = {
    "comptabilite": "comptabilité",
    "paie": "paie",
    "rh": "ressources humaines",
    "qualite": "qualité",
    "hse": "hygiène, sécurité, environnement",
    "maintenance": "maintenance",
    "electricite": "électricité",
    "soudure": "soudure",
    "automatisme": "automatismes",
    "logistique": "logistique",
    "secretariat": "secrétariat",
    "informatique": "informatique",
    "direction": "direction",
    "finance": "finance",
    "vendange": "vendanges",
    "cueillette": "cueillette",
    "taille": "taille",
    "tracteur": "conduite de tracteur",
    "conduite": "conduite d'engins",
    "cariste": "cariste",
    "nettoyage": "nettoyage",
    "accueil": "accueil",
}
"""Labels of the skill ids used by the shipped and generated scenarios; others are shown as written, with
underscores as spaces (a scenario's own ids are the group's words)."""


def of_month(month: str) -> str:
    """`2026-10` → `d'octobre 2026`, `2026-03` → `de mars 2026`."""
    year, mon = parse_month(month)
    name = MONTHS_FR[mon - 1]
    prefix = "d'" if name[0] in VOWELS else "de "
    return f"{prefix}{name} {year}"


def month_name(month: str) -> str:
    """`2026-10` → `octobre 2026`."""
    year, mon = parse_month(month)
    return f"{MONTHS_FR[mon - 1]} {year}"


def date_long(day: dt.date, *, weekday: bool = False, year: bool = True) -> str:
    """`2026-10-01` → `1er octobre 2026` (`jeudi 1er octobre 2026` with the weekday)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS_FR[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{WEEKDAYS_FR[day.weekday()]} {text}" if weekday else text


def duration(minutes: int) -> str:
    """`137400` → `2 290 h`, `630` → `10 h 30`, `-125` → `-2 h 05` (thousands set apart by a narrow space)."""
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    grouped = f"{hours:,}".replace(",", "\u202f")
    return f"{sign}{grouped} h {mins:02d}" if mins else f"{sign}{grouped} h"


def clock(moment: dt.datetime | dt.time) -> str:
    """`08:30` → `8h30`, `14:00` → `14h` (as French schedules write it)."""
    return f"{moment.hour}h{moment.minute:02d}" if moment.minute else f"{moment.hour}h"


def span(start: dt.datetime, end: dt.datetime) -> str:
    """`8h30–12h30`."""
    return f"{clock(start)}–{clock(end)}"


def instant(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """`2026-12-07T16:14Z` → `7 décembre 2026 à 17h14` (in the group's zone)."""
    local = moment.astimezone(tz)
    return f"{date_long(local.date())} à {clock(local)}"


def skill_label(skill: str) -> str:
    return SKILLS.get(skill, skill.replace("_", " "))


def solver_status(status: str) -> str:
    return SOLVER_STATUS.get(status, "statut inconnu du solveur")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 infraction`, `2 infractions`, `0 infraction` (French: 0 and 1 are singular)."""
    return f"{count} {singular if count < 2 else plural_form or singular + 's'}"
