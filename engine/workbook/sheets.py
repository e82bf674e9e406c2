"""The workbook, defined once: every sheet, every column, its French header, its help, its kind of value,
the field of the scenario model it fills and the sheet its drop-down list refers to.

The template (`ge template`), the import, the export and the column tables of docs/workbook.md are all
derived from `SHEETS`; a test checks that every field of the scenario model has a column here, so a field
added to the model cannot be silently lost by a round trip.

Paths are relative to the object a row builds (a member, a site, an employee's contract…); on the form
sheet « Groupement » they start at the scenario's top (`group.address.city`, `objective.change_cost`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from engine.workbook.rules import RULE_LABELS
from engine.workbook.values import (
    AmountMap,
    Boolean,
    Choice,
    Code,
    Coordinate,
    Date,
    DateList,
    Integer,
    IntegerList,
    Kind,
    Month,
    Number,
    OneWeekday,
    Ratio,
    Text,
    TextList,
    Time,
    Timestamp,
    Upper,
    Weekdays,
)


@dataclass(frozen=True)
class Column:
    key: str  # stable name, unique in its sheet (the model path when there is one)
    header: str  # French header (on « Groupement »: the row's label)
    help: str  # the header's comment: what goes there, unit, example
    kind: Kind
    path: tuple[str, ...] | None = None  # the model field it fills; None for links and rule rows
    required: bool = False
    ref: str | None = None  # key of the sheet whose ids feed its drop-down list
    section: str = ""  # « Groupement » only: the heading the row sits under

    @property
    def dotted(self) -> str:
        return ".".join(self.path) if self.path else ""


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    purpose: str  # one sentence for « Lisez-moi » and the docs
    columns: tuple[Column, ...]
    required: bool = False  # a workbook without it is refused
    form: bool = False  # field / value rows instead of a table
    id_column: str | None = None  # the column whose values other sheets refer to
    parent: str | None = None  # the column linking a row to its parent row (site → member)
    model: str = ""  # where rows go in the scenario, for the docs

    def column(self, key: str) -> Column:
        return self.by_key[key]

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


def col(
    key: str,
    header: str,
    help: str,
    kind: Kind | None = None,
    *,
    required: bool = False,
    ref: str | None = None,
    path: tuple[str, ...] | bool | None = True,
    section: str = "",
) -> Column:
    """A column whose path is its key split on dots, unless `path` says otherwise (False: no path)."""
    resolved: tuple[str, ...] | None
    if path is True:
        resolved = tuple(key.split("."))
    elif path is False or path is None:
        resolved = None
    else:
        resolved = path
    return Column(key, header, help, kind or Text(), resolved, required, ref, section)


def employee_column(help: str = "identifiant du salarié", *, fills: bool = False) -> Column:
    """The column naming a row's employee (a drop-down of « Salariés »): the link of a row to its parent
    employee (no path), or the model's own `employee` field (`fills`: pins, history)."""
    return col("employee", "Salarié", help, required=True, ref="employees", path=fills)


ID_HELP = "lettres, chiffres, - _ . (sans espace), unique"

CONTRACT_KINDS = Choice(
    options=(
        ("cdi_full_time", "CDI temps plein"),
        ("cdi_part_time", "CDI temps partiel"),
        ("cdd", "CDD"),
        ("seasonal", "Saisonnier"),
        ("work_study", "Alternance"),
        ("forfait_jours", "Forfait jours"),
    ),
    aliases=(("CDI", "cdi_full_time"), ("apprentissage", "work_study"), ("contrat saisonnier", "seasonal")),
)
PRIORITIES = Choice(
    options=(("critical", "critique"), ("high", "haute"), ("normal", "normale"), ("low", "basse")),
    aliases=(("élevée", "high"), ("moyenne", "normal"), ("faible", "low")),
)
ABSENCE_KINDS = Choice(
    options=(
        ("paid_leave", "congés payés"),
        ("sickness", "maladie"),
        ("training", "formation"),
        ("unpaid", "sans solde"),
        ("other", "autre"),
    ),
    aliases=(("CP", "paid_leave"), ("congé payé", "paid_leave"), ("arrêt maladie", "sickness")),
)
WISH_KINDS = Choice(options=(("want", "souhaité"), ("avoid", "à éviter")), aliases=(("éviter", "avoid"),))
MEMBER_VAT = Choice(
    options=(("liable", "assujetti"), ("not_liable", "non assujetti"), ("public_interest", "intérêt général"))
)
GROUP_VAT = Choice(options=(("standard", "taux normal"), ("exempt_261b", "exonéré (art. 261 B du CGI)")))
LOAN_BILLING = Choice(options=(("at_cost", "au coût"), ("below_cost", "sous le coût (L8241-3)")))
VEHICLES = Choice(options=(("car", "voiture"), ("electric_car", "voiture électrique"), ("none", "aucun")))
PREMIUM_PAYERS = Choice(
    options=(("threshold_member", "l'adhérent du dépassement"), ("pro_rata", "les adhérents au prorata"))
)
TRAVEL_PAYERS = Choice(options=(("destination", "l'adhérent de destination"), ("split", "partagés")))
COST_BEARERS = Choice(options=(("group", "le groupement"), ("members_pro_rata", "les adhérents au prorata")))
PRICING_MODES = Choice(
    options=(("coefficient", "coefficient"), ("cost_plus_fee", "coût plus frais"), ("at_cost", "au coût"))
)
RULE_SCOPES = Choice(options=(("group", "groupement"), ("agreement", "convention"), ("contract", "contrat")))
RULE_NAMES = Choice(name="règle", options=tuple(RULE_LABELS.items()))

