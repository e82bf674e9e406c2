"""The workspace driven in a real Chromium (Debian's `chromium` and `chromium-driver`, through Selenium).

Four journeys, each on both database backends (the `db_engine` fixture: SQLite, and PostgreSQL at
GE_TEST_DATABASE_URL, skipped without it unless GE_REQUIRE_POSTGRES=1), as each person would walk them:
the manager's whole month (workbook import → solve → a move refused then accepted → publish → absences on
the calendar → absence and re-plan → accept → the versions compared), a member firm (only its own,
confirms its hours, downloads an invoice), the accountant (bill, issue, credit note, every download) and an
employee at phone width. Marked `browser`; skipped with the reason when Chromium or its driver is missing,
unless GE_REQUIRE_BROWSER=1 (.ci/run), which makes that a failure. With GE_SCREENSHOTS_DIR set, each page is
saved there as PNG (docs/img for docs/workspace.md).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from persistence.accounts import create_user
from persistence.db import write_session
from persistence.scope import Scope
from persistence.tables import (
    AbsenceRow,
    AssignmentRow,
    EmployeeRow,
    GroupRow,
    InvoiceRow,
    MemberRow,
    PlanVersionRow,
    SiteRow,
)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("GE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GE_CHROMEDRIVER", "/usr/bin/chromedriver")
MONTH = "2026-03"
PASSWORD = "mot de passe du test"
WAIT = 180.0  # a bound on waiting for the page or a solve, not a performance assertion
SHOT_HEIGHT = 3000  # the tallest screenshot (a month's board is longer)


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed"
    return None


@pytest.fixture(scope="module")
def browser_available() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("GE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (GE_REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def group(db_engine: Any) -> str:
    """A generated group (14 employees, 5 members) with its manager and accountant; no plan yet."""
    from engine.generator import generate_scenario
    from persistence.scenario_io import import_scenario

    with write_session(db_engine) as session:
        row = import_scenario(session, generate_scenario(14, 5, seed=7, month=MONTH))
        create_user(session, row.key, "gestion@ge.test", PASSWORD, "manager")
        create_user(session, row.key, "compta@ge.test", PASSWORD, "accountant")
        return row.key


@pytest.fixture
def server(
    browser_available: None, db_engine: Any, group: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The app on a real port (local solve workers), serving `group`."""
    import uvicorn

    from api.main import create_app
    from jobs.service import stop_pools
    from persistence.settings import Settings

    monkeypatch.setenv("GE_JOBS_BACKEND", "local")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    port = _free_port()
    app = create_app(Settings(public_url=f"http://127.0.0.1:{port}"), engine=db_engine)
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=30)
        stop_pools(terminate=True)


def _group_id(engine: Any) -> int:
    with Session(engine) as session:
        row = session.exec(select(GroupRow)).one()
        assert row.id is not None
        return row.id


@pytest.fixture
def published(server: str, db_engine: Any) -> PlanVersionRow:
    """The month solved by the jobs service (one worker, fixed seed) and published through the gate."""
    from jobs import service
    from persistence.plans import publish_version

    group_id = _group_id(db_engine)
    job = service.submit_solve(
        db_engine, group_id, MONTH, service.SolveRequest(time_limit=10, workers=1, seed=1), "test"
    )
    deadline = time.monotonic() + WAIT
    row = service.get_job(db_engine, group_id, job.id)
    while row is not None and row.status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.25)
        row = service.get_job(db_engine, group_id, job.id)
    assert row is not None and row.status == "succeeded" and row.plan_id, row
    return publish_version(db_engine, Scope(group_id=group_id, actor="test"), row.plan_id)


@pytest.fixture
def issued(published: PlanVersionRow, db_engine: Any) -> None:
    """The month billed and its invoices issued, through the API's own route functions."""
    from api.routes.accounting import issue_run
    from api.routes.billing import BillingRunCreate, create_run

    scope = Scope(group_id=published.group_id, role="accountant", actor="test")
    with write_session(db_engine) as session:
        run = create_run(session, scope, BillingRunCreate(month=MONTH))
    with write_session(db_engine) as session:
        issue_run(session, scope, run["id"], dt.date(2026, 4, 1))


