"""The guard every browser test runs in (chromium.py): a request to another origin is recorded
and fails the test, and it never leaves the machine: it fails at launch()'s proxy, which is not
there (ERR_PROXY_CONNECTION_FAILED, at once, also where the address would hang; without the
proxy it would be a DNS or connection error); the app's own requests pass. The page's CSP already
refuses other origins to its scripts; a navigation is not under it, so the tests navigate."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from .chromium import guarded_page
from .test_page import RENDERED


def test_the_apps_own_requests_pass(page):
    page.goto("/?text=hello")
    page.wait_for_function(RENDERED)
    assert page.evaluate("() => fetch('/healthz').then(r => r.status)") == 200
    assert page.foreign_requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/tracker.js",  # a name: no DNS is asked either
        "http://203.0.113.7/x",  # an address that would hang, not refuse
        "https://cdn.jsdelivr.net/npm/plotly.js",
    ],
)
def test_a_request_to_another_origin_fails_at_once_and_fails_the_test(browser, live_server, url):
    left = pytest.raises(AssertionError, match="left the app's origin")
    with left as failed, guarded_page(browser, live_server) as page:
        page.goto("/")
        # 20 s: a bound, not an expectation (the proxy refuses at once)
        with pytest.raises(PlaywrightError, match="net::ERR_PROXY_CONNECTION_FAILED"):
            page.goto(url, timeout=20_000)
        assert page.foreign_requests == [url]
    assert url in str(failed.value)