MONEY = Number(name="montant (€)", units=("€", "eur", "euros", "euro"), money=True)
WAGE = Number(name="montant (€/h)", units=("€/h", "€", "eur"), money=True)
HOURS = Number(name="heures", units=("h", "heures", "heure"))
KM = Number(name="km", units=("km",))
FACTOR = Number(name="nombre")
MINUTES = Integer(name="minutes", units=("min", "minutes"))


def _address(prefix: str, what: str, *, required: bool, section: str = "") -> tuple[Column, ...]:
    where = f"{prefix}." if prefix else ""
    return (
        col(
            f"{where}street",
            f"Adresse{what} (rue)",
            "Numéro et rue, ex. 14 rue de la Gare",
            required=required,
            section=section,
        ),
        col(
            f"{where}postcode",
            f"Code postal{what}",
            "5 chiffres, ex. 54390 (les deux premiers donnent le département)",
            Code(length=5),
            required=required,
            section=section,
        ),
        col(f"{where}city", f"Ville{what}", "ex. Frouard", required=required, section=section),
        col(f"{where}country", f"Pays{what}", "code à deux lettres ; vide : FR", Upper(), section=section),
    )


G = "Groupement"
F = "Facturation"
T = "Trajets"
OBJ = "Objectif du planificateur"
S = "Scénario"

