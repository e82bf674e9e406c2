"""Logging for `ge serve`: uvicorn's configuration with the calendar feed tokens masked.

A feed URL is its own credential (`/feeds/<token>.ics`): whoever reads the access log could subscribe to
any calendar it shows. `RedactFeedTokens` replaces the token part of every feed path in a log record
(uvicorn's access records carry the path as an argument, which its formatter unpacks, so the arguments
are rewritten, not only the message) before any handler writes it. `log_config()` is uvicorn's default
configuration with that filter on every handler, and the service's own loggers (`ge.*`) on them too.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

FEED_PATH = re.compile(r"/feeds/(?!tokens(?:[/?#\s\"]|$))[^/?#\s\"]+\.ics")
MASKED = "/feeds/<token>.ics"


def redact(text: str) -> str:
    """`text` with the token of every feed path replaced by `<token>`."""
    return FEED_PATH.sub(MASKED, text) if "/feeds/" in text else text


class RedactFeedTokens(logging.Filter):
    """Masks feed tokens in a record's message and arguments (keeps every record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def log_config(level: str = "INFO") -> dict[str, Any]:
    """uvicorn's logging configuration, every handler masking feed tokens; `ge.*` loggers included."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact_feed_tokens": {"()": f"{__name__}.RedactFeedTokens"}}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "redact_feed_tokens"]
    config["loggers"]["ge"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config
