"""Absences on the month calendar, the re-plan proposal and the member's summary, through HTTP as a browser
without JavaScript sends them (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from sqlmodel import select

from api.pages.absences import runs
from persistence.db import write_session
from persistence.plans import save_draft
from persistence.tables import GroupRow
from tests.jobs.conftest import ROOT
from tests.persistence.factories import small_plan
from tests.workspace.conftest import Workspace

MONTH = "2026-03"
CALENDAR = "/app/donnees/absences/calendrier"


def absences_of(ws: Workspace, employee: str) -> list[tuple[str, str, str]]:
    rows = ws.world.call("manager", "GET", "/absences", params={"employee": employee}).json()["data"]
    return sorted((a["kind"], a["start"], a["end"]) for a in rows)


def test_consecutive_days_make_one_period_each() -> None:
    day = dt.date(2026, 3, 1)
    days = [day + dt.timedelta(days=n) for n in (9, 2, 3, 4, 9, 30)]
    assert runs(days) == [
        (dt.date(2026, 3, 3), dt.date(2026, 3, 5)),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 10)),
        (dt.date(2026, 3, 31), dt.date(2026, 3, 31)),
    ]


def test_the_calendar_is_a_form_of_one_labelled_checkbox_per_day(ws: Workspace) -> None:
    page = ws.browser("manager").get(CALENDAR, params={"salarie": "e1", "mois": MONTH}).text
    assert "Absences de Alice Bernard — mars 2026" in page
    for day in range(1, 32):
        iso = f"2026-03-{day:02d}"
        assert f'<input type="checkbox" class="pick" name="jour" value="{iso}" id="jour-{iso}">' in page
        assert f'<label for="jour-{iso}">' in page
    assert "2026-04-01" not in page and "lundi 2 mars 2026" in page


def test_ticked_days_are_saved_as_one_absence_per_run_of_consecutive_days(ws: Workspace) -> None:
    days = ["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-20"]
    response = ws.post(
        "manager", CALENDAR, {"salarie": "e2", "mois": MONTH, "nature": "paid_leave", "jour": days}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{CALENDAR}?salarie=e2&mois={MONTH}&enregistre=2"
    assert absences_of(ws, "e2") == [
        ("paid_leave", "2026-03-10", "2026-03-12"),
        ("paid_leave", "2026-03-20", "2026-03-20"),
    ]
    page = ws.browser("manager").get(response.headers["location"]).text
    assert "2 absences enregistrées." in page and "du 10 mars 2026 au 12 mars 2026" in page
    assert page.count('<span class="abs">congés payés</span>') == 4


def test_a_day_outside_the_month_shown_is_refused_and_nothing_is_saved(ws: Workspace) -> None:
    response = ws.post(
        "manager", CALENDAR, {"salarie": "e2", "mois": MONTH, "jour": ["2026-03-10", "2026-04-01"]}
    )
    assert response.status_code == 422 and "n'appartiennent pas au mois affiché" in unescape(response.text)
    assert absences_of(ws, "e2") == []


def test_saving_without_a_ticked_day_says_so(ws: Workspace) -> None:
    response = ws.post("manager", CALENDAR, {"salarie": "e2", "mois": MONTH})
    assert response.status_code == 422 and "Cochez au moins un jour" in response.text


def test_a_refused_save_keeps_the_ticked_days_and_the_nature(ws: Workspace) -> None:
    response = ws.post(
        "manager", CALENDAR, {"salarie": "e2", "mois": MONTH, "nature": "nope", "jour": ["2026-03-10"]}
    )
    assert response.status_code == 422 and "Choisissez la nature" in response.text
    assert 'value="2026-03-10" id="jour-2026-03-10" checked>' in response.text


def test_a_recorded_absence_is_removed_from_its_page(ws: Workspace) -> None:
    ws.post("manager", CALENDAR, {"salarie": "e2", "mois": MONTH, "jour": ["2026-03-10"]})
    absence = ws.world.call("manager", "GET", "/absences", params={"employee": "e2"}).json()["data"][0]
    back = f"{CALENDAR}?salarie=e2&mois={MONTH}"
    response = ws.post("manager", f"/app/donnees/absences/{absence['id']}/supprimer", {"retour": back})
    assert response.status_code == 303 and response.headers["location"] == back
    assert absences_of(ws, "e2") == []


def test_removing_an_absence_never_sends_the_browser_off_the_data_pages(ws: Workspace) -> None:
    absence = ws.world.ids["absence"]
    response = ws.post(
        "manager", f"/app/donnees/absences/{absence}/supprimer", {"retour": "https://ailleurs.example/"}
    )
    assert response.headers["location"] == "/app/donnees#absences"


def test_saving_with_a_replan_records_the_absence_and_starts_the_replan(
    ws: Workspace, pools: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("GE_SOLVE_FUNCTION", "tests.jobs.doubles:blocking_solve")
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    page = ws.browser("manager").get(CALENDAR, params={"salarie": "e1", "mois": MONTH}).text
    assert "Enregistrer et proposer une re-planification" in page
    response = ws.post(
        "manager",
        CALENDAR,
        {"salarie": "e1", "mois": MONTH, "jour": ["2026-03-02", "2026-03-03"], "suite": "replanifier"},
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/app/travaux/")
    job_id = response.headers["location"].rsplit("/", 1)[1]
    job = ws.browser("manager").get(f"/jobs/{job_id}").json()
    assert job["kind"] == "replan"
    assert [(a["employee"], a["start"], a["end"]) for a in job["change"]["absences"]] == [
        ("e1", "2026-03-02", "2026-03-03")
    ]
    assert absences_of(ws, "e1") == [("sickness", "2026-03-02", "2026-03-03")]
    ws.post("manager", f"{response.headers['location']}/annuler")


def test_a_replan_asked_without_a_published_plan_keeps_the_absence_and_says_why(ws: Workspace) -> None:
    page = ws.browser("manager").get(CALENDAR, params={"salarie": "e1", "mois": MONTH}).text
    assert "Enregistrer et proposer" not in page and "Aucun planning publié pour ce mois" in page
    response = ws.post(
        "manager", CALENDAR, {"salarie": "e1", "mois": MONTH, "jour": ["2026-03-05"], "suite": "replanifier"}
    )
    assert response.status_code == 409
    assert "L'absence est enregistrée, mais la re-planification n'a pas pu être lancée" in unescape(
        response.text
    )
    assert absences_of(ws, "e1") == [("sickness", "2026-03-05", "2026-03-05")]


def test_the_calendar_shows_the_employees_published_work_of_each_day(ws: Workspace) -> None:
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    page = ws.browser("manager").get(CALENDAR, params={"salarie": "e1", "mois": MONTH}).text
    monday = page.split('data-day="2026-03-02"')[1].split("</td>")[0]
    assert '<span class="work">8h30–12h30 Boulangerie Martin</span>' in monday


def test_an_employee_reads_her_own_absences_only(ws: Workspace) -> None:
    ws.post(
        "manager", CALENDAR, {"salarie": "e1", "mois": MONTH, "nature": "training", "jour": ["2026-03-16"]}
    )
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    page = ws.browser("employee_e1").get(f"/app/salarie/{MONTH}").text
    mine = page.split("Mes absences")[1].split("</section>")[0]
    assert "Formation le 16 mars 2026" in mine and "20 mars" not in mine  # zz-emp's training: not hers


def _replan_draft(ws: Workspace, *, agreement: bool) -> int:
    """A re-plan's draft as a job leaves it: e1 off sick on Monday the 2nd, e2 takes her shift."""
    published = ws.world.ids["draft_plan"]
    assert ws.world.call("manager", "POST", f"/plans/{published}/publish").status_code == 200
    plan = small_plan()
    held = next(a for a in plan.assignments if a.employee == "e1" and a.need == "n1")
    taken = held.model_copy(update={"employee": "e2"})
    after = plan.model_copy(update={"assignments": [taken, *(a for a in plan.assignments if a != held)]})
    change: dict[str, Any] = {
        "absences": [{"employee": "e1", "kind": "sickness", "start": "2026-03-02", "end": "2026-03-02"}],
        "today": "2026-02-27",
    }
    changes = [
        {
            "kind": kind,
            "employee": who,
            "need": "n1",
            "date": "2026-03-02",
            "start": held.start.isoformat(),
            "needs_agreement": agreement,
        }
        for kind, who in (("removed", "e1"), ("added", "e2"))
    ]
    with write_session(ws.world.engine) as session:
        group = session.exec(select(GroupRow).where(GroupRow.key == "ge-mini")).one()
        assert group.id is not None
        row = save_draft(session, group.id, after, source="replan", based_on_id=published)
        row.data = {**row.data, "change": change, "changes": changes}
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def test_the_proposal_names_who_must_agree_and_never_asks_the_absent(ws: Workspace) -> None:
    draft = _replan_draft(ws, agreement=True)
    page = ws.browser("manager").get(f"/app/plans/{draft}/changements").text
    agreements = page.split('id="accords"')[1].split("</section>")[0]
    assert "<b>Bruno Petit</b> : 1 changement (délai de prévenance de 7 jours)" in agreements
    assert "L3123-11, L3123-31" in agreements and "Alice Bernard" not in agreements
    rows = page.split('id="changements-proposes"')[1]
    assert "non : absence déclarée" in rows and "08:30–12:30" in rows
    assert "Arrêt maladie de Alice Bernard le 2 mars 2026" in page