GROUP = Sheet(
    key="group",
    name="Groupement",
    purpose="Le groupement lui-même, sa facturation et les réglages du planificateur : une ligne par champ, "
    "la valeur en colonne B.",
    required=True,
    form=True,
    model="name, month, group, travel, objective, history.month",
    columns=(
        col(
            "name",
            "Nom du scénario",
            "Un titre pour les personnes, ex. GE Lorraine — octobre 2026",
            section=S,
        ),
        col(
            "month",
            "Mois planifié",
            "AAAA-MM, ex. 2026-10 : le mois que `ge solve` planifie",
            Month(),
            section=S,
        ),
        col("group.id", "Identifiant du groupement", ID_HELP + ", ex. ge-cil", required=True, section=G),
        col("group.name", "Raison sociale", "Nom légal, imprimé sur les factures", required=True, section=G),
        col("group.legal_form", "Forme juridique", "ex. Association loi 1901", section=G),
        col(
            "group.siren",
            "SIREN",
            "9 chiffres, clé de contrôle vérifiée",
            Code(length=9),
            required=True,
            section=G,
        ),
        col("group.vat_number", "N° TVA intracommunautaire", "ex. FR78832430839", Upper(), section=G),
        *_address("group.address", "", required=True, section=G),
        col("group.email", "E-mail", "imprimé sur les factures", section=G),
        col("group.phone", "Téléphone", "imprimé sur les factures", section=G),
        col(
            "group.rcs_city",
            "Ville du greffe (RCS)",
            "une société : la ville de son RCS, imprimée sur les factures (R123-237 C. com.) ; vide pour une association",
            section=G,
        ),
        col(
            "group.share_capital",
            "Capital social (€)",
            "une société : imprimé sur les factures (R123-237 C. com.)",
            MONEY,
            section=G,
        ),
        col("group.timezone", "Fuseau horaire", "nom IANA ; vide : Europe/Paris", section=G),
        col(
            "group.fiscal_year_start_month",
            "Premier mois de l'exercice",
            "1 à 12 ; vide : 1 (janvier)",
            Integer(),
            section=G,
        ),
        col("group.holidays.country", "Pays des jours fériés", "vide : FR", Upper(), section=G),
        col(
            "group.holidays.extra_days",
            "Jours fériés supplémentaires",
            "jours chômés en plus des fériés, ex. 26/12/2026",
            DateList(),
            section=G,
        ),
        col(
            "group.default_pricing_profile",
            "Profil tarifaire par défaut",
            "profil (feuille Tarifs) des adhérents qui n'en nomment pas",
            ref="pricing",
            section=G,
        ),
        col(
            "group.default_agreement",
            "Convention collective par défaut",
            "convention (feuille Conventions) des contrats qui n'en nomment pas",
            ref="agreements",
            section=G,
        ),
        col(
            "group.billing.vat_regime",
            "Régime de TVA",
            "taux normal, ou exonéré (art. 261 B du CGI)",
            GROUP_VAT,
            section=F,
        ),
        col("group.billing.vat_rate", "Taux de TVA", "ex. 20 %", Ratio(), section=F),
        col(
            "group.billing.paid_leave_rate",
            "Provision congés payés",
            "ex. 10 % (règle du dixième)",
            Ratio(),
            section=F,
        ),
        col(
            "group.billing.payment_terms_days",
            "Délai de paiement (jours)",
            "0 à 60 jours après la date de facture",
            Integer(units=("j", "jours")),
            section=F,
        ),
        col(
            "group.billing.late_payment_rate",
            "Taux des pénalités de retard",
            "ex. 12,15 %",
            Ratio(),
            section=F,
        ),
        col("group.billing.recovery_fee", "Indemnité de recouvrement (€)", "ex. 40", MONEY, section=F),
        col(
            "group.billing.invoice_prefix",
            "Préfixe des factures",
            "majuscules, chiffres ou -, ex. F",
            Upper(),
            section=F,
        ),
        col("group.billing.credit_note_prefix", "Préfixe des avoirs", "ex. AV", Upper(), section=F),
        col(
            "group.billing.loan_invoice_prefix", "Préfixe des factures de prêt", "ex. PMD", Upper(), section=F
        ),
        col("group.billing.joining_fee", "Droit d'entrée (€)", "facturé à l'adhésion", MONEY, section=F),
        col("group.billing.annual_fee", "Cotisation annuelle (€)", "facturée chaque année", MONEY, section=F),
        col(
            "group.billing.premium_payer",
            "Majorations payées par",
            "qui paie les heures majorées",
            PREMIUM_PAYERS,
            section=F,
        ),
        col(
            "group.billing.travel_payer",
            "Trajets payés par",
            "qui paie les trajets entre adhérents",
            TRAVEL_PAYERS,
            section=F,
        ),
        col(
            "group.billing.idle_bearer",
            "Heures non placées à la charge de",
            "heures du contrat placées nulle part",
            COST_BEARERS,
            section=F,
        ),
        col(
            "group.billing.absence_bearer",
            "Absences à la charge de",
            "absences payées",
            COST_BEARERS,
            section=F,
        ),
        col(
            "group.billing.iban",
            "IBAN",
            "imprimé sur les factures, ex. FR76 3000 …",
            Upper(keep_spaces=True),
            section=F,
        ),
        col("group.billing.bic", "BIC", "8 ou 11 caractères", Upper(), section=F),
        col(
            "travel.road_factor",
            "Coefficient route / vol d'oiseau",
            "distance par la route = à vol d'oiseau × ce coefficient, ex. 1,3",
            FACTOR,
            section=T,
        ),
        col(
            "travel.average_speed_kmh",
            "Vitesse moyenne (km/h)",
            "temps de trajet = distance ÷ vitesse, ex. 50",
            Number(units=("km/h",)),
            section=T,
        ),
        col(
            "objective.unfilled_per_hour.critical",
            "Besoin critique non pourvu (€ par heure)",
            "ex. 250",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.unfilled_per_hour.high",
            "Besoin prioritaire non pourvu (€ par heure)",
            "ex. 100",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.unfilled_per_hour.normal",
            "Besoin normal non pourvu (€ par heure)",
            "ex. 45",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.unfilled_per_hour.low",
            "Besoin secondaire non pourvu (€ par heure)",
            "ex. 20",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.idle_hour_factor",
            "Facteur des heures non placées",
            "× coût horaire chargé, ex. 1",
            FACTOR,
            section=OBJ,
        ),
        col(
            "objective.premium_factor",
            "Facteur des majorations",
            "× majorations payées, ex. 1",
            FACTOR,
            section=OBJ,
        ),
        col(
            "objective.mileage_per_km",
            "Indemnité kilométrique (€/km)",
            "ex. 0,636",
            Number(units=("€/km", "€")),
            section=OBJ,
        ),
        col(
            "objective.travel_time_factor",
            "Facteur du temps de trajet",
            "× coût horaire chargé, ex. 1",
            FACTOR,
            section=OBJ,
        ),
        col(
            "objective.continuity_change",
            "Changement de titulaire (€)",
            "par affectation hors titulaire habituel, ex. 6",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.preferred_employee_bonus",
            "Bonus salarié préféré (€)",
            "par affectation d'un salarié préféré, ex. 4",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.wish_factor",
            "Facteur des souhaits",
            "× poids des souhaits, ex. 1",
            FACTOR,
            section=OBJ,
        ),
        col(
            "objective.weekend_fairness",
            "Équité des week-ends (€)",
            "par week-end au-delà de la part équitable, ex. 15",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.travel_fairness_per_km",
            "Équité des trajets (€/km)",
            "par km au-delà de la moyenne, ex. 0,05",
            Number(units=("€/km", "€")),
            section=OBJ,
        ),
        col(
            "objective.change_cost",
            "Changement en replanification (€)",
            "par affectation déplacée ou retirée, ex. 25",
            MONEY,
            section=OBJ,
        ),
        col(
            "objective.short_notice_change_cost",
            "Changement à court préavis (€)",
            "dans le délai de prévenance, ex. 120",
            MONEY,
            section=OBJ,
        ),
        col(
            "history.month",
            "Mois de l'historique",
            "AAAA-MM : le mois que l'historique termine (le mois précédent)",
            Month(),
            section="Historique",
        ),
    ),
)

