"""French wording of the plan page: durations, clock times, statuses, skills.

Why a module: the page is read by French managers, and the small words are where a machine gives itself
away — "FEASIBLE" or `comptabilite` where a French label is due, "14:00" where a schedule says "14h". Each
rule of the language lives here once; months and dates ("d'octobre", "1er octobre") are `engine.french`'s.
"""

from __future__ import annotations

import datetime as dt

from engine.french import date_long

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
