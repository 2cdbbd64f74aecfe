"""Browser fixtures: the real app on a loopback port, driven by Debian's Chromium via Playwright.

- `live_server`  (session) base URL, e.g. "http://127.0.0.1:43567", of `server.main:create_app()`
                 served by uvicorn in a background thread.
- `browser`      (session) Chromium launched headless from /usr/bin/chromium (never downloaded).
- `page`         (function) a fresh page in its own context (1366x768). It records
                 `page.console_errors` (console errors, uncaught exceptions, CSP violations) and
                 `page.foreign_requests` (every request to another origin, which is aborted);
                 the fixture fails the test if either is non-empty at the end.
- `artifacts`    (session) the git-ignored `artifacts/` folder: `artifacts / "x.png"`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from server.main import create_app
from server.settings import Settings

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Serve the app on a free loopback port for the whole session."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(Settings()), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser, live_server: str):
    """A page that fails the test on console errors or requests leaving the app's origin."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=live_server)
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(live_server + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.foreign_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(CSP_REPORTER)
    yield page
    errors, foreign = list(page.console_errors), list(page.foreign_requests)
    context.close()
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests left the app's origin: {foreign}"
