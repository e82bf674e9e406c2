"""Member firms, accountants and employees through their pages (HTTP)."""

from __future__ import annotations

import re

import pytest

from tests.workspace.conftest import Workspace

MONTH = "2026-03"


@pytest.fixture
def published(ws: Workspace) -> Workspace:
    assert ws.world.call("manager", "POST", f"/plans/{ws.world.ids['draft_plan']}/publish").status_code == 200
    return ws


def test_a_member_confirms_its_hours_as_planned(published: Workspace) -> None:
    ws = published
    response = ws.post("member_m1", f"/app/adherent/{MONTH}/confirmer")
    assert response.status_code == 303
    lines = ws.world.call("member_m1", "GET", "/actuals", params={"month": MONTH}).json()["data"]
    assert [line["status"] for line in lines] == ["confirmed"]
    assert "Heures du mois confirmées" in ws.browser("member_m1").get(f"/app/adherent/{MONTH}").text


def test_a_member_corrects_an_hour(published: Workspace) -> None:
    ws = published
    response = ws.post("member_m1", f"/app/adherent/{MONTH}/corriger", {"debut_0": "08:30", "fin_0": "11:30"})
    assert response.status_code == 303, response.text
    lines = ws.world.call("member_m1", "GET", "/actuals", params={"month": MONTH}).json()["data"]
    assert [(line["status"], line["minutes"]) for line in lines] == [("corrected", 180)]


def test_a_member_reads_its_unfilled_needs_without_anyones_private_data(published: Workspace) -> None:
    text = published.browser("member_m2").get(f"/app/adherent/{MONTH}").text
    section = text.split("Vos besoins non pourvus")[1].split("</section>")[0]
    assert "Alice" not in section and "Bruno" not in section and "malad" not in section


def test_an_accountant_bills_issues_and_credits_from_the_page(published: Workspace) -> None:
    ws = published
    assert ws.post("accountant", f"/app/facturation/{MONTH}/calculer").status_code == 303
    page = ws.browser("accountant").get(f"/app/facturation/{MONTH}").text
    assert "Aperçu par adhérent : 2 brouillons" in page and "Boulangerie Martin" in page
    run_id = re.search(r'name="run_id" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    assert (
        ws.post(
            "accountant",
            f"/app/facturation/{MONTH}/emettre",
            {"run_id": run_id, "date_emission": "2026-04-01"},
        ).status_code
        == 303
    )
    issued = ws.world.call(
        "accountant", "GET", "/invoices", params={"status": "issued", "month": MONTH}
    ).json()["data"]
    own = [i for i in issued if i["member"] in ("m1", "m2")]
    assert len(own) == 2 and all(i["number"] for i in own)
    target = next(i for i in own if i["member"] == "m1")
    response = ws.post(
        "accountant",
        f"/app/facturation/{MONTH}/avoir",
        {"invoice_id": str(target["id"]), "motif": "heures erronées", "date_emission": "2026-04-02"},
    )
    assert response.status_code == 303
    page = ws.browser("accountant").get(f"/app/facturation/{MONTH}").text
    assert "avoir de " + target["number"] in page and "annulée par avoir" in page
    for name in ("par_adherent.csv", "repartition.xlsx", "fec.txt", "variables_paie.csv"):
        assert ws.browser("accountant").get(f"/billing/runs/{run_id}/exports/{name}").status_code == 200, name


def test_a_member_downloads_its_issued_invoice_but_not_anothers(published: Workspace) -> None:
    ws = published
    assert ws.post("accountant", f"/app/facturation/{MONTH}/calculer").status_code == 303
    run_id = re.search(
        r'name="run_id" value="(\d+)"', ws.browser("accountant").get(f"/app/facturation/{MONTH}").text
    ).group(1)  # type: ignore[union-attr]
    ws.post(
        "accountant", f"/app/facturation/{MONTH}/emettre", {"run_id": run_id, "date_emission": "2026-04-01"}
    )
    page = ws.browser("member_m1").get(f"/app/adherent/{MONTH}").text
    links = re.findall(r'href="(/invoices/\d+/pdf)"', page)
    assert len(links) == 1
    assert ws.browser("member_m1").get(links[0]).content.startswith(b"%PDF")
    other = ws.browser("member_m2").get(f"/app/adherent/{MONTH}").text
    theirs = re.findall(r'href="(/invoices/\d+/pdf)"', other)
    assert theirs and theirs != links
    assert ws.browser("member_m1").get(theirs[0]).status_code == 404


def test_an_employee_sees_her_month_and_hours_against_contract(published: Workspace) -> None:
    text = published.browser("employee_e1").get(f"/app/salarie/{MONTH}").text
    assert "Alice Bernard" in text and "Boulangerie Martin" in text and "Garage Durand" in text
    assert "lundi 2 mars 2026" in text and "8 h 07 / 24 h" in text  # 7 min of travel between the two members
    assert "Bruno" not in text


def test_member_and_employee_feed_links_are_created_once_and_work(published: Workspace) -> None:
    ws = published
    for who, path in (
        ("member_m1", f"/app/adherent/{MONTH}/calendrier"),
        ("employee_e1", f"/app/salarie/{MONTH}/calendrier"),
    ):
        response = ws.post(who, path)
        url = re.search(r"<code>(http[^<]+)</code>", response.text).group(1)  # type: ignore[union-attr]
        feed = ws.browser(who).get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
        assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content


def test_hours_the_billing_flags_are_listed_in_french_and_billed_once_confirmed(published: Workspace) -> None:
    ws = published
    corrected = ws.post(
        "member_m1", f"/app/adherent/{MONTH}/corriger", {"debut_0": "12:30", "fin_0": "08:30"}
    )
    assert corrected.status_code == 303  # read as a night shift of 20 h: billing flags it
    refused = ws.post("accountant", f"/app/facturation/{MONTH}/calculer")
    assert refused.status_code == 409
    flagged = refused.text.split('id="avertissements"')[1].split("</section>")[0]
    assert (
        "la fin précède le début" in flagged and "Je confirme : facturer ces heures telles quelles" in flagged
    )
    assert "accept_warnings" not in refused.text
    assert ws.post("accountant", f"/app/facturation/{MONTH}/calculer", {"accepter": "oui"}).status_code == 303
    assert "Aperçu par adhérent" in ws.browser("accountant").get(f"/app/facturation/{MONTH}").text