MEMBERS = Sheet(
    key="members",
    name="Adhérents",
    purpose="Une ligne par entreprise adhérente.",
    required=True,
    id_column="id",
    model="members[]",
    columns=(
        col("id", "Identifiant", ID_HELP + ", ex. meca-frouard", required=True),
        col("name", "Raison sociale", "ex. Mécanique de Précision de Frouard SAS", required=True),
        col(
            "legal_form",
            "Forme juridique",
            "ex. SAS ; imprimée sur les factures qu'il émet (prêts de personnel)",
        ),
        col(
            "rcs_city",
            "Ville du greffe (RCS)",
            "une société qui prête du personnel : la ville de son RCS (R123-237 C. com.)",
        ),
        col(
            "share_capital",
            "Capital social (€)",
            "une société qui prête du personnel : imprimé sur ses factures (R123-237 C. com.)",
            MONEY,
        ),
        col(
            "siren",
            "SIREN",
            "9 chiffres, clé de contrôle vérifiée, ex. 368727988",
            Code(length=9),
            required=True,
        ),
        col("siret", "SIRET", "14 chiffres commençant par le SIREN", Code(length=14)),
        col("vat_number", "N° TVA intracommunautaire", "ex. FR50368727988", Upper()),
        col("vat_regime", "Régime de TVA", "assujetti (vide), non assujetti ou intérêt général", MEMBER_VAT),
        *_address("address", "", required=True),
        col("email", "E-mail", "adresse de facturation"),
        col("contact", "Contact", "nom de l'interlocuteur"),
        col("joined_on", "Date d'adhésion", "JJ/MM/AAAA", Date(), required=True),
        col("left_on", "Date de sortie", "vide tant qu'il est adhérent", Date()),
        col("headcount", "Effectif", "salariés de l'entreprise", Integer(), required=True),
        col("created_on", "Date de création", "de l'entreprise, JJ/MM/AAAA", Date(), required=True),
        col(
            "corporate_group",
            "Groupe de sociétés",
            "le groupe auquel l'entreprise appartient (prêts L8241-3)",
        ),
        col(
            "corporate_group_headcount",
            "Effectif du groupe de sociétés",
            "salariés de tout le groupe",
            Integer(),
        ),
        col(
            "pricing_profile",
            "Profil tarifaire",
            "vide : le profil par défaut (feuille Tarifs)",
            ref="pricing",
        ),
        col(
            "comparable_wages",
            "Salaires horaires comparables",
            "salaire brut de ses propres salariés comparables, par compétence, ex. comptabilite : 19,50 ; paie : 20,10",
            AmountMap(),
        ),
    ),
)