class Browser:
    """A headless Chromium session in French with the few gestures the tests need."""

    def __init__(self, base: str, width: int = 1366, height: int = 900):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            f"--window-size={width},{height}",
            "--lang=fr-FR",
        ):
            options.add_argument(arg)
        options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
        env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr_FR:fr"}
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=options)
        self.base, self.width, self.height = base, width, height

    def quit(self) -> None:
        self.driver.quit()

    def go(self, path: str) -> None:
        self.driver.get(self.base + path)

    def _text_of(self, by: str, value: str) -> str:
        """The element's text, read again while the page is being replaced under it."""
        from selenium.common.exceptions import WebDriverException

        for _ in range(50):
            try:
                return str(self.driver.find_element(by, value).text)
            except WebDriverException:  # a stale node, or a node of the document being replaced
                time.sleep(0.1)
        return ""

    @property
    def text(self) -> str:
        return self._text_of("tag name", "body")

    def section(self, element_id: str) -> str:
        return self._text_of("id", element_id)

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.base)

    def fill(self, label_for: str, value: str) -> None:
        field = self.driver.find_element("id", label_for)
        if field.tag_name == "select":
            from selenium.webdriver.support.ui import Select

            Select(field).select_by_value(value)
        elif field.get_attribute("type") in ("date", "time", "month"):
            self.driver.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)

    def press(self, text: str) -> None:
        """Click the first button (or link) whose text starts with `text`."""
        xpath = f"//button[starts-with(normalize-space(.), {text!r})] | //a[starts-with(normalize-space(.), {text!r})]"
        self.driver.find_element("xpath", xpath).click()

    def has_button(self, text: str) -> bool:
        xpath = f"//button[starts-with(normalize-space(.), {text!r})]"
        return bool(self.driver.find_elements("xpath", xpath))

    def wait_for(self, predicate: Any, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.25)
        raise AssertionError(f"gave up waiting for {what}; at {self.path}: {self.text[:500]}")

    def sign_in(self, email: str) -> None:
        self.go("/app/connexion")
        self.fill("email", email)
        self.fill("password", PASSWORD)
        self.press("Se connecter")
        self.wait_for(lambda: "/connexion" not in self.path, "the sign-in")

    def fetch(self, url: str) -> str:
        """`status content-type` of a GET made by the page itself (its session cookie)."""
        return str(
            self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0], {credentials: 'same-origin'})"
                ".then(r => done(r.status + ' ' + (r.headers.get('content-type') || '').split(';')[0]));",
                url,
            )
        )

    def shot(self, name: str, max_height: int = SHOT_HEIGHT) -> None:
        """The whole page (up to `max_height` px) at the window's width, into GE_SCREENSHOTS_DIR."""
        folder = os.environ.get("GE_SCREENSHOTS_DIR")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = int(self.driver.execute_script("return document.documentElement.scrollHeight"))
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": self.width,
                "height": min(max(height, self.height), max_height),
                "deviceScaleFactor": 1,
                "mobile": self.width < 600,
            },
        )
        try:
            self.driver.save_screenshot(str(Path(folder) / f"workspace-{name}.png"))
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def fits_width(self) -> bool:
        return bool(
            self.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        )


@pytest.fixture
def browser(server: str) -> Iterator[Browser]:
    b = Browser(server)
    try:
        yield b
    finally:
        b.quit()


def _latest_plan(engine: Any, status: str | None = None) -> PlanVersionRow:
    with Session(engine) as session:
        query = select(PlanVersionRow).where(PlanVersionRow.month == MONTH)
        if status:
            query = query.where(PlanVersionRow.status == status)
        return session.exec(query.order_by(col(PlanVersionRow.id).desc())).first()  # type: ignore[return-value]


def _add_user(
    engine: Any, email: str, role: str, *, member: str | None = None, employee: str | None = None
) -> None:
    with write_session(engine) as session:
        key = session.exec(select(GroupRow.key)).one()
        create_user(session, key, email, PASSWORD, role, member_key=member, employee_key=employee)


RENAMED = "Manon Nicolas-Dupré"


