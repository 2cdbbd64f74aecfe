"""server/prefix.py: the app's root under a proxy's path prefix, and redirects that keep it."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from rnnscope.server.prefix import root


def request(path: str, prefix: str | None = None) -> Request:
    headers = [] if prefix is None else [(b"x-forwarded-prefix", prefix.encode("latin-1"))]
    return Request({"type": "http", "path": path, "root_path": "", "headers": headers})


@pytest.mark.parametrize(
    ("path", "want"), [("/", "./"), ("/tasks", "./"), ("/tasks/", "../"), ("/a/b/c", "../../")]
)
def test_the_root_is_relative_to_the_page(path, want):
    assert root(request(path)) == want


@pytest.mark.parametrize(
    ("prefix", "want"),
    [
        ("/user/ann/proxy/8123", "/user/ann/proxy/8123/"),  # jupyter-server-proxy's context
        ("/user/ann/proxy/8123/", "/user/ann/proxy/8123/"),
        ("/rnnscope", "/rnnscope/"),
        ("/user/a%40b.edu/proxy/9000", "/user/a%40b.edu/proxy/9000/"),
        ("", "./"),  # nginx sends none without --prefix
    ],
)
def test_a_proxys_prefix_is_the_root(prefix, want):
    assert root(request("/", prefix)) == want


@pytest.mark.parametrize(
    "prefix",
    [
        "//evil.example/",  # another host
        "https://evil.example/",
        "rnnscope",  # not a path
        "/a/../b",
        "/a/./b",
        '/a"onload="x',
        "/a b",
        "/a\\b",
        "/a?x=1",
        "/a#x",
    ],
)
def test_a_prefix_that_is_not_a_plain_path_is_ignored(prefix):
    assert root(request("/tasks", prefix)) == "./"


@pytest.mark.parametrize(
    ("path", "prefix", "want"),
    [
        ("/tasks/", None, "../tasks"),
        ("/corpus/?lang=ko", None, "../corpus?lang=ko"),
        # relative even when the proxy names its prefix: jupyter-server-proxy 4.6 puts its
        # prefix in front of a Location from "/", and leaves a relative one as it is
        ("/docs/", "/user/ann/proxy/8123", "../docs"),
    ],
)
def test_the_apps_own_redirects_keep_the_prefix(client, path, prefix, want):
    """Starlette redirects /tasks/ to http://<host>/tasks, out of /user/ann/proxy/8123/."""
    headers = {"X-Forwarded-Prefix": prefix} if prefix else {}
    r = client.get(path, headers=headers, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == want


def test_a_redirect_still_lands_on_the_page(client):
    r = client.get("/tasks/?lang=ko")  # httpx resolves ../tasks against /tasks/, as browsers do
    assert r.status_code == 200 and str(r.url).endswith("/tasks?lang=ko")
