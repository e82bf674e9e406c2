"""Pausing Python's cyclic garbage collector while a large group is read, validated or written.

Reading a 10,000-employee group creates millions of small objects (dicts, strings, dates, models) that
all live to the end of the operation. CPython's collector runs after every 700 net allocations and,
as they survive, ever older generations, walking every live container each time: measured on
`GET /group/scenario`'s export, 5.3–6.8 s with the collector and 3.1–3.5 s without, same bytes out
(docs/benchmarks.md, Scale). None of these objects forms a reference cycle that must be freed during
the operation: reference counting frees everything else as usual, and the collector runs again as
soon as the last pause ends (`gc.collect` is not forced: it would walk the same objects once more).

Process-wide (the collector is), so pauses of several threads are counted: the collector comes back
when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off for the block (reference counting still frees objects)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
