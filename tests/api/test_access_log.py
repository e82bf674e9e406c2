"""Feed tokens never reach the access log in clear (issue 15: `ge serve` logged every feed URL, token
included, and the access log is on by default). The token part of a feed path is masked."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from api.access_log import RedactFeedTokens

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3x_Vb8-kLmN0pQrStUvWxYz0123456789abcdEFG"
START_LIMIT = 120.0  # a bound on waiting for `ge serve` to listen, not a measurement


def _access_line(path: str) -> str:
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5555", "GET", path, "1.1", 200),
        None,
    )
    assert RedactFeedTokens().filter(record)
    return AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)


def test_the_access_line_of_a_feed_shows_its_path_without_the_token():
    line = _access_line(f"/feeds/{TOKEN}.ics")
    assert TOKEN not in line
    assert '"GET /feeds/<token>.ics HTTP/1.1" 200' in line


def test_the_token_management_routes_are_logged_as_they_are():
    assert "/feeds/tokens/12/rotate" in _access_line("/feeds/tokens/12/rotate")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_ge_serve_access_log_never_shows_a_feed_token(tmp_path):
    """A real `ge serve`: its printed member feed is fetched twice; its log has the path, masked."""
    log = tmp_path / "serve.log"
    server, port = _start_serve(tmp_path, log)
    try:
        url = _wait_for_feed_url(log, server)
        _wait_for(lambda: _listening(port), server)
        token = url.rsplit("/", 1)[1].removesuffix(".ics")
        before = log.read_text()
        statuses = [httpx.get(url).status_code for _ in range(2)]
        _wait_for(lambda: log.read_text().count("/feeds/") - before.count("/feeds/") >= 2, server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    served = log.read_text()[len(before) :]
    assert statuses == [200, 200]
    assert token not in served
    assert served.count('"GET /feeds/<token>.ics HTTP/1.1" 200') == 2, served


def _start_serve(tmp_path: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """`ge serve` on a free port; another process may take the port between the choice and the bind (tests
    run in parallel), so a server that stops with "address already in use" is started again on another."""
    for attempt in range(5):
        port = _free_port()
        data = tmp_path / f"data{attempt}"
        data.mkdir()
        with log.open("wb") as out:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ge",
                    "serve",
                    "--port",
                    str(port),
                    "--demo",
                    "tests/data/minimal.yaml",
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT), "GE_DATA_DIR": str(data)},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_LIMIT
        while server.poll() is None and not _listening(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        if server.poll() is None or "address already in use" not in log.read_text().lower():
            return server, port
    raise AssertionError(f"ge serve could not bind a port: {log.read_text()}")


def _wait_for(ready, server) -> None:
    deadline = time.monotonic() + START_LIMIT
    while not ready():
        assert server.poll() is None, "ge serve stopped"
        assert time.monotonic() < deadline, "ge serve did not get there in time"
        time.sleep(0.1)


def _wait_for_feed_url(log: Path, server) -> str:
    found: list[str] = []

    def ready() -> bool:
        text = log.read_text()
        match = re.search(r"feed of member \S+ \([^)]*\): (\S+\.ics)", text)
        if match and "API on http" in text:
            found.append(match.group(1))
            return True
        return False

    _wait_for(ready, server)
    return found[0]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
