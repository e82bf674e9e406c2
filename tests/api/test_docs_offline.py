"""`/docs` and `/redoc` work without internet: the pages name no outside host and their assets are served
by the API itself from installed files."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def client(tmp_path):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from persistence.db import make_engine
    from persistence.settings import Settings

    engine = make_engine(f"sqlite:///{tmp_path / 'docs.db'}")
    yield TestClient(create_app(Settings(), engine=engine))
    engine.dispose()


LINKED = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*["']([^"']+)["']""")


def _linked(html: str) -> list[str]:
    return [a or b for a, b in LINKED.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_page_names_no_outside_host(client, page):
    response = client.get(page)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", response.text), response.text


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_every_asset_of_the_docs_page_is_served_by_the_api(client, page):
    linked = _linked(client.get(page).text)
    assets = [url for url in linked if url != "/openapi.json"]
    assert assets
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 100, url


def test_swagger_ui_loads_the_api_document_and_shows_no_validator_badge(client):
    html = client.get("/docs").text
    assert "/openapi.json" in _linked(html)
    assert '"validatorUrl": null' in html
