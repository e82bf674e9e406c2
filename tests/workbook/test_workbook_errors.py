"""Every problem of a workbook at once, each at its cell, in French: what this module reads itself and what
the loader finds, mapped back from its field paths."""

from __future__ import annotations

import pytest

from engine.workbook import read_workbook

from .helpers import LOAN, edit, exported, messages

MISTAKES = [
    ("Contrats", "c01", "Date d'embauche", "31/02/2026"),
    ("Contrats", "c02", "Heures par semaine", 52),
    ("Besoins", "pompey-compta", "Adhérent", "tolerie-pompe"),
    ("Besoins", "ludres-compta", "Site", "laxou-imprimerie"),
    ("Adhérents", "meca-frouard", "SIREN", "368727989"),
    ("Besoins", "laxou-compta", "Jours", "lun, mardy"),
    ("Besoins", "toul-compta", "Début", "8h75"),
    ("Salariés", "r01", "Compétences", "paie, rhh"),
    ("Absences", 2, "Du", "15/03/26"),
]


@pytest.fixture(scope="module")
def broken():
    data, refs = edit(exported(), MISTAKES)
    return read_workbook(data, name="classeur.xlsx"), refs


def _at(result, ref):
    return [str(p) for p in result.problems if str(p.cell) == ref]


def test_every_mistake_is_reported_in_one_run_each_at_its_cell(broken):
    result, refs = broken
    assert result.scenario is None
    for ref in refs.values():
        assert _at(result, ref), f"nothing reported at {ref}: {messages(result)}"


def test_an_impossible_hiring_date_is_quoted_at_its_cell(broken):
    result, refs = broken
    (line,) = _at(result, refs["Contrats/Date d'embauche/c01"])
    assert line == "Contrats!C2 (Date d'embauche) : « 31/02/2026 » n'existe pas (le 02/2026 n'a pas de 31)"


def test_a_loader_range_check_is_mapped_to_the_cell_and_said_in_french(broken):
    result, refs = broken
    (line,) = _at(result, refs["Contrats/Heures par semaine/c02"])
    assert "52 hors limites : au plus 48 (L3121-20" in line


def test_a_wrong_reference_suggests_the_closest_id(broken):
    result, refs = broken
    (line,) = _at(result, refs["Besoins/Adhérent/pompey-compta"])
    assert "adhérent inconnu « tolerie-pompe » (vouliez-vous dire « tolerie-pompey » ?)" in line


def test_a_need_at_a_site_of_another_member_is_reported_at_the_site_cell(broken):
    result, refs = broken
    (line,) = _at(result, refs["Besoins/Site/ludres-compta"])
    assert "appartient à l'adhérent « imprimerie-laxou », pas à « plasturgie-ludres »" in line


def test_a_siren_with_a_wrong_check_digit_is_refused(broken):
    result, refs = broken
    (line,) = _at(result, refs["Adhérents/SIREN/meca-frouard"])
    assert "clé de contrôle" in line


def test_a_cell_that_cannot_be_read_is_not_echoed_by_the_loader(broken):
    result, refs = broken
    assert len(_at(result, refs["Besoins/Jours/laxou-compta"])) == 1
    assert not [m for m in messages(result) if "indiquez des jours" in m]


def test_a_skill_missing_from_competences_suggests_the_closest(broken):
    result, refs = broken
    (line,) = _at(result, refs["Salariés/Compétences/r01"])
    assert "compétence inconnue « rhh » (vouliez-vous dire « rh » ?)" in line


def test_a_two_digit_year_is_refused_not_guessed(broken):
    result, refs = broken
    (line,) = _at(result, refs["Absences/Du/2"])
    assert "l'année en entier" in line


def test_duplicate_ids_name_both_cells():
    data, _ = edit(exported(), [("Salariés", "c03", "Identifiant", "c02")])
    result = read_workbook(data, name="x.xlsx")
    assert (
        "Salariés!A4 (Identifiant) : identifiant « c02 » en double (salarié) : déjà utilisé en Salariés!A3"
        in messages(result)
    )


