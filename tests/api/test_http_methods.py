"""A method a path does not take is a 405 problem whose `Allow` lists every method the path takes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("method", ["TRACE", "PUT", "HEAD", "FOO"])
def test_a_method_a_route_does_not_take_is_405_with_allow(world, method):
    response = world.client.request(method, "/members", headers=world.headers("manager"))
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert response.headers["content-type"] == "application/problem+json"


def test_the_feed_path_allows_the_head_it_answers(world):
    response = world.client.request("TRACE", "/feeds/abcdefghijklmnopqrstuvwxyz.ics")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
