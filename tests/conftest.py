"""Shared fixtures.

- `client`        (session) TestClient of the app with default settings, lifespan started.
- `make_client`   factory: `make_client(cache_entries=0)` -> a started TestClient with those
                  settings, closed after the test.
- `live_server`   (session) base URL ("http://127.0.0.1:43567") of the app with default
                  settings on a real loopback port (tests/loopback.py).
- `serve`         factory: `serve(cache_entries=0)` -> base URL of a fresh app with those
                  settings on a loopback port, stopped after the test.

Browser fixtures (`browser`, `page`, `artifacts`) are in tests/browser/conftest.py; waiting
on a condition is `tests.wait.wait_for`.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings

from .loopback import serving

# No test touches the user's data directory (server.settings.data_home: the model store and
# the training jobs of an app without data_dir): every app made here keeps them in a temporary
# one, removed at the end (a training still running then stops at its next write).
_DATA_HOME = tempfile.mkdtemp(prefix="rnnscope-tests-")
os.environ["XDG_DATA_HOME"] = _DATA_HOME
atexit.register(shutil.rmtree, _DATA_HOME, ignore_errors=True)


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """Factory: `make_client(cache_entries=0)` -> a started TestClient with those settings."""
    opened: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        client = TestClient(create_app(Settings(**overrides)))  # type: ignore[arg-type]
        client.__enter__()  # runs the lifespan: vendor files, caches
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The app with default settings, lifespan started; shared by the whole session."""
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app with default settings on a loopback port, for the whole session."""
    with serving(create_app(Settings())) as base:
        yield base


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """`serve(**settings)` -> base URL of a fresh app with those settings, stopped after."""
    with contextlib.ExitStack() as stack:

        def start(**overrides: object) -> str:
            app = create_app(Settings(**overrides))  # type: ignore[arg-type]
            return stack.enter_context(serving(app))

        yield start
