"""Debian's Chromium through Playwright, and the guarded page every browser test runs in.

`launch(playwright)` starts /usr/bin/chromium headless (`playwright install` cannot download
browsers here); the page benchmarks (bench/page/) launch it the same way. `guarded_page`
opens a fresh context and page that record console errors, uncaught exceptions, CSP
violations (reported to the console) and requests leaving the app's origin (aborted), and
fails when it closes if any were seen.
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

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(base_url + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.foreign_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(CSP_REPORTER)
    try:
        yield page
    finally:
        errors, foreign = list(page.console_errors), list(page.foreign_requests)
        context.close()
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests left the app's origin: {foreign}"
