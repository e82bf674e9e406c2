"""ge template, ge import, ge export: exit codes, and nothing written when the workbook has an error."""

from __future__ import annotations

from pathlib import Path

from engine.loader import load_scenario
from ge.cli import main

from .helpers import INDUSTRY, edit, exported


def test_template_then_import_says_what_is_missing_and_writes_nothing(tmp_path: Path, capsys):
    book, out = tmp_path / "modele.xlsx", tmp_path / "s.yaml"
    assert main(["template", str(book)]) == 0
    assert main(["import", str(book), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Groupement!C4 (Identifiant du groupement) : valeur obligatoire manquante" in err
    assert "rien n'a été écrit" in err
    assert not out.exists()


def test_template_does_not_overwrite_a_workbook_without_force(tmp_path: Path):
    book = tmp_path / "classeur.xlsx"
    book.write_bytes(b"filled")
    assert main(["template", str(book)]) == 1
    assert book.read_bytes() == b"filled"
    assert main(["template", str(book), "--force"]) == 0


def test_export_then_import_gives_a_file_that_validates_to_the_same_scenario(tmp_path: Path):
    book, out = tmp_path / "c.xlsx", tmp_path / "c.yaml"
    assert main(["export", str(INDUSTRY), "-o", str(book)]) == 0
    assert main(["import", str(book), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert load_scenario(out) == load_scenario(INDUSTRY)


def test_a_failed_import_leaves_the_previous_output_untouched(tmp_path: Path, capsys):
    book, out = tmp_path / "c.xlsx", tmp_path / "c.yaml"
    out.write_text("previous", encoding="utf-8")
    book.write_bytes(edit(exported(), [("Contrats", "c01", "Date d'embauche", "31/02/2026")])[0])
    assert main(["import", str(book), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert "Contrats!C2 (Date d'embauche) : « 31/02/2026 » n'existe pas" in capsys.readouterr().err


def test_importing_a_file_that_is_not_a_workbook_is_one_clear_error(tmp_path: Path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "x.yaml")]) == 2
    assert "ni un classeur .xlsx" in capsys.readouterr().err