def _edited_workbook(engine: Any, folder: Path) -> Path:
    """The group's workbook (as « Télécharger les données actuelles » gives it) with one employee renamed."""
    import io

    from openpyxl import load_workbook

    from engine.workbook import export_bytes
    from persistence.scenario_io import export_scenario

    with Session(engine) as session:
        book = load_workbook(io.BytesIO(export_bytes(export_scenario(session, _group_id(engine)))))
    sheet = book["Salariés"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Manon Nicolas":
                cell.value = RENAMED
    path = folder / "groupement.xlsx"
    book.save(path)
    return path


def _import_and_solve(b: Browser, engine: Any, tmp: Path) -> None:
    b.go("/app/donnees")
    b.shot("donnees")
    b.driver.find_element("id", "classeur_fichier").send_keys(str(_edited_workbook(engine, tmp)))
    b.press("Voir ce qui change")
    b.wait_for(lambda: "Changements par feuille" in b.text, "the workbook preview")
    b.shot("import-apercu")
    b.press("Appliquer ces changements")
    b.wait_for(lambda: "Classeur importé" in b.text, "the workbook applied")
    assert RENAMED in b.text
    b.go(f"/app/mois/{MONTH}")
    b.fill("time_limit", "10")
    b.press("Résoudre le mois")
    b.wait_for(lambda: "/app/travaux/" in b.path, "the job page")
    b.shot("resolution")
    b.wait_for(lambda: "version=" in b.path, "the solve to finish and show its draft")
    assert "Planning par salarié" in b.text and "Besoins non pourvus" in b.text
    b.shot("planning")
    b.fill("vue", "adherents")
    b.press("Filtrer")
    b.wait_for(lambda: "vue=adherents" in b.path, "the member view")
    b.shot("planning-adherents")


def _move_refused_then_accepted(b: Browser) -> None:
    b.fill("vue", "salaries")
    b.press("Filtrer")
    b.wait_for(lambda: "vue=salaries" in b.path, "the employee view")
    links = [a.get_attribute("href") for a in b.driver.find_elements("css selector", "a.shift")]
    assert links, "the solve placed nobody"
    refused = accepted = False
    for href in links[:40]:
        b.driver.get(href)
        b.press("Déplacer vers")
        b.wait_for(lambda: "Qui peut le prendre" in b.text, "the candidates")
        if not refused and b.has_button("Essayer quand même"):
            b.shot("qui-peut-le-prendre")
            b.press("Essayer quand même")
            b.wait_for(lambda: "Modification refusée" in b.text, "the refusal")
            assert "(L" in b.text or "(D" in b.text or "(contrat)" in b.text or "(scénario)" in b.text
            b.shot("modification-refusee")
            refused = True
            b.driver.back()
            b.wait_for(lambda: "Qui peut le prendre" in b.text, "the candidates again")
        if refused and b.has_button("Lui confier"):
            b.press("Lui confier")
            b.wait_for(lambda: "modifie=1" in b.path, "the accepted move")
            accepted = True
            break
    assert refused and accepted, "no occurrence offered both a refused and an accepted move"


def _absences_on_the_calendar(b: Browser, engine: Any) -> None:
    """Drag across two days, extend by one with Shift+→, then tick a day a week earlier by keyboard alone."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    with Session(engine) as session:
        employee = session.exec(select(EmployeeRow).order_by(col(EmployeeRow.key))).first()
        assert employee is not None
        key, employee_id = employee.key, employee.id
    b.go(f"/app/donnees/absences/calendrier?salarie={key}&mois={MONTH}")
    day = b.driver.find_element
    ActionChains(b.driver).click_and_hold(
        day("css selector", "td[data-day='2026-03-24'] label")
    ).move_to_element(day("css selector", "td[data-day='2026-03-25'] label")).release().perform()
    b.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.ARROW_RIGHT)  # extends to the 26th
    b.driver.switch_to.active_element.send_keys(Keys.ARROW_UP)  # a week before: the 19th
    b.driver.switch_to.active_element.send_keys(Keys.SPACE)
    said = b.section("cal-selection")
    assert said == "4 jours cochés : le 19 mars, du 24 mars au 26 mars.", said
    b.fill("cal_nature", "paid_leave")
    b.shot("absences-calendrier")
    b.press("Enregistrer l'absence")
    b.wait_for(lambda: "enregistre=" in b.path, "the absences saved")
    assert "2 absences enregistrées." in b.text and "du 24 mars 2026 au 26 mars 2026" in b.text
    with Session(engine) as session:
        saved = session.exec(select(AbsenceRow).where(AbsenceRow.employee_id == employee_id)).all()
    periods = {(a.kind, a.start.day, a.end.day) for a in saved if a.start.month == 3}
    assert {("paid_leave", 19, 19), ("paid_leave", 24, 26)} <= periods


def _replan_and_accept(b: Browser, engine: Any, published: PlanVersionRow) -> None:
    """An absence in the notice period: the proposal names whoever must agree, never the absent one."""
    with Session(engine) as session:
        late = session.exec(
            select(AssignmentRow, EmployeeRow)
            .join(EmployeeRow, col(EmployeeRow.id) == AssignmentRow.employee_id)
            .where(AssignmentRow.plan_id == published.id, AssignmentRow.date >= dt.date(2026, 3, 18))
            .order_by(col(AssignmentRow.date))
        ).first()
    assert late is not None
    assignment, employee = late
    b.go(f"/app/mois/{MONTH}/absence")
    b.fill("salarie", employee.key)
    b.fill("nature", "sickness")
    b.fill("debut", assignment.date.isoformat())
    b.fill("fin", assignment.date.isoformat())
    b.fill("aujourd_hui", "2026-03-16")
    b.shot("absence")
    b.press("Proposer une re-planification")
    b.wait_for(lambda: "/changements" in b.path, "the re-plan proposal")
    assert "Changements proposés" in b.text and "retrait" in b.text
    rows = [
        [td.text for td in tr.find_elements("tag name", "td")]
        for tr in b.driver.find_elements("css selector", "#changements-proposes tr")
    ]
    rows = [r for r in rows if r]
    own = [r for r in rows if r[3] == employee.name and r[0] == "retrait"]
    assert own and all(r[6] == "non : absence déclarée" for r in own), own
    must_agree = {r[3] for r in rows if r[6].startswith("nécessaire")}
    agreements = b.section("accords")
    assert all(name in agreements for name in must_agree), (must_agree, agreements)
    b.shot("re-planification")
    b.press("Accepter et publier")
    b.wait_for(lambda: "publie=1" in b.path, "the re-plan published")
    assert _latest_plan(engine, "published").id != published.id


def test_the_managers_month(browser: Browser, db_engine: Any, tmp_path: Path) -> None:
    b = browser
    b.sign_in("gestion@ge.test")
    assert b.path.startswith(f"/app/mois/{dt.date.today():%Y-%m}")
    _import_and_solve(b, db_engine, tmp_path)
    _move_refused_then_accepted(b)
    b.press("Publier cette version")
    b.wait_for(lambda: "/publier" in b.path, "the publish page")
    b.shot("publier")
    b.press("Publier cette version")
    b.wait_for(lambda: "publie=1" in b.path, "the publication")
    first = _latest_plan(db_engine, "published")
    _absences_on_the_calendar(b, db_engine)
    _replan_and_accept(b, db_engine, first)
    # the versions, and what changed between the re-plan and the first publication
    b.go(f"/app/mois/{MONTH}")
    b.fill("comparer", str(first.id))
    b.press("Afficher")
    b.wait_for(lambda: "comparer=" in b.path, "the comparison")
    assert "Changements depuis version" in b.text and "retrait" in b.section("changements")
    b.shot("comparaison")


def test_a_member_sees_only_its_own_confirms_its_hours_and_downloads_its_invoice(
    browser: Browser, db_engine: Any, published: PlanVersionRow, issued: None
) -> None:
    with Session(db_engine) as session:
        member_id = session.exec(
            select(AssignmentRow.member_id).where(AssignmentRow.plan_id == published.id)
        ).first()
        member = session.get(MemberRow, member_id)
        assert member is not None
        own_sites = set(session.exec(select(SiteRow.name).where(SiteRow.member_id == member_id)))
        planned = len(
            session.exec(
                select(AssignmentRow.id).where(
                    AssignmentRow.plan_id == published.id, AssignmentRow.member_id == member_id
                )
            ).all()
        )
        invoices = session.exec(select(InvoiceRow).where(InvoiceRow.status == "issued")).all()
        own_invoice = next(i.id for i in invoices if i.member_id == member_id)
        other_invoice = next(i.id for i in invoices if i.member_id != member_id)
        key, name = member.key, member.name
    _add_user(db_engine, "adherent@ge.test", "member", member=key)
    b = browser
    b.sign_in("adherent@ge.test")
    assert b.path == f"/app/adherent/{dt.date.today():%Y-%m}"
    b.go(f"/app/adherent/{MONTH}")
    assert name in b.text and "C'est la première publication du mois." in b.text
    table = b.driver.find_element("xpath", "//h2[starts-with(., 'Interventions')]/following-sibling::table")
    rows = [
        [td.text for td in tr.find_elements("tag name", "td")] for tr in table.find_elements("tag name", "tr")
    ]
    rows = [r for r in rows if r]
    assert len(rows) == planned and {r[3] for r in rows} <= own_sites
    b.press("Confirmer les heures telles que prévues")
    b.wait_for(lambda: "Heures confirmées" in b.text, "the confirmation")
    assert f"Heures du mois confirmées ({planned} ligne" in b.text
    correction = b.driver.find_element("xpath", "//summary[starts-with(., 'Corriger les heures')]")
    correction.click()
    label = b.driver.find_element("css selector", "label[for=debut_0]").get_attribute("textContent")
    assert label.startswith("Début réel, ") and rows[0][2] in label
    correction.click()
    link = b.driver.find_element("xpath", "//a[normalize-space(.)='Télécharger']").get_attribute("href")
    assert link.endswith(f"/invoices/{own_invoice}/pdf")
    assert b.fetch(link) == "200 application/pdf"
    assert b.fetch(f"/invoices/{other_invoice}/pdf").startswith("404")
    b.shot("adherent")


def test_the_accountant_bills_issues_credits_and_downloads(
    browser: Browser, db_engine: Any, published: PlanVersionRow
) -> None:
    b = browser
    b.sign_in("compta@ge.test")
    b.go(f"/app/facturation/{MONTH}")
    b.press("Calculer la facturation du mois")
    b.wait_for(lambda: "Aperçu par adhérent" in b.text, "the drafts")
    b.driver.find_element("css selector", "details summary").click()
    assert ",0000" not in b.text  # quantities as invoices print them
    b.shot("facturation-apercu")
    b.press("Émettre toutes les factures")
    b.wait_for(lambda: "Factures et avoirs émis (0)" not in b.text, "the issued invoices")
    b.driver.find_element("xpath", "//summary[starts-with(., 'Émettre un avoir')]").click()
    b.driver.find_element("css selector", "input[name=motif]").send_keys("heures à corriger")
    b.press("Émettre l'avoir")
    b.wait_for(lambda: "annulée par avoir" in b.text, "the credit note")
    assert "avoir de " in b.text
    kinds = {
        "Répartition par adhérent (CSV)": "text/csv",
        "Variables de paie (CSV)": "text/csv",
        "Répartition (XLSX)": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Écritures FEC du mois": "text/plain",
    }
    for label, kind in kinds.items():
        href = b.driver.find_element("xpath", f"//a[normalize-space(.)={label!r}]").get_attribute("href")
        assert b.fetch(href) == f"200 {kind}", label
    pdfs = [
        a.get_attribute("href")
        for a in b.driver.find_elements("xpath", "//a[normalize-space(.)='Télécharger']")
    ]
    assert pdfs and all(b.fetch(href) == "200 application/pdf" for href in pdfs[:2] + pdfs[-1:])
    b.shot("facturation")


def test_an_employee_reads_her_month_on_a_phone(
    server: str, db_engine: Any, published: PlanVersionRow
) -> None:
    with Session(db_engine) as session:
        employee_id = session.exec(
            select(AssignmentRow.employee_id).where(AssignmentRow.plan_id == published.id)
        ).first()
        employee = session.get(EmployeeRow, employee_id)
        assert employee is not None
        planned = len(
            session.exec(
                select(AssignmentRow.id).where(
                    AssignmentRow.plan_id == published.id, AssignmentRow.employee_id == employee_id
                )
            ).all()
        )
        key, name = employee.key, employee.name
    _add_user(db_engine, "salarie@ge.test", "employee", employee=key)
    phone = Browser(server, width=390, height=844)
    try:
        phone.sign_in("salarie@ge.test")
        phone.go(f"/app/salarie/{MONTH}")
        assert name in phone.text and "Semaine par semaine" in phone.text
        assert f"Mes interventions ({planned})" in phone.text
        assert phone.fits_width(), "the employee's page scrolls sideways on a phone"
        phone.shot("salarie", max_height=1800)
    finally:
        phone.quit()