SITES = Sheet(
    key="sites",
    name="Sites",
    purpose="Les lieux de travail des adhérents ; chaque besoin a lieu sur un site.",
    required=True,
    id_column="id",
    parent="member",
    model="members[].sites[]",
    columns=(
        col("id", "Identifiant", ID_HELP + " (entre tous les adhérents), ex. frouard-usine", required=True),
        col(
            "member",
            "Adhérent",
            "l'adhérent auquel le site appartient",
            required=True,
            ref="members",
            path=False,
        ),
        col("name", "Nom du site", "ex. Atelier d'usinage", required=True),
        *_address("address", "", required=True),
        col(
            "location.lat",
            "Latitude",
            "degrés décimaux, ex. 48,7601 ; vide : --geocode la trouve",
            Coordinate(),
        ),
        col(
            "location.lon",
            "Longitude",
            "degrés décimaux, ex. 6,1329 ; vide : --geocode la trouve",
            Coordinate(),
        ),
        col(
            "sunday_derogation",
            "Dérogation au repos dominical",
            "oui si le site peut faire travailler le dimanche (L3132-12)",
            Boolean(),
        ),
        col(
            "night_derogation",
            "Travail de nuit organisé",
            "oui si le site organise le travail de nuit (L3122-1)",
            Boolean(),
        ),
        col(
            "minor_holiday_derogation",
            "Mineurs les jours fériés",
            "oui si un accord de ce secteur (liste du décret) permet aux mineurs d'y travailler les jours fériés (L3164-8)",
            Boolean(),
        ),
        col(
            "holiday_subdivision",
            "Zone des jours fériés",
            "vide : déduite du code postal (57, 67, 68 : Alsace-Moselle)",
        ),
    ),
)

EMPLOYEES = Sheet(
    key="employees",
    name="Salariés",
    purpose="Une ligne par salarié partagé (ou prêté par un adhérent) ; son contrat est dans la feuille Contrats.",
    required=True,
    id_column="id",
    model="employees[]",
    columns=(
        col("id", "Identifiant", ID_HELP + ", ex. c01", required=True),
        col("name", "Nom", "prénom et nom, ex. Sandrine Muller", required=True),
        col("email", "E-mail", "pour son calendrier"),
        col(
            "employer",
            "Employeur (prêt)",
            "vide : le groupement ; sinon l'adhérent qui prête ce salarié",
            ref="members",
        ),
        col(
            "hourly_wage",
            "Salaire horaire brut (€)",
            "ex. 19,80 ; au moins le SMIC sauf alternance",
            WAGE,
            required=True,
        ),
        col("employer_contribution_rate", "Taux de charges patronales", "ex. 42 % ; vide : 45 %", Ratio()),
        col(
            "skills",
            "Compétences",
            "séparées par des virgules, chacune de la feuille Compétences, ex. comptabilite, paie",
            TextList(),
        ),
        col(
            "home.lat",
            "Latitude du domicile",
            "degrés décimaux ; vide : --geocode la trouve depuis l'adresse",
            Coordinate(),
        ),
        col(
            "home.lon",
            "Longitude du domicile",
            "degrés décimaux ; vide : --geocode la trouve depuis l'adresse",
            Coordinate(),
        ),
        *_address("home_address", " du domicile", required=False),
        col("vehicle.kind", "Véhicule", "voiture (vide), voiture électrique ou aucun", VEHICLES),
        col(
            "vehicle.fiscal_hp",
            "Puissance fiscale (CV)",
            "pour le barème kilométrique ; vide : 5",
            Integer(units=("cv",)),
        ),
        col(
            "vehicle.yearly_km",
            "Kilomètres par an",
            "kilométrage annuel prévu ; vide : 5000",
            Integer(units=("km",)),
        ),
        col("minor", "Mineur", "oui si moins de 18 ans", Boolean()),
        col(
            "max_travel_km",
            "Distance maximale (km)",
            "rayon d'action depuis le domicile, vide : sans limite",
            KM,
        ),
    ),
)

CONTRACTS = Sheet(
    key="contracts",
    name="Contrats",
    purpose="Le contrat de travail de chaque salarié : une ligne par salarié.",
    required=True,
    parent="employee",
    model="employees[].contract",
    columns=(
        employee_column("identifiant du salarié (feuille Salariés)"),
        col(
            "kind",
            "Type de contrat",
            "CDI temps plein, CDI temps partiel, CDD, Saisonnier, Alternance, Forfait jours",
            CONTRACT_KINDS,
            required=True,
        ),
        col("start", "Date d'embauche", "début du contrat, JJ/MM/AAAA", Date(), required=True),
        col("end", "Date de fin", "obligatoire pour CDD, saisonnier et alternance", Date()),
        col("weekly_hours", "Heures par semaine", "ex. 35 ou 17,5 (au plus 48)", HOURS),
        col("annualised", "Annualisé", "oui si les heures se comptent sur l'année (L3121-41)", Boolean()),
        col("annual_hours", "Heures par an", "contrats annualisés, au plus 2300", HOURS),
        col(
            "annual_days",
            "Jours par an (forfait)",
            "forfait jours : jours travaillés par an, ex. 218",
            Integer(units=("j", "jours")),
        ),
        col(
            "part_time_derogation",
            "Dérogation sous 24 h",
            "oui si moins de 24 h à la demande du salarié (L3123-7)",
            Boolean(),
        ),
        col(
            "agreement",
            "Convention collective",
            "vide : celle du groupement (feuille Conventions)",
            ref="agreements",
        ),
        col(
            "home_travel_is_work",
            "Trajet domicile compté comme travail",
            "oui pour un salarié sans lieu de travail fixe",
            Boolean(),
        ),
        col("night_worker", "Travailleur de nuit", "oui si travailleur de nuit (L3122-5)", Boolean()),
    ),
)

