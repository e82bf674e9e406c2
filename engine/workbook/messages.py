"""The loader's findings in French, for the manager reading an import's report.

The checks themselves stay in one place (`engine.loader`, `engine.loader_checks`, the model's validators);
this module only rewords their messages, pattern by pattern, and turns a field path quoted inside a message
(« first at members[0].id ») into the cell it came from. A message no pattern knows is shown as the loader
wrote it, never dropped (tests/workbook/test_workbook_messages.py lists the messages an import produces).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

WHAT = {
    "member": "adhérent",
    "site": "site",
    "employee": "salarié",
    "need": "besoin",
    "secondment": "prêt",
    "agreement": "convention",
    "pricing profile": "profil tarifaire",
    "need or secondment": "besoin ou prêt",
    "place (a site id or home:<employee id>)": "lieu (un site ou home:<salarié>)",
}
FEMININE = {"agreement"}


def _unknown_word(what: str) -> str:
    """« adhérent inconnu », « convention inconnue »."""
    return f"{WHAT.get(what, what)} inconnu" + ("e" if what in FEMININE else "")


CONTRACT_KIND = {
    "cdd": "CDD",
    "seasonal": "saisonnier",
    "work_study": "d'alternance",
    "cdi_full_time": "CDI temps plein",
    "cdi_part_time": "CDI temps partiel",
    "forfait_jours": "forfait jours",
}
PATTERN_HINTS = {
    "a SIREN has exactly 9 digits": "un SIREN a exactement 9 chiffres",
    "a SIRET has exactly 14 digits": "un SIRET a exactement 14 chiffres (le SIREN puis 5 chiffres)",
    "an intra-EU VAT number": "un numéro de TVA intracommunautaire, ex. FR32123456789",
    "a French postcode has exactly 5 digits": "un code postal a exactement 5 chiffres",
    "write the month as YYYY-MM": "écrivez le mois AAAA-MM, ex. 2026-10",
    "an IDCC is 1 to 4 digits": "un IDCC a 1 à 4 chiffres, ex. 3248",
    "an IBAN starts with": "un IBAN commence par le code pays et 2 chiffres de contrôle, ex. FR76 3000 …",
    "a BIC has 8 or 11": "un BIC a 8 ou 11 lettres et chiffres",
    "a two-letter country code": "un code pays de deux lettres majuscules, ex. FR",
    "capital letters, digits or '-'": "majuscules, chiffres ou « - », au plus 10",
    "ids use letters": "un identifiant n'a que des lettres, chiffres, « _ », « . » ou « - » (sans espace), au plus 64",
}
RANGE_HINTS = {
    " (L3121-20: never more than 48 h in a week)": " (L3121-20 : jamais plus de 48 h par semaine)",
    " (gross euros per hour)": " (euros bruts par heure)",
    " (latitude in degrees, e.g. 45.07)": " (latitude en degrés, ex. 45,07)",
    " (longitude in degrees, e.g. 4.89)": " (longitude en degrés, ex. 4,89)",
    " (people needed at once)": " (personnes en même temps)",
}
RANGE_WORDS = {"at least": "au moins", "above": "plus de", "at most": "au plus", "below": "moins de"}

FIXED = {
    "required field is missing": "valeur obligatoire manquante",
    "must not be empty": "ne doit pas être vide",
    "end is before start": "la fin précède le début",
    "left_on is before joined_on": "la date de sortie précède la date d'adhésion",
    "created_on is after joined_on (a firm joins after it exists)": "la date de création suit la date d'adhésion (une entreprise adhère après sa création)",
    "siret does not start with the siren": "le SIRET ne commence pas par le SIREN",
    "hourly_wage above €500/h is not plausible": "un salaire horaire au-dessus de 500 €/h n'est pas plausible",
    "an absence longer than 400 days is not plausible; split it or end the contract": "une absence de plus de 400 jours n'est pas plausible ; découpez-la ou mettez fin au contrat",
    "a forfait_jours contract needs annual_days (at most 218 by agreement)": "un forfait jours demande ses jours par an (au plus 218 par accord)",
    "give weekly_hours (or annual_hours for an annualised contract)": "indiquez les heures par semaine (ou par an pour un contrat annualisé)",
    "an annualised contract needs annual_hours": "un contrat annualisé demande ses heures par an",
    "a part-time contract must stay below 35 h a week (L3123-1)": "un temps partiel reste sous 35 h par semaine (L3123-1)",
    "a full-time contract has at least 35 h a week; use cdi_part_time": "un temps plein compte au moins 35 h par semaine ; choisissez CDI temps partiel",
    "start and end are equal: the window is empty (use 00:00-24:00 for a full day)": "début et fin égaux : le créneau est vide (00:00 à 24:00 pour une journée entière)",
    "a weekly pattern needs from_date and until_date": "des jours de la semaine demandent les dates « Du » et « Au »",
    "until_date is before from_date": "la date « Au » précède la date « Du »",
    "give weekdays (with from_date and until_date) or explicit dates": "indiquez des jours (avec « Du » et « Au ») ou des dates ponctuelles",
    "dates lists the same day twice": "les dates ponctuelles citent deux fois le même jour",
    "headcount 0 only makes sense with a surplus_cost": "0 personne n'a de sens qu'avec un coût par personne en surnombre",
    "give weekdays or days_per_week": "indiquez des jours fixes ou un nombre de jours par semaine",
    "fewer weekdays than days_per_week": "moins de jours fixes que de jours par semaine",
    "end_time must be after start_time": "l'heure de fin doit suivre l'heure de début",
    "billed_share below 1 needs billing: below_cost (L8241-3)": "une part facturée sous 100 % demande la facturation « sous le coût » (L8241-3)",
    "a loan of staff needs the employee's written consent (L8241-2)": "un prêt de personnel demande l'accord écrit du salarié (L8241-2)",
    "mode 'coefficient' needs a coefficient (e.g. 1.87)": "le mode coefficient demande un coefficient (ex. 1,87)",
    "a coefficient below 1 bills under the gross wage": "un coefficient sous 1 facture moins que le salaire brut",
    "min_consecutive_days is above max_consecutive_days": "le minimum de jours d'affilée dépasse le maximum",
    "min_total_minutes is above max_total_minutes": "la durée totale minimale dépasse la maximale",
    "weekly_minutes holds more than 52 weeks": "plus de 52 semaines de minutes",
    "weekly_minutes must be between 0 and 10080 (a week)": "les minutes d'une semaine vont de 0 à 10080",
    "the host is the lender itself; a loan needs two different members": "l'adhérent d'accueil est le prêteur lui-même : un prêt relie deux adhérents différents",
    "a leg from a place to itself (always 0 km)": "un trajet d'un lieu vers lui-même (toujours 0 km)",
    "no skills: this employee can fill no need": "aucune compétence : ce salarié ne peut tenir aucun besoin",
    "no need of the scenario asks for any of these skills": "aucun besoin ne demande ces compétences",
    "a loan of staff longer than 3 years is not plausible": "un prêt de personnel de plus de 3 ans n'est pas plausible",
    "the loan runs outside the employee's contract": "le prêt déborde des dates du contrat du salarié",
}


def _q(text: str) -> str:
    """A Python repr ('x') as French quotes (« x »)."""
    return re.sub(r"'([^']*)'", r"« \1 »", text)


def _number(text: str) -> str:
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


def _date(text: str) -> str:
    return re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", text)


Rewrite = Callable[[re.Match[str]], str]
PATTERNS: list[tuple[re.Pattern[str], Rewrite]] = []


def pattern(regex: str) -> Callable[[Rewrite], Rewrite]:
    """Register a rewording of the messages the whole of `regex` matches (tried in order of registration)."""

    def register(rewrite: Rewrite) -> Rewrite:
        PATTERNS.append((re.compile(regex + r"$"), rewrite))
        return rewrite

    return register


def reword(regex: str, template: str) -> None:
    """Register a rewording that only places the message's groups in a French template (`{1}`: group 1)."""
    pattern(regex)(lambda m: template.format(m.group(0), *m.groups()))


