"""`persistence.jsoncodec`: the text stored for a `data` column, and the values read back from it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from persistence.jsoncodec import dumps, loads

VALUE = {
    "ratio": Decimal("0.3333"),
    "on": dt.date(2026, 3, 1),
    "at": dt.time(6, 30),
    "when": dt.datetime(2026, 3, 1, 6, 30, tzinfo=dt.UTC),
    "skills": {"soin", "accueil"},
    "note": "équipe de nuit",
    "list": [1, 2.5, None, True, {"nested": Decimal("1.10")}],
}


def test_dumps_writes_compact_json_with_tagged_exact_values():
    assert dumps(VALUE) == json.dumps(
        {
            "ratio": {"$decimal": "0.3333"},
            "on": {"$date": "2026-03-01"},
            "at": {"$time": "06:30:00"},
            "when": {"$datetime": "2026-03-01T06:30:00+00:00"},
            "skills": ["accueil", "soin"],
            "note": "équipe de nuit",
            "list": [1, 2.5, None, True, {"nested": {"$decimal": "1.10"}}],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def test_loads_gives_back_the_values_stored_from_text_or_bytes():
    expected = {**VALUE, "skills": ["accueil", "soin"]}
    assert loads(dumps(VALUE)) == expected
    assert loads(dumps(VALUE).encode()) == expected