SKILLS = Sheet(
    key="skills",
    name="Compétences",
    purpose="La liste des compétences : elle alimente les listes déroulantes et vérifie les compétences citées "
    "ailleurs (une compétence absente de cette liste est signalée).",
    id_column="skill",
    model="employees[].skills, needs[].skill (the list the other sheets check)",
    columns=(col("skill", "Compétence", "un mot court, ex. comptabilite", required=True, path=False),),
)

NEEDS = Sheet(
    key="needs",
    name="Besoins",
    purpose="Ce que les adhérents demandent : une compétence, sur un site, à des heures, certains jours.",
    required=True,
    id_column="id",
    model="needs[]",
    columns=(
        col("id", "Identifiant", ID_HELP + ", ex. frouard-compta", required=True),
        col("member", "Adhérent", "l'adhérent qui demande", required=True, ref="members"),
        col("site", "Site", "un site de cet adhérent", required=True, ref="sites"),
        col("skill", "Compétence", "de la feuille Compétences", required=True, ref="skills"),
        col(
            "kind",
            "Type de poste",
            "pour les règles d'enchaînement, ex. N pour une nuit ; vide : l'identifiant",
        ),
        col("description", "Description", "montrée aux adhérents et aux salariés"),
        col("start", "Début", "heure locale, ex. 08:30", Time(), required=True),
        col("end", "Fin", "ex. 12:00 ; avant le début : passe minuit (22:00 → 06:00)", Time(), required=True),
        col("headcount", "Personnes", "nombre de personnes en même temps ; vide : 1", Integer()),
        col(
            "weekdays",
            "Jours",
            "chaque semaine entre « Du » et « Au », ex. lun, mer, ven ou lun-ven",
            Weekdays(),
        ),
        col("from_date", "Du", "premier jour du rythme hebdomadaire", Date()),
        col("until_date", "Au", "dernier jour du rythme hebdomadaire", Date()),
        col("dates", "Dates ponctuelles", "en plus du rythme, ex. 26/10/2026, 27/10/2026", DateList()),
        col(
            "include_holidays",
            "Y compris jours fériés",
            "oui pour garder les jours fériés du rythme",
            Boolean(),
        ),
        col("priority", "Priorité", "critique, haute, normale (vide) ou basse", PRIORITIES),
        col("preferred_employees", "Salariés préférés", "identifiants séparés par des virgules", TextList()),
        col(
            "unfilled_cost",
            "Coût si non pourvu (€)",
            "par personne manquante et occurrence ; vide : selon la priorité",
            MONEY,
        ),
        col("surplus_cost", "Coût par personne en surnombre (€)", "vide : pas de surnombre", MONEY),
        col("max_surplus", "Surnombre maximal", "personnes au-delà de l'effectif", Integer()),
    ),
)

ABSENCES = Sheet(
    key="absences",
    name="Absences",
    purpose="Congés, maladies, formations : une ligne par absence.",
    parent="employee",
    model="employees[].absences[]",
    columns=(
        employee_column(),
        col(
            "kind",
            "Type",
            "congés payés, maladie, formation, sans solde, autre",
            ABSENCE_KINDS,
            required=True,
        ),
        col("start", "Du", "premier jour d'absence", Date(), required=True),
        col("end", "Au", "dernier jour d'absence (inclus)", Date(), required=True),
        col("paid", "Payée", "vide : oui pour congés payés et formation, non sinon", Boolean()),
    ),
)

WISHES = Sheet(
    key="wishes",
    name="Souhaits",
    purpose="Les préférences des salariés, respectées quand c'est possible.",
    parent="employee",
    model="employees[].wishes[]",
    columns=(
        employee_column(),
        col("kind", "Souhait", "souhaité ou à éviter", WISH_KINDS, required=True),
        col("member", "Adhérent", "vide : tous", ref="members"),
        col("weekday", "Jour", "vide : tous, ex. mercredi", OneWeekday()),
        col("date", "Date", "vide : toutes", Date()),
        col("shift_kind", "Type de poste", "vide : tous, ex. N"),
        col("weight", "Poids (€)", "importance du souhait ; vide : 10", Number(units=("€",))),
    ),
)

