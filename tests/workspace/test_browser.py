"""The workspace driven in a real Chromium (Debian's `chromium` and `chromium-driver`, through Selenium).

One test per database backend walks the whole month as each person would: the manager (data → solve →
move an assignment, refused then accepted → absence and re-plan → publish), the accountant (bill, issue,
credit note), a member firm (only its own, confirms hours, downloads an invoice) and an employee at phone
width. Marked `browser`; skipped with the reason when Chromium or its driver is missing, unless
GE_REQUIRE_BROWSER=1 (.ci/run), which makes that a failure. With GE_SCREENSHOTS_DIR set, each page is
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
from persistence.tables import AssignmentRow, EmployeeRow, MemberRow, PlanVersionRow

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("GE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GE_CHROMEDRIVER", "/usr/bin/chromedriver")
MONTH = "2026-03"
PASSWORD = "mot de passe du test"
WAIT = 180.0  # a bound on waiting for the page or a solve, not a performance assertion


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
def server(browser_available: None, db_engine: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app on a real port, with a generated group (14 employees, 5 members) and no plan yet."""
    import uvicorn

    from api.main import create_app
    from engine.generator import generate_scenario
    from jobs.service import stop_pools
    from persistence.scenario_io import import_scenario
    from persistence.settings import Settings

    monkeypatch.setenv("GE_JOBS_BACKEND", "local")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    with write_session(db_engine) as session:
        group = import_scenario(session, generate_scenario(14, 5, seed=7, month=MONTH))
        create_user(session, group.key, "gestion@ge.test", PASSWORD, "manager")
        create_user(session, group.key, "compta@ge.test", PASSWORD, "accountant")
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


class Browser:
    """A headless Chromium session with the few gestures the tests need."""

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

    @property
    def text(self) -> str:
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

        for _ in range(50):
            try:
                return str(self.driver.find_element("tag name", "body").text)
            except (StaleElementReferenceException, NoSuchElementException):  # the page is being replaced
                time.sleep(0.1)
        return ""

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.base)

    def fill(self, label_for: str, value: str) -> None:
        field = self.driver.find_element("id", label_for)
        if field.tag_name == "select":
            from selenium.webdriver.support.ui import Select

            Select(field).select_by_value(value)
        elif field.get_attribute("type") in ("date", "time"):
            self.driver.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)

    def press(self, text: str) -> None:
        """Click the first button (or link) whose text starts with `text`."""
        xpath = f"//button[starts-with(normalize-space(.), {text!r})] | //a[starts-with(normalize-space(.), {text!r})]"
        self.driver.find_element("xpath", xpath).click()

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

    def shot(self, name: str) -> None:
        folder = os.environ.get("GE_SCREENSHOTS_DIR")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.driver.execute_script("window.scrollTo(0, 0)")
        height = int(self.driver.execute_script("return document.documentElement.scrollHeight"))
        self.driver.set_window_size(self.width, min(max(height, self.height), 2200))
        self.driver.save_screenshot(str(Path(folder) / f"workspace-{name}.png"))
        self.driver.set_window_size(self.width, self.height)

    def fits_width(self) -> bool:
        return bool(
            self.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        )


def _latest_plan(engine: Any, status: str | None = None) -> PlanVersionRow:
    with Session(engine) as session:
        query = select(PlanVersionRow).where(PlanVersionRow.month == MONTH)
        if status:
            query = query.where(PlanVersionRow.status == status)
        return session.exec(query.order_by(col(PlanVersionRow.id).desc())).first()  # type: ignore[return-value]


RENAMED = "Manon Nicolas-Dupré"


