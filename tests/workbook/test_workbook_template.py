"""The blank workbook: every sheet of the one definition, French headers with comments, drop-down lists."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from engine.workbook import read_workbook, template_bytes
from engine.workbook.sheets import FORM_HEADERS, LISTS, README, SHEETS


@pytest.fixture(scope="module")
def template():
    return load_workbook(io.BytesIO(template_bytes()))


def test_sheets_are_lisez_moi_then_the_defined_sheets_in_order_then_the_hidden_lists(template):
    assert template.sheetnames == [README, *[s.name for s in SHEETS], LISTS]
    assert template[LISTS].sheet_state == "hidden"


def test_the_sheets_named_in_the_issue_are_there(template):
    for name in (
        "Groupement",
        "Adhérents",
        "Sites",
        "Salariés",
        "Contrats",
        "Compétences",
        "Besoins",
        "Absences",
        "Souhaits",
        "Prêts de personnel",
    ):
        assert name in template.sheetnames


@pytest.mark.parametrize("sheet", [s for s in SHEETS if not s.form], ids=lambda s: s.key)
def test_each_table_has_its_french_headers_each_with_a_comment(template, sheet):
    ws = template[sheet.name]
    headers = [c.value for c in ws[1]]
    assert headers == list(sheet.headers)
    for cell, column in zip(ws[1], sheet.columns, strict=True):
        assert cell.comment is not None and column.help in cell.comment.text


def test_groupement_lists_every_field_with_its_default(template):
    ws = template["Groupement"]
    assert [c.value for c in ws[1]] == list(FORM_HEADERS)
    labels = [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]
    assert labels == list(SHEETS[0].headers)
    values = {
        ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)
    }
    assert values["Fuseau horaire"] == "Europe/Paris"
    assert values["Préfixe des factures"] == "F"
    assert values["SIREN"] is None


def _validations(ws):
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}


def test_references_to_other_sheets_are_drop_down_lists_of_their_ids(template):
    needs = _validations(template["Besoins"])
    assert needs["B"].formula1.startswith("'Adhérents'!$A$2")  # Adhérent
    assert needs["C"].formula1.startswith("'Sites'!$A$2")  # Site
    assert needs["D"].formula1.startswith("'Compétences'!$A$2")  # Compétence
    contracts = _validations(template["Contrats"])
    assert contracts["A"].formula1.startswith("'Salariés'!$A$2")


def test_fixed_values_are_drop_down_lists_kept_on_the_hidden_sheet(template):
    contracts = _validations(template["Contrats"])
    kind = contracts["B"]
    assert kind.formula1.startswith("'Listes'!")
    column = kind.formula1.split("!$")[1].split("$")[0]
    values = [c.value for c in template[LISTS][column]][1:]
    assert [v for v in values if v] == [
        "CDI temps plein",
        "CDI temps partiel",
        "CDD",
        "Saisonnier",
        "Alternance",
        "Forfait jours",
    ]


def test_yes_no_columns_offer_oui_and_non(template):
    sites = _validations(template["Sites"])
    letter = next(c.column_letter for c in template["Sites"][1] if c.value == "Dérogation au repos dominical")
    assert sites[letter].formula1.startswith("'Listes'!")


def test_lisez_moi_explains_in_french_how_to_fill_it(template):
    text = " ".join(str(c.value) for row in template[README].iter_rows() for c in row if c.value)
    assert "ge import" in text and "JJ/MM/AAAA" in text and "--geocode" in text
    for sheet in SHEETS:
        assert sheet.name in text


def test_the_blank_template_imports_with_only_the_groups_required_fields_missing():
    result = read_workbook(template_bytes(), name="modele.xlsx")
    assert {str(p.cell) for p in result.errors} == {
        "Groupement!C4",
        "Groupement!C5",
        "Groupement!C7",
        "Groupement!C9",
        "Groupement!C10",
        "Groupement!C11",
    }
    assert all("obligatoire" in p.message for p in result.errors)


def _fill(template_data: bytes) -> bytes:
    """The blank template filled as a manager types: French dates and times, decimal commas, oui/non."""
    wb = load_workbook(io.BytesIO(template_data))
    ws = wb["Groupement"]
    values = {
        "Nom du scénario": "GE des Vosges — mars 2026",
        "Mois planifié": "03/2026",
        "Identifiant du groupement": "ge-vosges",
        "Raison sociale": "GE des Vosges",
        "SIREN": "832 430 839",
        "Adresse (rue)": "2 rue de la Paix",
        "Code postal": 88000,
        "Ville": "Épinal",
        "Taux de TVA": "20 %",
    }
    for row in range(2, ws.max_row + 1):
        label = ws.cell(row=row, column=2).value
        if label in values:
            ws.cell(row=row, column=3).value = values[label]

    def put(sheet: str, row: dict[str, object]) -> None:
        sheet_ws = wb[sheet]
        headers = [c.value for c in sheet_ws[1]]
        sheet_ws.append([row.get(h) for h in headers])

    put(
        "Adhérents",
        {
            "Identifiant": "scierie",
            "Raison sociale": "Scierie du Haut SARL",
            "SIREN": "368727988",
            "Adresse (rue)": "1 route du Col",
            "Code postal": "88400",
            "Ville": "Gérardmer",
            "Date d'adhésion": "1er janvier 2020",
            "Effectif": 12,
            "Date de création": "15/06/1990",
        },
    )
    put(
        "Sites",
        {
            "Identifiant": "scierie-atelier",
            "Adhérent": "scierie",
            "Nom du site": "Atelier",
            "Adresse (rue)": "1 route du Col",
            "Code postal": "88400",
            "Ville": "Gérardmer",
            "Latitude": "48,0731",
            "Longitude": "6,8794",
        },
    )
    put(
        "Salariés",
        {
            "Identifiant": "e1",
            "Nom": "Julie Marchal",
            "Salaire horaire brut (€)": "14,20 €",
            "Taux de charges patronales": "42 %",
            "Compétences": "comptabilite, paie",
            "Latitude du domicile": 48.17,
            "Longitude du domicile": 6.45,
        },
    )
    put(
        "Contrats",
        {
            "Salarié": "e1",
            "Type de contrat": "CDI temps partiel",
            "Date d'embauche": "01/09/2021",
            "Heures par semaine": "24",
            "Dérogation sous 24 h": "non",
        },
    )
    put("Compétences", {"Compétence": "comptabilite"})
    put("Compétences", {"Compétence": "paie"})
    put(
        "Besoins",
        {
            "Identifiant": "scierie-compta",
            "Adhérent": "scierie",
            "Site": "scierie-atelier",
            "Compétence": "comptabilite",
            "Début": "8h30",
            "Fin": "12:00",
            "Jours": "lun, jeu",
            "Du": "01/03/2026",
            "Au": "31/03/2026",
            "Priorité": "haute",
        },
    )
    put("Absences", {"Salarié": "e1", "Type": "congés payés", "Du": "16/03/2026", "Au": "20/03/2026"})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_template_filled_as_a_manager_types_imports_to_a_valid_scenario():
    import datetime as dt
    from decimal import Decimal

    result = read_workbook(_fill(template_bytes()), name="vosges.xlsx")
    assert result.errors == [], [str(p) for p in result.problems]
    scenario = result.scenario
    assert scenario is not None and scenario.month == "2026-03" and scenario.group.siren == "832430839"
    assert scenario.group.address.postcode == "88000" and scenario.group.billing.vat_rate == Decimal("0.20")
    employee = scenario.employees[0]
    assert employee.hourly_wage == Decimal("14.20") and employee.employer_contribution_rate == Decimal("0.42")
    assert employee.contract.weekly_hours == 24 and employee.absences[0].start == dt.date(2026, 3, 16)
    need = scenario.needs[0]
    assert (
        need.start == dt.time(8, 30)
        and [d.value for d in need.weekdays] == [0, 3]
        and need.priority.value == "high"
    )
    assert scenario.members[0].joined_on == dt.date(2020, 1, 1)
