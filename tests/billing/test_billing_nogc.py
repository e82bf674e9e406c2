"""The cyclic collector is paused while a month is billed and restored after, even on an error."""

from __future__ import annotations

import gc
import threading

import pytest

from engine.billing.nogc import collector_paused


def test_collector_is_off_inside_and_back_on_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_is_restored_after_an_error():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_threads_leave_the_collector_on():
    inside, release = threading.Barrier(3), threading.Event()

    def bill() -> None:
        with collector_paused():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=bill) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
