"""Travel between places: great-circle distance × road factor, time at average speed, matrix overrides."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from engine.loader import load_scenario_text
from engine.model import GeoPoint
from engine.travel import great_circle_km, haversine_km, home_key, travel_model
from engine.yamlio import dump_yaml
from tests.foundation.helpers import minimal

LYON = GeoPoint(lat=45.7640, lon=4.8357)
GRENOBLE = GeoPoint(lat=45.1885, lon=5.7245)


def test_great_circle_distance_lyon_grenoble_is_about_95_km():
    assert great_circle_km(LYON, GRENOBLE) == pytest.approx(95.0, abs=1.5)


def test_haversine_is_symmetric_and_zero_on_a_point():
    assert haversine_km(45.0, 4.8, 45.1, 4.9) == pytest.approx(haversine_km(45.1, 4.9, 45.0, 4.8))
    assert haversine_km(45.0, 4.8, 45.0, 4.8) == 0


def _model(travel=None):
    data = minimal()
    if travel is not None:
        data["travel"] = travel
    return travel_model(load_scenario_text(dump_yaml(data)))


def test_road_distance_is_great_circle_times_the_road_factor():
    model = _model({"road_factor": "1.5", "average_speed_kmh": "60"})
    straight = great_circle_km(GeoPoint(lat=45.75, lon=4.83), GeoPoint(lat=45.77, lon=4.88))
    leg = model.leg("m1-s1", "m2-s1")
    assert float(leg.km) == pytest.approx(straight * 1.5, abs=0.05)
    assert leg.minutes == math.ceil(straight * 1.5)  # 60 km/h: one minute a kilometre, rounded up


def test_travel_time_follows_the_average_speed():
    slow = _model({"average_speed_kmh": "30"}).minutes("m1-s1", "m2-s1")
    fast = _model({"average_speed_kmh": "90"}).minutes("m1-s1", "m2-s1")
    assert slow >= 2 * fast


def test_matrix_entry_overrides_the_estimate_both_ways():
    model = _model({"matrix": [{"from": "m1-s1", "to": "m2-s1", "km": "12.4", "minutes": 25}]})
    assert (model.km("m1-s1", "m2-s1"), model.minutes("m1-s1", "m2-s1")) == (Decimal("12.4"), 25)
    assert (model.km("m2-s1", "m1-s1"), model.minutes("m2-s1", "m1-s1")) == (Decimal("12.4"), 25)


def test_matrix_reverse_entry_wins_over_the_mirrored_one():
    model = _model(
        {
            "matrix": [
                {"from": "m1-s1", "to": "m2-s1", "km": 12, "minutes": 25},
                {"from": "m2-s1", "to": "m1-s1", "km": 14, "minutes": 31},
            ]
        }
    )
    assert model.minutes("m1-s1", "m2-s1") == 25 and model.minutes("m2-s1", "m1-s1") == 31


def test_homes_are_places_too():
    model = _model()
    assert model.km(home_key("e1"), "m1-s1") > 0
    assert model.km("m1-s1", "m1-s1") == 0
