"""The worker caps glibc's malloc arenas at start-up (server/memory.py), as its setting says."""

from __future__ import annotations

import platform

import pytest
from fastapi.testclient import TestClient

from rnnscope import server
from rnnscope.server.memory import limit_arenas
from rnnscope.server.settings import Settings


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_mallopt_takes_on_glibc():
    assert limit_arenas(2) is True
    assert limit_arenas(0) is False  # 0: leave glibc's default


@pytest.mark.parametrize("arenas", [0, 2, 5])
def test_the_app_applies_its_setting_at_start(monkeypatch, arenas):
    asked: list[int] = []
    monkeypatch.setattr(server.main, "limit_arenas", asked.append)
    with TestClient(server.main.create_app(Settings(malloc_arenas=arenas))):
        pass
    assert asked == [arenas]


def test_the_setting_is_read_from_the_environment():
    assert Settings.from_env({"RNNSCOPE_MALLOC_ARENAS": "4"}).malloc_arenas == 4
    assert Settings().malloc_arenas == 2
