"""Shared fixtures of the benchmark tests: the hand-written instances and the public Curtois files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.benchmarks.curtois import CurtoisInstance, read_instance

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
CURTOIS_DIR = REPO / ".." / "shared" / "benchmarks" / "curtois"


@pytest.fixture
def tiny() -> CurtoisInstance:
    return read_instance(DATA / "tiny.txt")


def curtois_file(number: int) -> Path:
    """A public instance file; the test is skipped when the benchmark files are not beside the repo."""
    path = CURTOIS_DIR / f"Instance{number}.txt"
    if not path.exists():
        pytest.skip(f"benchmark files not found at {CURTOIS_DIR}")
    return path
