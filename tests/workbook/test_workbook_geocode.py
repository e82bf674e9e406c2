"""--geocode: missing coordinates from the BAN batch search, with answers in its documented format."""

from __future__ import annotations

import csv
import io

import httpx

from engine.ban import BanClient
from engine.errors import Severity
from engine.workbook import read_workbook
from engine.workbook.geocode import geocoder

from .helpers import LOAN, edit, exported, scenario

ANSWER_COLUMNS = [
    "latitude",
    "longitude",
    "result_label",
    "result_score",
    "result_type",
    "result_id",
    "result_housenumber",
    "result_status",
]


def _recorded(answers: dict[str, tuple[str, str, str, str, str]]):
    """A BAN batch search that answers from a table street → (lat, lon, label, score, type), in the
    documented response format: the request's columns plus latitude, longitude, result_*."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = request.content
        start = body.index(b"id,adresse")
        text = body[start : body.index(b"\r\n--", start)].decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()) + ANSWER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            found = answers.get(row["adresse"])
            if found:
                lat, lon, label, score, kind = found
                row.update(
                    latitude=lat,
                    longitude=lon,
                    result_label=label,
                    result_score=score,
                    result_type=kind,
                    result_id="x",
                    result_housenumber="",
                    result_status="ok",
                )
            else:
                row.update({c: "" for c in ANSWER_COLUMNS} | {"result_status": "not-found"})
            writer.writerow(row)
        return httpx.Response(
            200, content=out.getvalue().encode("utf-8"), headers={"content-type": "text/csv"}
        )

    return geocoder(
        BanClient(url="https://ban.test/search/csv/", transport=httpx.MockTransport(handler)).search_csv
    ), seen


def _without_points(sites: list[str]) -> bytes:
    cells = []
    for site in sites:
        cells += [("Sites", site, "Latitude", None), ("Sites", site, "Longitude", None)]
    return edit(exported(LOAN), cells)[0]


def _site(result, site_id):
    return next(s for m in result.data["members"] for s in m.get("sites", []) if s["id"] == site_id)


def test_missing_coordinates_are_filled_from_a_good_match_and_kept_in_the_data():
    first = scenario(LOAN).members[0].sites[0]
    geo, _seen = _recorded(
        {
            first.address.street: (
                "45.1901",
                "5.7172",
                f"{first.address.street} {first.address.postcode} Grenoble",
                "0.93",
                "housenumber",
            )
        }
    )
    result = read_workbook(_without_points([first.id]), geocoder=geo)
    assert result.problems == []
    assert _site(result, first.id)["location"] == {"lat": 45.1901, "lon": 5.7172}


def test_the_request_is_the_documented_multipart_post_with_columns_and_the_postcode_filter():
    first = scenario(LOAN).members[0].sites[0]
    geo, seen = _recorded({first.address.street: ("45.19", "5.71", "x", "0.9", "housenumber")})
    read_workbook(_without_points([first.id]), geocoder=geo)
    (request,) = seen
    body = request.content.decode("utf-8")
    assert request.method == "POST" and request.headers["content-type"].startswith("multipart/form-data")
    assert 'name="data"; filename="adresses.csv"' in body
    assert body.count('name="columns"') == 3 and 'name="postcode"' in body


def test_an_address_not_found_is_an_error_at_its_cell_and_no_point_is_invented():
    first = scenario(LOAN).members[0].sites[0]
    geo, _ = _recorded({})
    result = read_workbook(_without_points([first.id]), geocoder=geo)
    assert result.scenario is None
    lines = [str(p) for p in result.errors]
    assert any(
        line.startswith("Sites!D2 (Adresse (rue))") and "adresse introuvable" in line for line in lines
    )
    assert "location" not in _site(result, first.id)


def test_a_low_score_is_not_placed_and_names_what_was_found():
    first = scenario(LOAN).members[0].sites[0]
    geo, _ = _recorded(
        {first.address.street: ("45.0", "5.0", "Rue de la Gare 38000 Grenoble", "0.41", "street")}
    )
    result = read_workbook(_without_points([first.id]), geocoder=geo)
    assert any(
        "adresse incertaine (score 0,41, trouvée : « Rue de la Gare 38000 Grenoble »)" in str(p)
        for p in result.errors
    )
    assert "location" not in _site(result, first.id)


def test_a_middling_score_is_placed_with_a_warning():
    first = scenario(LOAN).members[0].sites[0]
    geo, _ = _recorded({first.address.street: ("45.19", "5.71", "label", "0.62", "street")})
    result = read_workbook(_without_points([first.id]), geocoder=geo)
    assert result.scenario is not None
    (warning,) = result.warnings
    assert warning.severity is Severity.WARNING and "score faible (0,62" in str(warning)


def test_only_the_town_found_is_placed_with_a_warning():
    first = scenario(LOAN).members[0].sites[0]
    geo, _ = _recorded({first.address.street: ("45.18", "5.72", "Grenoble", "0.8", "municipality")})
    result = read_workbook(_without_points([first.id]), geocoder=geo)
    assert result.scenario is not None and "seule la commune" in str(result.warnings[0])


def test_offline_the_missing_coordinates_are_errors_naming_their_cells():
    first = scenario(LOAN).members[0].sites[0]

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host")

    geo = geocoder(BanClient(url="https://ban.test/", transport=httpx.MockTransport(offline)).search_csv)
    result = read_workbook(_without_points([first.id]), geocoder=geo)
    lines = [str(p) for p in result.errors]
    assert any(line.startswith("géocodage impossible") or "géocodage impossible" in line for line in lines)
    assert any("coordonnées manquantes (Sites!H2, Sites!I2)" in line for line in lines)


def test_rows_with_coordinates_are_not_sent():
    geo, seen = _recorded({})
    result = read_workbook(exported(LOAN), geocoder=geo)
    assert result.problems == [] and seen == []
