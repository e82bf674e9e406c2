"""`GET /group/scenario` is exported once per data revision (persistence.scenario_cache) and exported
again after any write."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from persistence import scenario_cache
from persistence.scenario_io import export_scenario
from persistence.tables import GroupRow


@pytest.fixture
def exports(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The group ids exported from the database (not served from the cache), in order."""
    scenario_cache.clear_cache()
    calls: list[int] = []
    real = scenario_cache.export_scenario

    def counting(session: Any, group_id: int) -> Any:
        calls.append(group_id)
        return real(session, group_id)

    monkeypatch.setattr(scenario_cache, "export_scenario", counting)
    return calls


def test_the_scenario_is_exported_once_while_nothing_changes(world, exports):
    first = world.call("manager", "GET", "/group/scenario")
    second = world.call("manager", "GET", "/group/scenario")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and len(exports) == 1
    assert first.headers["content-type"] == "application/json"


def test_a_write_gives_the_next_read_the_new_data(world, exports):
    before = world.call("manager", "GET", "/group/scenario").json()
    assert (
        world.call("manager", "PATCH", "/members/m1", json={"name": "Boulangerie Renommée"}).status_code
        == 200
    )
    after = world.call("manager", "GET", "/group/scenario").json()
    names = {m["id"]: m["name"] for m in after["members"]}
    assert names["m1"] == "Boulangerie Renommée" != {m["id"]: m["name"] for m in before["members"]}["m1"]
    assert len(exports) == 2


def test_each_group_reads_its_own_export(world, exports):
    mine = world.call("manager", "GET", "/group/scenario").json()
    theirs = world.call("manager_g2", "GET", "/group/scenario").json()
    assert mine["group"]["id"] == "ge-mini" and theirs["group"]["id"] != "ge-mini"


def test_the_cached_export_equals_the_scenario_read_from_the_database(world, exports):
    world.call("manager", "GET", "/group/scenario")
    served = world.call("manager", "GET", "/group/scenario").json()
    with Session(world.engine) as session:
        gid = session.exec(select(GroupRow.id).where(GroupRow.key == "ge-mini")).one()
        direct = export_scenario(session, gid).model_dump(mode="json", by_alias=True)
    assert served == direct
