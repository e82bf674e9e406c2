"""Distance and time between places (employees' homes, sites).

From coordinates: great-circle distance × a road factor, time at an average speed (both configurable in the
scenario's `travel` section). An explicit matrix entry overrides the estimate for that pair (both ways
unless the reverse is given too). Places are keyed by site id, or `home:<employee id>`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from engine.model import GeoPoint, Scenario, TravelSettings

EARTH_RADIUS_KM = 6371.0088


def home_key(employee_id: str) -> str:
    return f"home:{employee_id}"


def haversine_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in km between two points given in degrees (mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def great_circle_km(a: GeoPoint, b: GeoPoint) -> float:
    """Haversine distance on the mean Earth radius."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


@dataclass(frozen=True)
class Leg:
    km: Decimal  # rounded to 0.1 km
    minutes: int  # rounded up to the minute


@dataclass
class TravelModel:
    places: dict[str, GeoPoint]
    settings: TravelSettings
    _explicit: dict[tuple[str, str], Leg] = field(default_factory=dict)
    _cache: dict[tuple[str, str], Leg] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for leg in self.settings.matrix:
            explicit = Leg(leg.km.quantize(Decimal("0.1"), ROUND_HALF_UP), leg.minutes)
            self._explicit[(leg.origin, leg.destination)] = explicit
            self._explicit.setdefault((leg.destination, leg.origin), explicit)

    def leg(self, origin: str, destination: str) -> Leg:
        if origin == destination:
            return Leg(Decimal("0.0"), 0)
        key = (origin, destination)
        if key in self._explicit:
            return self._explicit[key]
        if key not in self._cache:
            km = great_circle_km(self.places[origin], self.places[destination]) * float(
                self.settings.road_factor
            )
            minutes = math.ceil(km / float(self.settings.average_speed_kmh) * 60)
            leg = Leg(Decimal(str(round(km, 1))), minutes)
            self._cache[key] = leg
            self._cache[(destination, origin)] = leg
        return self._cache[key]

    def km(self, origin: str, destination: str) -> Decimal:
        return self.leg(origin, destination).km

    def minutes(self, origin: str, destination: str) -> int:
        return self.leg(origin, destination).minutes


def travel_model(scenario: Scenario) -> TravelModel:
    places: dict[str, GeoPoint] = {s.id: s.location for s in scenario.site_by_id.values()}
    places.update({home_key(e.id): e.home for e in scenario.employees})
    return TravelModel(places, scenario.travel)
