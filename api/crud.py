"""Small helpers the resource routers share: 404 for anything outside the caller's scope, list pages."""

from __future__ import annotations

from typing import Any, TypeVar

from api.errors import NotFound

R = TypeVar("R")


def found(row: R | None, what: str, key: Any) -> R:
    """The row, or a 404 that says the same whether the object is absent or outside the caller's scope."""
    if row is None:
        raise NotFound(f"no {what} {key!r} in your scope")
    return row


def listing(items: list[Any], count: int) -> dict[str, Any]:
    return {"data": items, "count": count}


def page_of(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    """A page of a list held in memory (unfilled needs, a re-plan's changes) and its full length."""
    return listing(items[offset : offset + limit], len(items))