LOANS = Sheet(
    key="loans",
    name="Prêts de personnel",
    purpose="Les prêts de main-d'œuvre entre adhérents (L8241-1 à L8241-3).",
    id_column="id",
    model="secondments[]",
    columns=(
        col("id", "Identifiant", ID_HELP + " (différent des besoins)", required=True),
        col("lender", "Adhérent prêteur", "l'employeur du salarié prêté", required=True, ref="members"),
        col("host", "Adhérent d'accueil", "l'adhérent qui accueille", required=True, ref="members"),
        col(
            "employee",
            "Salarié",
            "salarié de l'adhérent prêteur (feuille Salariés, colonne Employeur)",
            required=True,
            ref="employees",
        ),
        col("site", "Site", "un site de l'adhérent d'accueil", required=True, ref="sites"),
        col("start", "Début", "premier jour du prêt", Date(), required=True),
        col("end", "Fin", "dernier jour du prêt", Date(), required=True),
        col("weekdays", "Jours fixes", "ex. lun, mar, jeu", Weekdays()),
        col(
            "days_per_week",
            "Jours par semaine",
            "jours que le planificateur place chaque semaine (1 à 6)",
            Integer(),
        ),
        col("start_time", "Heure de début", "vide : 09:00", Time()),
        col("end_time", "Heure de fin", "vide : 17:30", Time()),
        col("skill", "Compétence", "vide : direction", ref="skills"),
        col("billing", "Facturation", "au coût (vide) ou sous le coût (L8241-3)", LOAN_BILLING),
        col("billed_share", "Part facturée", "sous le coût : part du coût facturée, ex. 60 %", Ratio()),
        col("expenses_per_day", "Frais par jour (€)", "frais professionnels remboursés", MONEY),
        col("consent_signed", "Accord écrit du salarié", "obligatoire (L8241-2) ; vide : oui", Boolean()),
        col(
            "agreement_reference", "Référence de la convention", "convention de mise à disposition et avenant"
        ),
    ),
)

AGREEMENTS = Sheet(
    key="agreements",
    name="Conventions",
    purpose="Les conventions collectives ; les règles qu'elles changent sont dans la feuille Règles.",
    id_column="id",
    model="agreements[]",
    columns=(
        col("id", "Identifiant", ID_HELP + ", ex. metallurgie", required=True),
        col("name", "Nom", "ex. Convention collective nationale de la métallurgie", required=True),
        col("idcc", "IDCC", "1 à 4 chiffres, ex. 3248", Text(text_cells=True)),
    ),
)

RULES = Sheet(
    key="rules",
    name="Règles",
    purpose="Les règles du temps de travail qui diffèrent du Code du travail : pour tout le groupement, une "
    "convention ou un contrat.",
    model="group.rules, agreements[].rules, employees[].contract.rules",
    columns=(
        col(
            "scope",
            "S'applique à",
            "groupement, convention ou contrat",
            RULE_SCOPES,
            required=True,
            path=False,
        ),
        col(
            "target",
            "Convention ou salarié",
            "identifiant de la convention, ou du salarié pour un contrat ; vide pour le groupement",
            path=False,
        ),
        col("rule", "Règle", "la règle changée (liste déroulante)", RULE_NAMES, required=True, path=False),
        col(
            "value",
            "Valeur",
            "minutes en nombre entier, taux en décimal, oui/non, heure HH:MM ; « aucune » la supprime",
            path=False,
        ),
    ),
)

PRICING = Sheet(
    key="pricing",
    name="Tarifs",
    purpose="Les profils tarifaires : une ligne pour le tarif par défaut d'un profil, une de plus par type de "
    "contrat facturé autrement.",
    id_column="profile",
    model="group.pricing_profiles[]",
    columns=(
        col("profile", "Profil", ID_HELP + ", ex. standard", required=True, path=False),
        col("name", "Nom du profil", "ex. Tarif adhérent", path=False),
        col(
            "contract_kind",
            "Type de contrat",
            "vide : le tarif par défaut du profil",
            CONTRACT_KINDS,
            path=False,
        ),
        col("mode", "Mode", "coefficient, coût plus frais (vide) ou au coût", PRICING_MODES),
        col(
            "coefficient",
            "Coefficient",
            "× salaire brut, ex. 1,87",
            Ratio(above_one=True, number_format=None),
        ),
        col("fee_percent", "Frais de gestion (%)", "ex. 4 %", Ratio()),
        col("fee_per_hour", "Frais par heure (€)", "ex. 2,10", MONEY),
    ),
)