def test_a_second_contract_for_one_employee_is_refused():
    data, _ = edit(exported(), [("Contrats", "c02", "Salarié", "c01")])
    result = read_workbook(data, name="x.xlsx")
    lines = messages(result)
    assert any(line.startswith("Contrats!A3") and "deuxième contrat pour « c01 »" in line for line in lines)
    assert any("aucun contrat pour « c02 »" in line for line in lines)


def test_a_missing_required_sheet_is_one_error_not_one_per_row():
    data, _ = edit(exported(), drop_sheets=("Contrats",))
    result = read_workbook(data, name="x.xlsx")
    assert messages(result) == [
        "feuille Contrats : feuille absente : le modèle (`ge template`) la contient ; gardez-la, même vide"
    ]


def test_a_missing_optional_sheet_reads_as_empty():
    data, _ = edit(exported(LOAN), drop_sheets=("Souhaits", "Absences", "Trajets"))
    result = read_workbook(data, name="x.xlsx")
    assert result.scenario is not None
    assert all(not e.wishes and not e.absences for e in result.scenario.employees)


def test_a_misspelt_header_is_an_error_with_the_right_name():
    data, _ = edit(exported(), rename_headers={("Besoins", "Description"): "Descripton"})
    result = read_workbook(data, name="x.xlsx")
    assert "Besoins!F1 : colonne inconnue « Descripton » (vouliez-vous dire « Description » ?)" in messages(
        result
    )


def test_an_extra_column_of_notes_is_a_warning_and_ignored():
    data, _ = edit(exported(), rename_headers={("Besoins", "Description"): "Remarques internes"})
    result = read_workbook(data, name="x.xlsx")
    assert result.scenario is not None
    assert [str(w) for w in result.warnings] == [
        "Besoins!F1 : attention : colonne « Remarques internes » inconnue, ignorée"
    ]


def test_a_renamed_sheet_close_to_a_known_one_is_an_error():
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exported()))
    wb["Absences"].title = "Absence"
    out = io.BytesIO()
    wb.save(out)
    result = read_workbook(out.getvalue(), name="x.xlsx")
    assert (
        "feuille Absence : feuille inconnue (vouliez-vous dire « Absences » ?) : renommez-la, sinon elle n'est pas lue"
        in messages(result)
    )


def test_missing_coordinates_name_both_cells_and_suggest_geocode():
    data, _ = edit(
        exported(),
        [("Sites", "toul-atelier", "Latitude", None), ("Sites", "toul-atelier", "Longitude", None)],
    )
    result = read_workbook(data, name="x.xlsx")
    (line,) = messages(result)
    assert (
        line.startswith("Sites!H8 (Latitude) : coordonnées manquantes (Sites!H8, Sites!I8)")
        and "--geocode" in line
    )


def test_a_latitude_without_longitude_is_refused():
    data, _ = edit(exported(), [("Sites", "toul-atelier", "Longitude", None)])
    result = read_workbook(data, name="x.xlsx")
    assert messages(result) == [
        "Sites!I8 (Longitude) : latitude et longitude vont ensemble : donnez les deux"
    ]


def test_a_loader_warning_is_shown_but_does_not_stop_the_import():
    data, _ = edit(exported(), [("Contrats", "c03", "Heures par semaine", 20)])
    result = read_workbook(data, name="x.xlsx")
    assert result.scenario is not None
    (warning,) = result.warnings
    assert str(warning).startswith(
        "Contrats!E4 (Heures par semaine) : attention : temps partiel de 20 h par semaine"
    )


def test_an_unknown_rule_value_and_scope_target_are_reported_at_their_cells():
    data, _ = edit(
        exported(),
        [("Règles", 2, "Valeur", "douze heures"), ("Règles", 3, "Convention ou salarié", "metalurgie")],
    )
    result = read_workbook(data, name="x.xlsx")
    lines = messages(result)
    assert any(line.startswith("Règles!D2") and "n'est pas un nombre" in line for line in lines)
    assert any(
        line.startswith("Règles!B3")
        and "convention inconnue « metalurgie » (vouliez-vous dire « metallurgie » ?)" in line
        for line in lines
    )
