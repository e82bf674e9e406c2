"""Pause Python's cyclic garbage collector during a month's billing (a batch of short-lived objects), and
while a large group is read, checked and stored (`ge group import`, `persistence.scenario_io`).

Billing a month allocates ~100,000 small objects (classified spans, cost shares, invoice lines) that all live
until the bill is built and form no reference cycles, so reference counting frees them and the cyclic
collector finds nothing: it only rescans them, and every other object the process holds, generation after
generation. On a year for 1,000 employees that was a quarter of the CPU time (docs/benchmarks.md, Billing).
The collector is paused for the computation and switched back on after it if it was on; a collection then
runs as usual. Several threads billing at once are fine: the collector is back on once the last one that
paused it is done (or earlier, which only costs time).

A 10,000-employee group's export (every row read, the scenario validated) creates millions of objects that
all live to its end, the same way: `GET /group/scenario` took 5.3–6.8 s with the collector, 3.1–3.5 s
without it, same bytes out; the reading of `ge group import` 9.9 s → 6.3 s (docs/benchmarks.md, Scale).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (reference counting still frees memory)."""
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
