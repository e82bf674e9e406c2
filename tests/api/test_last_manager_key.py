"""A group always keeps an active manager key: the last one cannot be revoked (issue 15: it revoked itself
with 204, leaving a group nobody could administer), even when two managers revoke each other's key at
the same moment. Rotating it replaces it and is allowed."""

from __future__ import annotations

import threading

import httpx

from tests.api.live import live_server

ROUNDS = 6


def _manager_keys(world, who="manager"):
    keys = world.call(who, "GET", "/api-keys", params={"limit": 500}).json()["data"]
    return [k for k in keys if k["role"] == "manager" and k["revoked_at"] is None]


def test_revoking_the_groups_last_manager_key_is_409_and_it_keeps_working(world):
    (only,) = _manager_keys(world)
    response = world.call("manager", "DELETE", f"/api-keys/{only['id']}")
    assert response.status_code == 409
    assert "last active manager key" in response.json()["detail"]
    assert world.call("manager", "GET", "/group").status_code == 200


def test_a_manager_key_is_revoked_while_another_remains(world):
    other = world.call("manager", "POST", "/api-keys", json={"role": "manager", "label": "adjointe"}).json()
    assert world.call("manager", "DELETE", f"/api-keys/{other['id']}").status_code == 204
    (only,) = _manager_keys(world)
    assert world.call("manager", "DELETE", f"/api-keys/{only['id']}").status_code == 409


def test_rotating_the_last_manager_key_gives_a_working_replacement(world):
    (only,) = _manager_keys(world)
    new = world.call("manager", "POST", f"/api-keys/{only['id']}/rotate").json()
    assert world.client.get("/group", headers={"X-API-Key": new["key"]}).status_code == 200
    assert world.call("manager", "GET", "/group").status_code == 401


def test_other_roles_keys_are_revoked_freely(world):
    accountant = world.call("manager", "POST", "/api-keys", json={"role": "accountant"}).json()
    assert world.call("manager", "DELETE", f"/api-keys/{accountant['id']}").status_code == 204


def test_two_managers_revoking_each_others_key_at_once_never_leave_the_group_without_one(world):
    """Each round: two fresh manager keys (every other one revoked first), each revokes the other's."""
    outcomes = []
    with live_server(world.app) as base:
        boot = world.headers("manager")
        for _ in range(ROUNDS):
            with httpx.Client(base_url=base, headers=boot, timeout=120) as c:
                a, b = (c.post("/api-keys", json={"role": "manager"}).json() for _ in range(2))
                for key in _live(c):
                    if key["id"] not in (a["id"], b["id"]):
                        assert c.delete(f"/api-keys/{key['id']}").status_code == 204
            answers = _revoke_each_other(base, a, b)
            survivor = a if answers[a["prefix"]] == 204 else b
            boot = {"X-API-Key": survivor["key"]}
            with httpx.Client(base_url=base, headers=boot, timeout=120) as c:
                outcomes.append((sorted(answers.values()), len(_live(c))))
    assert all(count == 1 for _, count in outcomes), outcomes
    # the loser is refused (409), or finds its own key already revoked (401)
    assert all(statuses[0] == 204 and statuses[1] in (401, 409) for statuses, _ in outcomes), outcomes


def _revoke_each_other(base: str, a: dict, b: dict) -> dict[str, int]:
    barrier = threading.Barrier(2)
    answers: dict[str, int] = {}

    def revoke(me: dict, other: dict) -> None:
        with httpx.Client(base_url=base, headers={"X-API-Key": me["key"]}, timeout=120) as c:
            barrier.wait()
            answers[me["prefix"]] = c.delete(f"/api-keys/{other['id']}").status_code

    threads = [threading.Thread(target=revoke, args=pair) for pair in ((a, b), (b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def _live(client: httpx.Client) -> list[dict]:
    keys = client.get("/api-keys", params={"limit": 500}).json()["data"]
    return [k for k in keys if k["role"] == "manager" and k["revoked_at"] is None]
