"""Fixtures: `serve(app)`, the app on a real loopback port (uvicorn, h11: what `rnnscope serve`
runs), for what TestClient cannot show: raw bytes on the wire, closed connections, timeouts."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from server.main import create_app
from server.settings import Settings

from .chromium import Chromium


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` on a free 127.0.0.1 port in a thread; yield its base URL; stop it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """`serve(**settings)` -> base URL of a fresh app with those settings, stopped after."""
    with contextlib.ExitStack() as stack:
        yield lambda **overrides: stack.enter_context(serving(create_app(Settings(**overrides))))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    """Chromium in a thread of its own (see chromium.py), for one test module."""
    browser = Chromium()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live() -> Iterator[str]:
    """One app with default settings on a loopback port, for the whole session."""
    with serving(create_app(Settings())) as base:
        yield base
