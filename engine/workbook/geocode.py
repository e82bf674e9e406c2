"""Filling missing coordinates from addresses with the national address base (BAN), by its batch CSV search.

The request is the one `api-adresse.data.gouv.fr/search/csv/` documents: a multipart POST with the CSV
file as `data`, the columns to search as `columns` (street, postcode, city), and `postcode=<column>`
restricting each search to its postcode. The answer is the same CSV with columns added: `latitude`,
`longitude`, `result_label`, `result_score` (0 to 1), `result_type` (housenumber, street, locality,
municipality), `result_id`… and, on recent versions, `result_status` (ok, not-found, skipped, error); a row
the base could not place has them empty.

What is done with each answer (never a point the base did not give — no 0,0, no town centre guessed):
- no result: an error at the address's cell; the row keeps no coordinates;
- a score under `MIN_SCORE` (0.5): an error naming what was found, since the match is more likely wrong
  than right; the coordinates are not written;
- a score under `GOOD_SCORE` (0.7), or a result at the scale of the whole town (`municipality`): the
  coordinates are written and a warning names what was found, to be checked;
- otherwise the coordinates are written silently. They end up in the output (`ge import -o`), so the next
  import does not ask again.

This module is pure: the HTTP call is a function given to `geocoder` (`engine.ban.BanClient.search_csv`),
so tests feed it recorded answers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import Severity
from engine.workbook.build import Cell, Geocoder
from engine.workbook.values import quote

MIN_SCORE = 0.5
GOOD_SCORE = 0.7
REQUEST_COLUMNS = ("id", "adresse", "code_postal", "ville")
SEARCH_COLUMNS = ("adresse", "code_postal", "ville")


class GeocodingUnavailable(Exception):
    """The address base could not be asked (offline, refused, malformed answer)."""


@dataclass
class Place:
    path: str  # members[0].sites[1] or employees[3]
    item: dict[str, Any]
    key: str  # "location" or "home"
    address: dict[str, Any]
    address_path: str

    @property
    def id(self) -> str:
        return self.path


def places_without_point(data: dict[str, Any]) -> list[Place]:
    """Sites and homes with no coordinates at all and an address to search."""
    out: list[Place] = []
    for i, member in enumerate(data.get("members") or []):
        for j, site in enumerate(member.get("sites") or []):
            if not site.get("location") and _searchable(site.get("address")):
                path = f"members[{i}].sites[{j}]"
                out.append(Place(path, site, "location", site["address"], f"{path}.address"))
    for i, employee in enumerate(data.get("employees") or []):
        if not employee.get("home") and _searchable(employee.get("home_address")):
            path = f"employees[{i}]"
            out.append(Place(path, employee, "home", employee["home_address"], f"{path}.home_address"))
    return out


def _searchable(address: Any) -> bool:
    return isinstance(address, dict) and bool(address.get("street")) and bool(address.get("city"))


def request_csv(places: list[Place]) -> bytes:
    """The CSV the batch search reads: one row per place, keyed by its scenario path."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUEST_COLUMNS)
    for place in places:
        address = place.address
        writer.writerow(
            [place.id, address.get("street", ""), address.get("postcode", ""), address.get("city", "")]
        )
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Found:
    lat: float | None
    lon: float | None
    score: float
    label: str
    type: str


def parse_response(body: bytes) -> dict[str, Found]:
    """The batch search's answer, by request id."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeocodingUnavailable(f"réponse illisible (octet {exc.start})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames is None or not {"id", "latitude", "longitude"} <= set(reader.fieldnames):
        raise GeocodingUnavailable("réponse sans les colonnes id, latitude et longitude")
    out: dict[str, Found] = {}
    for row in reader:
        lat, lon = (row.get("latitude") or "").strip(), (row.get("longitude") or "").strip()
        status = (row.get("result_status") or "ok").strip()
        try:
            point = (float(lat), float(lon)) if lat and lon and status == "ok" else (None, None)
            score = float(row.get("result_score") or 0)
        except ValueError:
            raise GeocodingUnavailable(f"réponse illisible pour {row.get('id')!r}") from None
        out[row["id"]] = Found(
            point[0],
            point[1],
            score,
            (row.get("result_label") or "").strip(),
            (row.get("result_type") or "").strip(),
        )
    return out


def geocoder(search_csv: Callable[[bytes, tuple[str, ...], str], bytes]) -> Geocoder:
    """A geocoder for `read_workbook`: `search_csv(csv, columns, postcode_column)` asks the address base."""

    def run(
        data: dict[str, Any], locate: Callable[[str], Cell | None]
    ) -> list[tuple[Cell | None, str, Severity]]:
        places = places_without_point(data)
        if not places:
            return []
        try:
            answers = parse_response(search_csv(request_csv(places), SEARCH_COLUMNS, "code_postal"))
        except GeocodingUnavailable as exc:
            return [
                (
                    None,
                    f"géocodage impossible ({exc}) : les coordonnées manquantes restent à saisir",
                    Severity.ERROR,
                )
            ]
        return [report for place in places if (report := _apply(place, answers.get(place.id), locate))]

    return run


def _apply(
    place: Place, found: Found | None, locate: Callable[[str], Cell | None]
) -> tuple[Cell | None, str, Severity] | None:
    cell = locate(f"{place.address_path}.street")
    typed = f"{place.address.get('street', '')}, {place.address.get('postcode', '')} {place.address.get('city', '')}"
    if found is None or found.lat is None or found.lon is None:
        return cell, f"adresse introuvable dans la Base Adresse Nationale : {quote(typed)}", Severity.ERROR
    score = f"{found.score:.2f}".replace(".", ",")
    if found.score < MIN_SCORE:
        return (
            cell,
            f"adresse incertaine (score {score}, trouvée : {quote(found.label)}) : corrigez l'adresse ou "
            "saisissez latitude et longitude",
            Severity.ERROR,
        )
    place.item[place.key] = {"lat": found.lat, "lon": found.lon}
    if found.type == "municipality":
        return (
            cell,
            f"seule la commune a été trouvée ({quote(found.label)}) : point placé au centre de la commune, vérifiez l'adresse",
            Severity.WARNING,
        )
    if found.score < GOOD_SCORE:
        return (
            cell,
            f"adresse placée avec un score faible ({score}, trouvée : {quote(found.label)}) : vérifiez-la",
            Severity.WARNING,
        )
    return None
