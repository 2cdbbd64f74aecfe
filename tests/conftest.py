"""Shared fixtures: `make_client(**settings)` for a fresh app, `client` for the default one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from server.main import create_app
from server.settings import Settings


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
