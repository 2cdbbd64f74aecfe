"""Debian's Chromium through Playwright, and the guarded page every browser test runs in.

`launch(playwright)` starts /usr/bin/chromium headless (`playwright install` cannot download
browsers here); the page benchmarks (bench/page/) launch it the same way. Nothing it asks for
leaves the machine: every address but the loopback goes to a proxy that is not there (port 9,
discard), so such a request fails at once. `guarded_page` opens a fresh context and page that
record console errors, uncaught exceptions, CSP violations (reported to the console) and
requests leaving the app's origin, and fails when it closes if any were seen.

The guard listens to requests, it does not intercept them: an intercepting route sends every
request through this process and turns the browser's HTTP cache off (Playwright), so each of
a test's page loads fetched the page's ~90 modules and Plotly.js afresh, and compiled them
again (docs/benchmarks.md, "The test suite").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # another origin's request fails here, never reaches the network (the loopback, where the
    # app and the tests' servers listen, bypasses a proxy: Chromium's implicit rules)
    "--proxy-server=http://127.0.0.1:9",
]
CSP_REPORTER = """document.addEventListener('securitypolicyviolation', e =>
    console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));"""
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def launch(playwright: Any) -> Any:
    """Chromium from Debian, headless, with the flags that keep it off the network."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make test` (installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@contextlib.contextmanager
def guarded_page(
    browser: Any, base_url: str, width: int = 1366, height: int = 768, **options: Any
) -> Iterator[Any]:
    """A page in a fresh `width`x`height` context at `base_url` (`options` go to the context:
    `has_touch=True, is_mobile=True` for a phone). It keeps `page.console_errors` and
    `page.foreign_requests`; leaving the block fails if either is non-empty."""
    viewport = {"width": width, "height": height}
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))

    def guard(request: Any) -> None:
        url = request.url
        if not (url.startswith(base_url + "/") or url.startswith(("data:", "blob:"))):
            page.foreign_requests.append(url)  # and it fails: launch()'s proxy is not there

    context.on("request", guard)
    context.add_init_script(CSP_REPORTER)
    try:
        yield page
    finally:
        errors, foreign = list(page.console_errors), list(page.foreign_requests)
        context.close()
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests left the app's origin: {foreign}"
