"""The national address base's batch search (BAN, `api-adresse.data.gouv.fr/search/csv/`) over HTTP.

The one module of the engine that talks to the network, and only when asked (`ge import --geocode`, an
upload with `geocode=true`). The transport is injectable (`httpx.MockTransport` in tests), the URL can be
pointed at a local instance of the BAN's geocoder (addok) with `GE_BAN_URL`. What is sent and how the
answer is read is `engine.workbook.geocode`.
"""

from __future__ import annotations

import os

import httpx

from engine.workbook.geocode import GeocodingUnavailable

DEFAULT_URL = "https://api-adresse.data.gouv.fr/search/csv/"
TIMEOUT_SECONDS = 60.0


class BanClient:
    def __init__(
        self,
        url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ):
        self.url = url or os.environ.get("GE_BAN_URL") or DEFAULT_URL
        self.transport = transport
        self.timeout = timeout

    def search_csv(self, body: bytes, columns: tuple[str, ...], postcode_column: str) -> bytes:
        """POST the CSV (`data`), the columns to search and the postcode filter; the geocoded CSV back."""
        form = {"columns": list(columns), "postcode": postcode_column}
        try:
            with httpx.Client(transport=self.transport, timeout=self.timeout) as client:
                response = client.post(
                    self.url, data=form, files={"data": ("adresses.csv", body, "text/csv")}
                )
        except httpx.HTTPError as exc:
            raise GeocodingUnavailable(f"{type(exc).__name__}: {exc}") from None
        if response.status_code != 200:
            raise GeocodingUnavailable(f"la Base Adresse Nationale a répondu {response.status_code}")
        return response.content