@pattern(r"duplicate (.+?) id '(.+?)' \(first at (\S+)\); ids must be unique")
def _duplicate(m: re.Match[str]) -> str:
    return f"identifiant « {m.group(2)} » en double ({WHAT.get(m.group(1), m.group(1))}) : déjà utilisé en @@{m.group(3)}@@"


reword(
    r"id '(.+?)' is also a need id; give it another",
    "l'identifiant « {1} » est déjà celui d'un besoin : donnez-en un autre",
)


@pattern(r"unknown (.+?) '(.+?)' \(did you mean '(.+?)'\?\)")
def _unknown_hint(m: re.Match[str]) -> str:
    return f"{_unknown_word(m.group(1))} « {m.group(2)} » (vouliez-vous dire « {m.group(3)} » ?)"


@pattern(r"unknown (.+?) '(.+?)': the file defines none")
def _unknown_none(m: re.Match[str]) -> str:
    none = "aucune" if m.group(1) in FEMININE else "aucun"
    return f"{_unknown_word(m.group(1))} « {m.group(2)} » : le classeur n'en définit {none}"


@pattern(r"unknown (.+?) '(.+?)'")
def _unknown(m: re.Match[str]) -> str:
    return f"{_unknown_word(m.group(1))} « {m.group(2)} »"