def test_a_proposal_outside_the_notice_period_needs_no_agreement(ws: Workspace) -> None:
    draft = _replan_draft(ws, agreement=False)
    page = ws.browser("manager").get(f"/app/plans/{draft}/changements").text
    assert "aucun accord de salarié n'est nécessaire" in unescape(page)


def test_a_member_reads_what_changed_for_it_since_the_last_publication(ws: Workspace) -> None:
    first = ws.world.ids["draft_plan"]
    assert ws.world.call("manager", "POST", f"/plans/{first}/publish").status_code == 200
    assert (
        "C'est la première publication du mois." in ws.browser("member_m1").get(f"/app/adherent/{MONTH}").text
    )
    edited = ws.post(
        "manager",
        f"/app/plans/{first}/modifier",
        {"action": "unassign", "occurrence": "n1@2026-03-02", "salarie": "e1"},
    )
    second = int(edited.headers["location"].split("version=")[1].split("&")[0])
    assert ws.post("manager", f"/app/plans/{second}/publier").status_code == 303
    m1 = ws.browser("member_m1").get(f"/app/adherent/{MONTH}").text
    summary = m1.split('id="changements"')[1].split("</section>")[0]
    assert "<b>aucune intervention ajoutée</b>, <b>1 intervention retirée</b> sur vos sites" in summary
    assert "retrait" in summary and "08:30–12:30" in summary and "Alice Bernard" in summary
    m2 = ws.browser("member_m2").get(f"/app/adherent/{MONTH}").text
    assert "Rien n'a changé sur vos sites depuis la publication précédente" in unescape(m2)


def test_an_edit_that_cannot_be_tried_is_explained_in_french(ws: Workspace) -> None:
    response = ws.post(
        "manager",
        f"/app/plans/{ws.world.ids['draft_plan']}/modifier",
        {"action": "unassign", "occurrence": "n1@2026-03-02", "salarie": "e2"},
    )
    assert response.status_code == 422
    assert "Bruno Petit n'occupe pas ce poste le 02/03/2026" in unescape(response.text)


def test_the_billing_preview_prints_quantities_as_the_invoice_does(ws: Workspace) -> None:
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    assert ws.post("accountant", f"/app/facturation/{MONTH}/calculer").status_code == 303
    page = ws.browser("accountant").get(f"/app/facturation/{MONTH}").text
    assert "Heures travaillées" in page and ",0000" not in page
