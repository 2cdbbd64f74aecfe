"""The page shells (server/routers/pages.py): every URL a shell writes, and every link the
page's code writes, starts at the page's root (server/prefix.py, tests/server/test_prefix.py),
so that the page works under any path prefix a proxy strips (jupyter-server-proxy, nginx's
--prefix); the browser side is tests/browser/test_prefix.py."""

from __future__ import annotations

import re

import pytest

PAGES = ["/", "/tasks", "/corpus"]
URL = re.compile(r'(?:href|src|data-plotly)="([^"]*)"')


@pytest.mark.parametrize("page", PAGES)
def test_every_url_in_a_shell_starts_at_the_root(client, page):
    r = client.get(page, headers={"X-Forwarded-Prefix": "/user/ann/proxy/8123"})
    assert r.status_code == 200 and "X-Forwarded-Prefix" in r.headers["vary"]
    urls = URL.findall(r.text)
    assert 'data-root="/user/ann/proxy/8123/"' in r.text and len(urls) >= 3
    inside = ("/user/ann/proxy/8123/", "data:")
    # data-plotly is an app path the page puts under the root (static/js/paths.js)
    plotly = "/vendor/plotly.min.js?v="
    assert [u for u in urls if not u.startswith(inside) and not u.startswith(plotly)] == []
    plain = client.get(page).text
    assert 'data-root="./"' in plain
    from_host = [u for u in URL.findall(plain) if u.startswith("/")]
    assert [u.startswith(plotly) for u in from_host] == ([True] if page == "/" else [])


# A link or resource address written from the host's "/": `href: "/tasks"`, `a.href = "/..."`,
# `setAttribute("src", `/...`)`, or a page's address anywhere (`/?gen=true`, "/tasks?...").
# Requests go through api.js, which puts the root in front; an argument of appUrl() is kept.
FROM_HOST_ROOT = re.compile(
    r"""\b(?:href|src)\b["']?\s*(?:[:=]|,)\s*["'`]/(?!/)|["'`]/(?:\?|(?:tasks|corpus)[?"'`])"""
)


def test_the_pattern_finds_links_from_the_hosts_root():
    found = [
        'html("a", { id: "link-tasks", href: "/tasks" }, el);',
        'tasks.setAttribute("href", `/tasks?${look}`);',
        '$("t-home").href = `/?lang=${getLang()}`;',
        "script.src = '/vendor/plotly.min.js';",
        "  return `/?${q}`;",
    ]
    kept = [
        'html("a", { href: appUrl("/tasks") }, el);',
        'const API = "/api/v1/models";',
        '"task.open": "/tasks 화면에서 열기",',
    ]
    assert all(FROM_HOST_ROOT.search(line) for line in found)
    assert not any(FROM_HOST_ROOT.search(line) and "appUrl(" not in line for line in kept)


def test_the_page_code_writes_no_link_from_the_hosts_root():
    from tests.loopback import ROOT

    found = []
    for path in sorted((ROOT / "static" / "js").rglob("*.js")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            called = "appUrl(" in line or lines[n - 2].rstrip().endswith("appUrl(")  # wrapped
            if FROM_HOST_ROOT.search(line) and not called:
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []


def test_the_shell_preloads_the_modules_main_imports_not_those_it_loads_later(client):
    from rnnscope.server.routers.pages import static_modules
    from rnnscope.server.settings import Settings

    html = client.get("/").text
    preloaded = re.findall(r'<link rel="modulepreload" href="\./static/([^"]+)">', html)
    static = Settings().static_dir
    assert preloaded == list(static_modules(static.resolve(), "js/main.js"))
    assert {"js/state.js", "js/views/network.js", "js/png.js", "js/models/store.js"} <= set(
        preloaded
    )
    # the lessons come after the first paint and the generation panel on first use (dynamic
    # imports in main.js), Plotly after that
    assert not [p for p in preloaded if p.startswith(("js/lessons/", "js/generate/"))]
    for path in preloaded:
        assert client.get(f"/static/{path}").status_code == 200, path


@pytest.mark.parametrize("path", ["/", "/corpus", "/tasks"])
def test_a_shell_is_built_once_per_root_gzipped_and_revalidated(client, path):
    """A hall opening the link: the shell is rendered once per root, sent gzipped with an ETag
    (a visit again is a 304), never cached without asking (no-cache)."""
    gz = {"Accept-Encoding": "gzip"}
    first = client.get(path, headers=gz)
    assert first.status_code == 200 and first.headers["content-encoding"] == "gzip"
    assert first.headers["cache-control"] == "no-cache"
    assert "X-Forwarded-Prefix" in first.headers["vary"]
    again = client.get(path, headers={**gz, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert plain.text == first.text and plain.headers["content-type"].startswith("text/html")
    prefixed = client.get(path, headers={**gz, "X-Forwarded-Prefix": "/user/ann/proxy/8123"})
    assert 'href="/user/ann/proxy/8123/' in prefixed.text and prefixed.text != first.text
    assert prefixed.headers["etag"] != first.headers["etag"]
    shells = client.app.state.shells
    before = shells.misses
    client.get(path, headers=gz)
    assert shells.misses == before  # built once per root
