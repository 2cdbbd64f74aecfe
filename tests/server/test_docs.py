"""/docs: plain HTML rendered from /openapi.json: every path, parameter, limit and model."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import pytest

from rnnscope.server.docs_page import example_url, limits, type_name


@pytest.fixture(scope="module")
def docs(client) -> str:
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    return r.text


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


def _section(docs: str, path: str, method: str = "get") -> str:
    start = docs.index(f'<span class="method">{method.upper()}</span><code>{path}</code></h2>')
    end = docs.find('<section class="op"', start)
    return docs[start : end if end > 0 else None]


def test_no_script_and_nothing_foreign(docs):
    assert "<script" not in docs.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", docs)


def test_every_path_parameter_and_limit(docs, spec):
    assert spec["paths"]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            section = _section(docs, path, method)
            assert op["summary"] in html.unescape(section), path
            for param in op.get("parameters", []):
                row = section[section.index(f"<td><code>{param['name']}</code></td>") :]
                row = html.unescape(row[: row.index("</tr>")])
                assert type_name(param["schema"]) in row, (path, param["name"])
                for limit in limits(param["schema"]):
                    assert limit in row, (path, param["name"], limit)
                if param["schema"].get("default") is not None:
                    assert f"<code>{param['schema']['default']}</code>" in row
                assert param.get("description", "") in row
            for answer in op["responses"].values():
                ref = answer.get("content", {}).get("application/json", {}).get("schema", {})
                if "$ref" in ref:
                    name = ref["$ref"].rsplit("/", 1)[-1]
                    assert f'<a href="#model-{name}">{name}</a>' in section
                    assert f'id="model-{name}"' in docs


def test_trace_limits_are_spelled_out(docs):
    row = html.unescape(_section(docs, "/api/v1/trace"))
    assert "≤ 256" in row and "length ≤ 4096" in row and "one of rnn, lstm, gru" in row
    assert "> 0" in row  # init_scale's exclusive minimum


def test_examples_are_links_that_answer(client, docs):
    links = re.findall(r'Example: <a href="([^"]+)">', docs)
    # every GET without a path parameter (a stored model's id cannot be known in advance)
    assert len(links) == len(re.findall(r'"method">GET</span><code>[^{<]+</code>', docs))
    for link in links:
        r = client.get(urljoin("/docs", html.unescape(link)))  # as a browser resolves it
        assert r.status_code == 200, (link, r.text[:200])


def test_links_are_relative_so_a_proxys_prefix_stays(docs):
    """Behind /user/ann/proxy/8123/ the docs are /user/ann/proxy/8123/docs: a link from "/"
    would leave the prefix (and the app) behind."""
    links = re.findall(r'(?:href|src)="([^"]*)"', docs)
    assert "openapi.json" in links and "./" in links
    assert [u for u in links if u.startswith("/")] == []


def test_autoescaped():
    from rnnscope.server.docs_page import docs_payload

    evil = "<script>alert(1)</script>"
    param = {
        "name": "q",
        "in": "query",
        "required": True,
        "description": evil,
        "schema": {"type": "string", "examples": ["a&b"]},
    }
    op = {"summary": evil, "parameters": [param], "responses": {"200": {"description": evil}}}
    spec = {"info": {"title": evil, "version": "1"}, "paths": {"/p": {"get": op}}}
    page = docs_payload(spec).raw.decode()
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="p?q=a%26b"' in page


def test_example_url_needs_examples_for_required():
    with pytest.raises(ValueError, match="text"):
        example_url("/x", [{"name": "text", "required": True, "schema": {"type": "string"}}])
    params = [
        {"name": "a", "required": True, "schema": {"examples": ["x y"]}},
        {"name": "b", "schema": {"default": 1}},
    ]
    assert example_url("/x", params) == "/x?a=x+y"


def test_head_and_etag(client):
    r = client.get("/docs")
    assert client.head("/docs").status_code == 200
    again = client.get("/docs", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_summaries_are_the_handlers_docstrings(spec):
    from rnnscope.server.routers import ROUTERS

    routes = [route for router in ROUTERS for route in router.routes]
    docstrings = {
        (r.path, m.lower()): r.endpoint.__doc__.strip().partition("\n")[0]
        for r in routes
        for m in getattr(r, "methods", None) or ()
    }
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert op["summary"] == docstrings[(path, method)], path
