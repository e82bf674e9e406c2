"""`engine.gcpause.gc_paused`: the cyclic collector off while a large group is read or written, back on
after the last pause, even when the block fails."""

from __future__ import annotations

import gc
import threading

import pytest

from engine.gcpause import gc_paused


def test_the_collector_is_off_inside_a_pause_and_on_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_failing_block():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("bad row")
    assert gc.isenabled()


def test_a_nested_pause_does_not_bring_the_collector_back_early():
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_another_threads_pause_ending_does_not_bring_the_collector_back_early():
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    with gc_paused():
        thread = threading.Thread(target=other)
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause still runs
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled_after():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
