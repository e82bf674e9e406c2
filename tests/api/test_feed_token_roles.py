"""Who manages feed links (docs/feeds.md): a manager, a member or employee key for its own feed. An
accountant has no feed: listing, creating, rotating and revoking links answer 403, whether or not the
link exists (issue 15: listing gave 200, rotate and delete 404). A member naming another's link gets 404."""

from __future__ import annotations

import pytest


@pytest.fixture
def m2_link(world):
    response = world.call("manager", "POST", "/feeds/tokens", json={"scope": "member", "member": "m2"})
    assert response.status_code == 201, response.text
    return response.json()


def test_accountant_may_not_list_feed_links(world, m2_link):
    assert world.call("accountant", "GET", "/feeds/tokens").status_code == 403


@pytest.mark.parametrize(("method", "suffix"), [("POST", "/rotate"), ("DELETE", "")])
def test_accountant_may_not_rotate_or_revoke_a_link_existing_or_not(world, m2_link, method, suffix):
    for token_id in (m2_link["id"], 999_999):
        assert world.call("accountant", method, f"/feeds/tokens/{token_id}{suffix}").status_code == 403


def test_accountant_may_not_create_a_link(world):
    response = world.call("accountant", "POST", "/feeds/tokens", json={"scope": "group"})
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "suffix"), [("POST", "/rotate"), ("DELETE", "")])
def test_member_naming_another_members_link_gets_404(world, m2_link, method, suffix):
    assert world.call("member_m1", method, f"/feeds/tokens/{m2_link['id']}{suffix}").status_code == 404


def test_member_lists_only_its_own_links(world, m2_link):
    own = world.call("member_m1", "POST", "/feeds/tokens", json={"scope": "member", "member": "m1"}).json()
    listed = world.call("member_m1", "GET", "/feeds/tokens").json()["data"]
    assert [t["id"] for t in listed] == [own["id"]]