reword(
    r"site '(.+?)' belongs to member '(.+?)', not '(.+?)'",
    "le site « {1} » appartient à l'adhérent « {2} », pas à « {3} »",
)


reword(
    r"site '(.+?)' belongs to '(.+?)', not to the host",
    "le site « {1} » appartient à « {2} », pas à l'adhérent d'accueil",
)


@pattern(r"employee '(.+?)' is employed by '(.+?)', not by the lender; set employees\[\]\.employer: (.+)")
def _loan_employer(m: re.Match[str]) -> str:
    employer = "le groupement" if m.group(2) == "the group" else f"« {m.group(2)} »"
    return (
        f"le salarié « {m.group(1)} » est employé par {employer}, pas par le prêteur : écrivez "
        f"« {m.group(3)} » dans sa colonne « Employeur (prêt) » (feuille Salariés)"
    )


@pattern(r"date (\S+) is outside (\d+)-2100 \(a typo in the year\?\)")
def _date_range(m: re.Match[str]) -> str:
    return f"la date {_date(m.group(1))} est hors de {m.group(2)}-2100 (une faute dans l'année ?)"


@pattern(r"€(\S+)/h is below the SMIC \(€(\S+)/h gross\); only work-study contracts may pay less")
def _smic(m: re.Match[str]) -> str:
    return f"{_number(m.group(1))} €/h est sous le SMIC ({_number(m.group(2))} €/h brut) ; seule l'alternance peut payer moins"


@pattern(r"(\S+) means contributions above the gross wage; write a ratio such as 0.42 for 42 %")
def _contribution(m: re.Match[str]) -> str:
    return f"{_number(m.group(1))} ferait des charges au-delà du salaire brut ; écrivez par ex. 42 %"


@pattern(
    r"part-time contract of (\S+) h/week is under (\S+) h without a derogation \(L3123-7\); set "
    r"part_time_derogation: true if one applies \(L3123-27\)"
)
def _part_time(m: re.Match[str]) -> str:
    return (
        f"temps partiel de {_number(m.group(1))} h par semaine, sous {_number(m.group(2))} h sans dérogation "
        "(L3123-7) ; mettez « oui » dans « Dérogation sous 24 h » si elle s'applique (L3123-27)"
    )


reword(
    r"nobody has the skill '(.+?)': every occurrence stays unfilled",
    "personne n'a la compétence « {1} » : chaque occurrence restera non pourvue",
)


@pattern(
    r"a (\S+) h window exceeds the daily maximum of every employee with the skill '(.+?)' \(at most (\S+) h, "
    r"L3121-18\): nobody can take it whole"
)
def _window(m: re.Match[str]) -> str:
    return (
        f"un créneau de {_number(m.group(1))} h dépasse la durée quotidienne maximale de chaque salarié de la "
        f"compétence « {m.group(2)} » ({_number(m.group(3))} h au plus, L3121-18) : personne ne peut le tenir "
        "en entier"
    )


reword(
    r"no date of this need falls in the scenario month (\S+)",
    "aucune date de ce besoin ne tombe dans le mois planifié {1}",
)


reword(
    r"the window (\S+)–(\S+) reaches into the night period (\S+)–(\S+) at site '(.+?)', which does not "
    r"organise night work \(L3122-1\): nobody is assigned to it; set night_derogation: true on the site if it does",
    "le créneau {1}–{2} empiète sur la période de nuit {3}–{4} au site « {5} », qui n'organise pas le travail de nuit (L3122-1) : personne n'y sera affecté ; mettez « oui » dans « Travail de nuit organisé » (feuille Sites) s'il l'organise",
)


@pattern(r"a coefficient of (\S+) \(above 4\) is not plausible")
def _coefficient(m: re.Match[str]) -> str:
    return f"un coefficient de {_number(m.group(1))} (au-dessus de 4) n'est pas plausible"


