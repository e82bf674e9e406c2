"""JSON for the `data` columns that gives back exactly the Python values that went in.

Domain models hold Decimals, dates and clock times, also inside free-form dictionaries (rule overrides of
an agreement or a contract: `complementary_ratio: 0.3333` is a Decimal there). Plain JSON would turn them
into strings or floats and the model read back would differ from the one stored. This codec tags them
(`{"$decimal": "0.3333"}`) and restores them on read; every engine of `persistence.db` uses it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

_TAGS: dict[str, Callable[[str], Any]] = {
    "$decimal": Decimal,
    "$date": dt.date.fromisoformat,
    "$time": dt.time.fromisoformat,
    "$datetime": dt.datetime.fromisoformat,
}


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot store a {type(value).__name__} in a JSON column")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        ((key, value),) = obj.items()
        parse = _TAGS.get(key)
        if parse is not None and isinstance(value, str):
            return parse(value)
    return obj


def dumps(value: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    return json.loads(text, object_hook=_hook)