def _edited_workbook(engine: Any, folder: Path) -> Path:
    """The group's workbook (as « Télécharger les données actuelles » gives it) with one employee renamed."""
    import io

    from openpyxl import load_workbook

    from engine.workbook import export_bytes
    from persistence.scenario_io import export_scenario
    from persistence.tables import GroupRow

    with Session(engine) as session:
        group = session.exec(select(GroupRow)).first()
        assert group is not None and group.id is not None
        book = load_workbook(io.BytesIO(export_bytes(export_scenario(session, group.id))))
    sheet = book["Salariés"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Manon Nicolas":
                cell.value = RENAMED
    path = folder / "groupement.xlsx"
    book.save(path)
    return path


def _manager_month(b: Browser, engine: Any, tmp: Path) -> None:
    b.sign_in("gestion@ge.test")
    assert b.path.startswith(f"/app/mois/{dt.date.today():%Y-%m}")
    # Données: the group's workbook, edited as a manager would, uploaded, previewed, applied
    b.go("/app/donnees")
    b.shot("donnees")
    workbook = _edited_workbook(engine, tmp)
    b.driver.find_element("id", "classeur_fichier").send_keys(str(workbook))
    b.press("Voir ce qui change")
    b.wait_for(lambda: "Changements par feuille" in b.text, "the workbook preview")
    b.shot("import-apercu")
    b.press("Appliquer ces changements")
    b.wait_for(lambda: "Classeur importé" in b.text, "the workbook applied")
    assert RENAMED in b.text
    # Résoudre: a job with live progress, then the draft on the board
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
    # Modifier à la main: a move refused (with its article), then one accepted
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
        if not refused and b.driver.find_elements(
            "xpath", "//button[starts-with(normalize-space(.), 'Essayer quand même')]"
        ):
            b.shot("qui-peut-le-prendre")
            b.press("Essayer quand même")
            b.wait_for(lambda: "Modification refusée" in b.text, "the refusal")
            assert "(L" in b.text or "(D" in b.text or "(contrat)" in b.text or "(scénario)" in b.text
            b.shot("modification-refusee")
            refused = True
            b.driver.back()
            b.wait_for(lambda: "Qui peut le prendre" in b.text, "the candidates again")
        if refused and b.driver.find_elements(
            "xpath", "//button[starts-with(normalize-space(.), 'Lui confier')]"
        ):
            b.press("Lui confier")
            b.wait_for(lambda: "modifie=1" in b.path, "the accepted move")
            accepted = True
            break
    assert refused and accepted, "no occurrence offered both a refused and an accepted move"
    # Publier through the gate
    b.press("Publier cette version")
    b.wait_for(lambda: "/publier" in b.path, "the publish page")
    b.shot("publier")
    b.press("Publier cette version")
    b.wait_for(lambda: "publie=1" in b.path, "the publication")
    # Absence → re-plan → accept
    published = _latest_plan(engine, "published")
    with Session(engine) as session:
        late = session.exec(
            select(AssignmentRow, EmployeeRow.key)
            .join(EmployeeRow, col(EmployeeRow.id) == AssignmentRow.employee_id)
            .where(AssignmentRow.plan_id == published.id, AssignmentRow.date >= dt.date(2026, 3, 18))
            .order_by(col(AssignmentRow.date))
        ).first()
    assert late is not None
    assignment, employee = late
    b.go(f"/app/mois/{MONTH}/absence")
    b.fill("salarie", employee)
    b.fill("nature", "sickness")
    b.fill("debut", assignment.date.isoformat())
    b.fill("fin", assignment.date.isoformat())
    b.fill("aujourd_hui", "2026-03-16")
    b.shot("absence")
    b.press("Proposer une re-planification")
    b.wait_for(lambda: "/changements" in b.path, "the re-plan proposal")
    assert "Changements proposés" in b.text and "retrait" in b.text
    b.shot("re-planification")
    b.press("Accepter et publier")
    b.wait_for(lambda: "publie=1" in b.path, "the re-plan published")
    assert _latest_plan(engine, "published").id != published.id


def _accountant(b: Browser) -> None:
    b.sign_in("compta@ge.test")
    b.go(f"/app/facturation/{MONTH}")
    b.press("Calculer la facturation du mois")
    b.wait_for(lambda: "Aperçu par adhérent" in b.text, "the drafts")
    b.driver.find_element("css selector", "details summary").click()
    b.shot("facturation-apercu")
    b.press("Émettre toutes les factures")
    b.wait_for(lambda: "Factures et avoirs émis (0)" not in b.text, "the issued invoices")
    b.driver.find_element("xpath", "//summary[starts-with(., 'Émettre un avoir')]").click()
    field = b.driver.find_element("css selector", "input[name=motif]")
    field.send_keys("heures à corriger")
    b.press("Émettre l'avoir")
    b.wait_for(lambda: "annulée par avoir" in b.text, "the credit note")
    b.shot("facturation")


def _member(b: Browser, engine: Any) -> None:
    with Session(engine) as session:
        published = _latest_plan(engine, "published")
        member_id = session.exec(
            select(AssignmentRow.member_id).where(AssignmentRow.plan_id == published.id)
        ).first()
        member = session.get(MemberRow, member_id)
        others = [m.name for m in session.exec(select(MemberRow).where(MemberRow.id != member_id))]
        assert member is not None
        create_user(
            session,
            _group_key(session, member.group_id),
            "adherent@ge.test",
            PASSWORD,
            "member",
            member_key=member.key,
        )
        name = member.name
        session.commit()
    b.sign_in("adherent@ge.test")
    b.go(f"/app/adherent/{MONTH}")
    assert name in b.text
    table = b.driver.find_element(
        "xpath", "//h2[starts-with(., 'Interventions')]/following-sibling::table"
    ).text
    assert not [o for o in others if o in table]
    b.press("Confirmer les heures telles que prévues")
    b.wait_for(lambda: "Heures confirmées" in b.text, "the confirmation")
    link = b.driver.find_element("xpath", "//a[normalize-space(.)='Télécharger']").get_attribute("href")
    kind = b.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status + ' ' + r.headers.get('content-type')));",
        link,
    )
    assert kind == "200 application/pdf"
    b.shot("adherent")


def _group_key(session: Session, group_id: int) -> str:
    from persistence.tables import GroupRow

    group = session.get(GroupRow, group_id)
    assert group is not None
    return group.key


def _employee(base: str, engine: Any) -> None:
    with Session(engine) as session:
        published = _latest_plan(engine, "published")
        employee_id = session.exec(
            select(AssignmentRow.employee_id).where(AssignmentRow.plan_id == published.id)
        ).first()
        employee = session.get(EmployeeRow, employee_id)
        assert employee is not None
        create_user(
            session,
            _group_key(session, employee.group_id),
            "salarie@ge.test",
            PASSWORD,
            "employee",
            employee_key=employee.key,
        )
        session.commit()
        name = employee.name
    phone = Browser(base, width=390, height=844)
    try:
        phone.sign_in("salarie@ge.test")
        phone.go(f"/app/salarie/{MONTH}")
        assert name in phone.text and "Semaine par semaine" in phone.text
        assert phone.fits_width(), "the employee's page scrolls sideways on a phone"
        phone.shot("salarie")
    finally:
        phone.quit()


def test_the_month_in_a_real_browser_for_every_role(server: str, db_engine: Any, tmp_path: Path) -> None:
    b = Browser(server)
    try:
        _manager_month(b, db_engine, tmp_path)
        b.driver.delete_all_cookies()
        _accountant(b)
        b.driver.delete_all_cookies()
        _member(b, db_engine)
    finally:
        b.quit()
    _employee(server, db_engine)