MATRIX = Sheet(
    key="matrix",
    name="Trajets",
    purpose="Les distances et durées connues entre deux lieux, qui remplacent l'estimation à vol d'oiseau.",
    model="travel.matrix[]",
    columns=(
        col("from", "De", "un site, ou home:<salarié> pour son domicile", required=True),
        col("to", "Vers", "un site, ou home:<salarié>", required=True),
        col("km", "Distance (km)", "par la route", KM, required=True),
        col("minutes", "Durée (minutes)", "temps de trajet", MINUTES, required=True),
    ),
)

PINS = Sheet(
    key="pins",
    name="Affectations imposées",
    purpose="Les affectations fixées à la main, gardées par chaque planification.",
    model="pins[]",
    columns=(
        employee_column(fills=True),
        col("need", "Besoin ou prêt", "identifiant du besoin (ou du prêt)", required=True, ref="needs"),
        col("date", "Date", "un jour où le besoin a lieu", Date(), required=True),
    ),
)

HISTORY = Sheet(
    key="history",
    name="Historique",
    purpose="Ce que les règles doivent savoir du passé, par salarié (rempli depuis le plan publié du mois "
    "précédent).",
    id_column="employee",
    model="history.employees[]",
    columns=(
        employee_column(fills=True),
        col(
            "weekly_minutes",
            "Minutes des semaines passées",
            "semaines complètes, la plus ancienne d'abord, ex. 2100; 2100; 2580",
            IntegerList(),
        ),
        col("consecutive_days_worked", "Jours travaillés d'affilée", "à la fin du mois précédent", Integer()),
        col("consecutive_days_off", "Jours de repos d'affilée", "à la fin du mois précédent", Integer()),
        col("last_shift_end", "Fin du dernier poste", "JJ/MM/AAAA HH:MM", Timestamp()),
        col("ytd_minutes", "Minutes depuis le 1er janvier", "travaillées cette année", MINUTES),
        col("ytd_overtime_minutes", "Minutes supplémentaires de l'année", "contingent annuel", MINUTES),
        col("ytd_complementary_minutes", "Minutes complémentaires de l'année", "temps partiel", MINUTES),
        col("ytd_days_worked", "Jours travaillés de l'année", "forfait jours", Integer()),
        col("weekends_worked", "Week-ends travaillés de l'année", "équité des week-ends", Integer()),
        col(
            "night_minutes_by_month",
            "Minutes de nuit des mois passés",
            "un nombre par mois, le plus ancien d'abord, le dernier étant le mois précédent (travailleur de "
            "nuit : 270 h sur 12 mois, L3122-23)",
            IntegerList(),
        ),
    ),
)

RECENT_SHIFTS = Sheet(
    key="recent_shifts",
    name="Postes récents",
    purpose="Les postes des 14 derniers jours avant le mois, par salarié de l'historique.",
    parent="employee",
    model="history.employees[].recent_shifts[]",
    columns=(
        employee_column("un salarié de la feuille Historique"),
        col("start", "Début", "JJ/MM/AAAA HH:MM", Timestamp(), required=True),
        col("end", "Fin", "JJ/MM/AAAA HH:MM", Timestamp(), required=True),
        col("site", "Site", "où", ref="sites"),
        col("kind", "Type de poste", "ex. N"),
    ),
)

SERVERS = Sheet(
    key="servers",
    name="Titulaires précédents",
    purpose="Qui a tenu chaque besoin le mois précédent (continuité).",
    model="history.last_month_servers",
    columns=(
        col("need", "Besoin", "identifiant du besoin (ou du prêt)", required=True, ref="needs", path=False),
        col(
            "employees",
            "Salariés",
            "identifiants séparés par des virgules",
            TextList(),
            required=True,
            path=False,
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    GROUP,
    MEMBERS,
    SITES,
    EMPLOYEES,
    CONTRACTS,
    SKILLS,
    NEEDS,
    ABSENCES,
    WISHES,
    LOANS,
    AGREEMENTS,
    RULES,
    PRICING,
    MATRIX,
    PINS,
    HISTORY,
    RECENT_SHIFTS,
    SERVERS,
)
"""In workbook order, after « Lisez-moi »."""

BY_KEY = {s.key: s for s in SHEETS}
README = "Lisez-moi"
LISTS = "Listes"
"""A hidden sheet holding the fixed drop-down lists (Excel caps a list typed in a rule at 255 characters)."""

FORM_HEADERS = ("Rubrique", "Champ", "Valeur", "Aide")
"""Columns of the form sheet « Groupement »: the import reads « Champ » and « Valeur »."""
