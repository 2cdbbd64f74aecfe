"""Browser fixtures: the real app on a loopback port (`live_server`, tests/conftest.py), driven
by Debian's Chromium via Playwright (tests/browser/chromium.py).

- `browser`      (session) Chromium launched headless from /usr/bin/chromium (never downloaded).
- `page`         (function) a fresh guarded page in its own context (1366x768) at `live_server`.
                 It records `page.console_errors` (console errors, uncaught exceptions, CSP
                 violations) and `page.foreign_requests` (every request to another origin, which
                 is aborted); the fixture fails the test if either is non-empty at the end.
- `artifacts`    (session) the git-ignored `artifacts/` folder: `artifacts / "x.png"`.

Every test in this folder is marked `browser`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .chromium import ARTIFACTS, guarded_page, launch


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            chromium = launch(pw)
        except RuntimeError as missing:
            pytest.fail(str(missing))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A page that fails the test on console errors or requests leaving the app's origin."""
    with guarded_page(browser, live_server) as guarded:
        yield guarded