@pattern(r"need '(.+?)' has no occurrence on (\S+)")
def _pin_date(m: re.Match[str]) -> str:
    return f"le besoin « {m.group(1)} » n'a pas lieu le {_date(m.group(2))}"


reword(
    r"'(.+?)' does not have the skill '(.+?)' of '(.+?)'",
    "« {1} » n'a pas la compétence « {2} » du besoin « {3} »",
)


reword(
    r"the history ends with (\S+) but the scenario plans (\S+); it should end with (\S+)",
    "l'historique s'arrête en {1} mais le scénario planifie {2} ; il devrait s'arrêter en {3}",
)


@pattern(r"a (\S+) contract needs an end date")
def _end_date(m: re.Match[str]) -> str:
    return f"un contrat {CONTRACT_KIND.get(m.group(1), m.group(1))} doit avoir une date de fin"


@pattern(r"(.+?) is out of range: must be (at least|above|at most|below) (\S+?)( \(.*\))?")
def _range(m: re.Match[str]) -> str:
    hint = RANGE_HINTS.get(m.group(4) or "", m.group(4) or "")
    return f"{_q(_number(m.group(1)))} hors limites : {RANGE_WORDS[m.group(2)]} {_number(m.group(3))}{hint}"


@pattern(r"(.+?) is not valid: (.+)")
def _not_valid(m: re.Match[str]) -> str:
    hint = next((fr for en, fr in PATTERN_HINTS.items() if m.group(2).startswith(en)), m.group(2))
    return f"{_q(m.group(1))} n'est pas valable : {hint}"


reword(r"too long \(at most (\d+) characters\)", "trop long (au plus {1} caractères)")


@pattern(r"(.+?) has more than (\d+) decimal places")
def _places(m: re.Match[str]) -> str:
    return f"{_q(_number(m.group(1)))} a plus de {m.group(2)} décimales"


reword(
    r"below-cost billing needs a lender \(or its group\) of at least 5,000 staff \(L8241-3\); (\S+) \((.+)\) has (\d+)",
    "la facturation sous le coût demande un prêteur (ou son groupe) d'au moins 5 000 salariés (L8241-3) ; « {1} » ({2}) en compte {3}",
)


reword(
    r"below-cost billing needs a host under 8 years old or with at most 250 staff \(L8241-3\); (\S+) \((.+)\) "
    r"is (\d+) years old with (\d+) staff",
    "la facturation sous le coût demande un adhérent d'accueil de moins de 8 ans ou d'au plus 250 salariés (L8241-3) ; « {1} » ({2}) a {3} ans et {4} salariés",
)


reword(
    r"below-cost billing is only for a host outside the lender's group \(L8241-3\); (\S+) and (\S+) are both in '(.+)'",
    "la facturation sous le coût est réservée à un adhérent hors du groupe du prêteur (L8241-3) ; « {1} » et « {2} » sont tous deux dans « {3} »",
)


@pattern(r"a loan billed below cost lasts at most 2 years \(L8241-3\); this one runs from (\S+) to (\S+)")
def _two_years(m: re.Match[str]) -> str:
    return f"un prêt facturé sous le coût dure au plus 2 ans (L8241-3) ; celui-ci va du {_date(m.group(1))} au {_date(m.group(2))}"


reword(
    r"(SIREN|SIRET) (\S+) fails its check digit \(Luhn\): a typo\?",
    "{1} {2} : clé de contrôle fausse (une faute de frappe ?)",
)


reword(
    r"VAT number (\S+) is not valid for its country: (.+)",
    "numéro de TVA {1} invalide : clé ou longueur fausse pour son pays",
)


reword(
    r"VAT number (\S+) is not the one of SIREN (\S+) \(expected (\S+)\)",
    "le numéro de TVA {1} n'est pas celui du SIREN {2} (attendu : {3})",
)


reword(r"unknown rule\(s\): (.+)", "règle(s) inconnue(s) : {1}")


def translate(message: str, path: str, locate: Callable[[str], Any]) -> str:
    """The French wording of a loader message; paths it quotes (`@@members[0].id@@`) become cells."""
    text = FIXED.get(message)
    if text is None:
        for regex, rewrite in PATTERNS:
            match = regex.match(message)
            if match:
                text = rewrite(match)
                break
    if text is None:
        return message

    def cell_of(found: re.Match[str]) -> str:
        cell = locate(found.group(1))
        return str(cell) if cell is not None else found.group(1)

    return re.sub(r"@@(.+?)@@", cell_of, text)
