"""Shared set-up of the browser benchmarks: the app on a loopback port and headless Chromium.

Same launch flags as tests/browser/conftest.py; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def live_server() -> Iterator[str]:
    import uvicorn

    from server.main import create_app
    from server.settings import Settings

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings()), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextlib.contextmanager
def chromium_page(base: str, width: int = 1366, height: int = 768):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=base)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def open_view(page, query: str, renders: int = 1) -> None:
    page.goto("/" + query)
    page.wait_for_function("n => Number(document.body.dataset.renders || 0) >= n", arg=renders)
    page.wait_for_function("() => !document.querySelector('#status .msg')")


def conditions(page) -> str:
    """One line on what the figures were measured on: load, cores, browser."""
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    cores = len(os.sched_getaffinity(0))
    return f"{cores} cores, load average {load} at start, Chromium {page.context.browser.version}"


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
