"""Debian's Chromium for the robustness tests, driven from a thread of its own.

tests/browser/conftest.py keeps a sync Playwright open in the main thread for the whole
session, and a thread can hold only one; this one lives in a single worker thread. Same
launch flags and the same guards as that conftest's `page`: a scenario fails on any console
error, uncaught exception, CSP violation (reported to the console) or request that leaves the
app's origin (aborted).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, CSP_REPORTER

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


class Chromium:
    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright = None
        self._browser = None

    def run(self, base_url: str, scenario: Callable[[Any], Any], timeout: float = 300) -> Any:
        """`scenario(page)` in a fresh 1366x768 context; its result, or its exception."""
        return self._thread.submit(self._run, base_url, scenario).result(timeout=timeout)

    def close(self) -> None:
        self._thread.submit(self._close).result(timeout=60)
        self._thread.shutdown()

    def _run(self, base_url: str, scenario: Callable[[Any], Any]) -> Any:
        if self._browser is None:
            if not Path(CHROMIUM).exists():
                raise AssertionError(f"{CHROMIUM} is missing: run `make test`")
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        context = self._browser.new_context(viewport={"width": 1366, "height": 768},
                                            base_url=base_url)  # fmt: skip
        errors: list[str] = []
        foreign: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))

        def guard(route) -> None:
            url = route.request.url
            if url.startswith(base_url + "/") or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                foreign.append(url)
                route.abort()

        context.route("**/*", guard)
        context.add_init_script(CSP_REPORTER)
        try:
            result = scenario(page)
        finally:
            context.close()
        assert not errors, f"console errors: {errors}"
        assert not foreign, f"requests left the app's origin: {foreign}"
        return result

    def _close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
