"""The board's reuse of what an edit left unchanged (api/pages/cache.py, api/pages/board.py): after a hand
edit, an absence, a pin or a new plan version, the board kept and partly redrawn is the board drawn from
nothing, and two groups never meet each other's entries."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from api.pages import cache
from persistence.audit import record
from persistence.db import write_session
from persistence.plans import save_draft
from persistence.tables import EmployeeRow, GroupRow, MemberRow
from tests.persistence.factories import small_plan
from tests.workspace.conftest import Workspace

MONTH = "2026-03"
TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def board(ws: Workspace, who: str = "manager", query: str = "") -> str:
    response = ws.browser(who).get(f"/app/mois/{MONTH}{query}")
    assert response.status_code == 200
    return TOKEN.sub("", response.text)


def drawn_from_nothing(ws: Workspace, who: str = "manager", query: str = "") -> str:
    cache.clear()
    return board(ws, who, query)


def row_of(page: str, name: str) -> str:
    """The HTML of one employee's row of the board by employee."""
    start = page.index(f'<tr><th class="who" scope="row"><b>{name}</b>')
    return page[start : page.index("</tr>", start)]


def test_after_a_move_the_board_is_the_board_drawn_from_nothing(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    before = board(ws)
    move = {"action": "move", "occurrence": "n1@2026-03-02", "salarie": "e1", "vers": "e2"}
    assert ws.post("manager", f"/app/plans/{plan}/modifier", move).status_code == 303
    after = board(ws)
    assert after != before
    assert row_of(after, "Alice Bernard") != row_of(before, "Alice Bernard")
    assert after == drawn_from_nothing(ws)


def test_after_a_move_a_filtered_board_is_the_board_drawn_from_nothing(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    board(ws, query="?membre=m1")
    move = {"action": "move", "occurrence": "n1@2026-03-02", "salarie": "e1", "vers": "e2"}
    assert ws.post("manager", f"/app/plans/{plan}/modifier", move).status_code == 303
    assert board(ws, query="?membre=m1") == drawn_from_nothing(ws, query="?membre=m1")


def test_an_absence_entered_after_a_view_shows_on_the_board(ws: Workspace) -> None:
    before = board(ws)
    absence = {"salarie": "e2", "nature": "training", "debut": "2026-03-20", "fin": "2026-03-21"}
    assert ws.post("manager", "/app/donnees/absences", absence).status_code == 303
    after = board(ws)
    assert after.count('class="abs"') > before.count('class="abs"')
    assert after == drawn_from_nothing(ws)


def test_a_pin_set_by_an_edit_shows_at_once_and_reaches_the_scenario_the_pages_read(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    board(ws)
    with Session(ws.world.engine) as session:
        gid = session.exec(select(GroupRow.id).where(GroupRow.key == "ge-mini")).one()
        assert cache.scenario_of(session, gid).pins == []
    pin = {"action": "pin", "occurrence": "n1@2026-03-02", "salarie": "e1"}
    assert ws.post("manager", f"/app/plans/{plan}/modifier", pin).status_code == 303
    assert 'class="shift pinned"' in board(ws)
    with Session(ws.world.engine) as session:
        assert [(p.employee, p.need) for p in cache.scenario_of(session, gid).pins] == [("e1", "n1")]


def test_a_new_draft_of_a_published_plan_is_drawn_with_its_own_links(ws: Workspace) -> None:
    plan = ws.world.ids["draft_plan"]
    board(ws, query=f"?version={plan}")
    assert ws.world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    unassign = {"action": "unassign", "occurrence": "n3@2026-03-03", "salarie": "e2"}
    response = ws.post("manager", f"/app/plans/{plan}/modifier", unassign)
    new = int(re.search(r"version=(\d+)", response.headers["location"]).group(1))  # type: ignore[union-attr]
    page = board(ws, query=f"?version={new}")
    assert f"/app/plans/{new}/occurrence" in page and f"/app/plans/{plan}/occurrence" not in page
    assert page == drawn_from_nothing(ws, query=f"?version={new}")


def test_two_groups_with_the_same_employees_and_plan_never_share_rows(ws: Workspace) -> None:
    with write_session(ws.world.engine) as session:
        other = session.exec(select(GroupRow).where(GroupRow.key == "ge-autre")).one()
        assert other.id is not None
        save_draft(session, other.id, small_plan(), source="test")
        alice = session.exec(
            select(EmployeeRow).where(EmployeeRow.group_id == other.id, EmployeeRow.key == "e1")
        ).one()
        alice.name = "Alice Autre"
        session.add(alice)
    assert "Alice Bernard" in board(ws, "manager")
    page = board(ws, "manager_g2")
    assert "Alice Autre" in page and "Alice Bernard" not in page
    assert "Alice Bernard" in board(ws, "manager")


def kept_rows(ws: Workspace) -> dict[str, tuple[object, str]]:
    """The employee rows the board keeps for the draft (api/pages/board.py, `render_grid`)."""
    plan = ws.world.ids["draft_plan"]
    with Session(ws.world.engine) as session:
        gid = session.exec(select(GroupRow.id).where(GroupRow.key == "ge-mini")).one()
        held = cache.peek(("board-rows", plan, cache.group_identity(session, gid)))
    assert held is not None
    return held[1]  # type: ignore[no-any-return]


def test_after_an_absence_only_the_absent_employees_row_is_drawn_again(ws: Workspace) -> None:
    board(ws)
    before = kept_rows(ws)
    absence = {"salarie": "e2", "nature": "training", "debut": "2026-03-20", "fin": "2026-03-21"}
    assert ws.post("manager", "/app/donnees/absences", absence).status_code == 303
    board(ws)
    after = kept_rows(ws)
    assert after["e2"][1] != before["e2"][1]
    assert all(after[e][1] is before[e][1] for e in before if e != "e2")


def test_after_a_contract_change_the_board_is_the_board_drawn_from_nothing(ws: Workspace) -> None:
    before = board(ws)
    assert ws.post("manager", "/app/donnees/salaries/e1", {"heures_hebdo": "20"}).status_code == 303
    after = board(ws)
    assert row_of(after, "Alice Bernard") != row_of(before, "Alice Bernard")
    assert after == drawn_from_nothing(ws)


def test_after_a_change_every_row_reads_the_board_is_the_board_drawn_from_nothing(ws: Workspace) -> None:
    board(ws)
    with write_session(ws.world.engine) as session:
        gid = session.exec(select(GroupRow.id).where(GroupRow.key == "ge-mini")).one()
        member = session.exec(select(MemberRow).where(MemberRow.group_id == gid, MemberRow.key == "m1")).one()
        member.name = "Adhérent renommé"
        session.add(member)
        record(session, gid, "test", "member.updated", "member", "m1")
    page = board(ws)
    assert "Adhérent renommé" in page
    assert page == drawn_from_nothing(ws)


def test_a_new_plan_version_is_drawn_as_from_nothing(ws: Workspace) -> None:
    board(ws)
    with write_session(ws.world.engine) as session:
        gid = session.exec(select(GroupRow.id).where(GroupRow.key == "ge-mini")).one()
        new = save_draft(session, gid, small_plan(), source="test").id
    page = board(ws, query=f"?version={new}")
    assert page == drawn_from_nothing(ws, query=f"?version={new}")
