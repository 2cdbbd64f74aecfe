"""server/notebook.py and server/snapshot.py without a kernel (tests/browser/test_notebook.py
runs them in a real Jupyter kernel and opens the results in Chromium)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from rnnscope.server import notebook
from rnnscope.server.settings import Settings
from rnnscope.server.snapshot import modules


def test_the_page_and_the_api_get_the_state_in_their_own_names():
    query = notebook.page_query("héllo", "gru", {"hidden": 5, "residual": True, "clip": None})
    assert parse_qs(query) == {"text": ["héllo"], "cell": ["gru"], "hidden": ["5"],
                               "residual": ["true"]}  # fmt: skip
    api = urlsplit(notebook.api_path("hello", "gru", {"lang": "ko", "seed": 3}))
    assert api.path == "/api/v1/trace"  # page-only options (lang) stay out of the API's query
    assert parse_qs(api.query) == {
        "text": ["hello"],
        "hidden": ["8"],
        "seed": ["3"],
        "digits": ["7"],
        "cell": ["gru"],
    }  # fmt: skip  (hidden, digits: the page's defaults)
    compare = urlsplit(notebook.api_path("hello", "compare", {"model": "abc"}))
    assert compare.path == "/api/v1/compare" and "model" not in parse_qs(compare.query)
    assert parse_qs(compare.query)["cells"] == ["rnn,lstm,gru"]


def test_the_iframe_escapes_its_address():
    view = notebook.View('http://127.0.0.1:1/?text="><script>', height=300)
    assert "<script>" not in view._repr_html_() and 'height="300"' in view._repr_html_()


def test_a_refused_state_raises_naming_the_field(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNSCOPE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(ValueError, match="hidden"):
        notebook.snapshot(tmp_path / "x.html", "hello", cell="gru", hidden=10**6)
    assert not (tmp_path / "x.html").exists()


def test_the_notebook_server_may_be_framed_by_notebooks_only(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNSCOPE_DATA_DIR", str(tmp_path / "data"))
    with notebook.urllib.request.urlopen(notebook.server() + "/?text=hello") as r:
        csp, frame_options = r.headers["content-security-policy"], r.headers["x-frame-options"]
    ancestors = re.search(r"frame-ancestors ([^;]+)", csp)[1]
    assert ancestors == notebook.FRAME_ANCESTORS and "*" not in ancestors.split()
    assert frame_options is None  # it would forbid every frame
    assert notebook.server() == notebook.server()  # one per kernel


def test_every_module_of_the_page_is_in_the_snapshot_under_a_bare_name():
    static = Settings().static_dir
    found = modules(static, ["js/lessons/index.js", "js/main.js"])
    assert {"js/main.js", "js/state.js", "js/plotly.js"} <= set(found)
    for path, source in found.items():
        relative = re.findall(r"""(?:from|import)\s*\(?\s*["'](\.\.?/[^"']+)""", source)
        assert relative == [], (path, relative)
        for name in re.findall(r"""(?:from|import)\s*\(?\s*["'](rnnscope/[^"']+)""", source):
            assert name.removeprefix("rnnscope/") in found, (path, name)
    json.dumps(found)  # plain text, nothing else


@pytest.fixture
def kernel_env(monkeypatch):
    """A kernel started by no Jupyter server, outside JupyterHub and Colab."""
    for name in ("JPY_PARENT_PID", "JUPYTERHUB_SERVICE_PREFIX", "RNNSCOPE_NOTEBOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_iframe_points_at_loopback_without_a_proxy(kernel_env):
    assert notebook.page_root("http://127.0.0.1:4321") == "http://127.0.0.1:4321/"


def test_the_iframe_goes_through_jupyterhubs_proxy_when_it_is_installed(kernel_env):
    """On JupyterHub the notebook's browser cannot reach the kernel machine's loopback; the
    single-user server's prefix is in the kernel's environment (the live case, a real Jupyter
    server with jupyter-server-proxy: tests/browser/test_prefix.py)."""
    kernel_env.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ann/")
    assert notebook.page_root("http://127.0.0.1:4321") == "/user/ann/proxy/4321/"
    # without the extension the browser cannot reach the page: the lecturer is told how to fix it
    kernel_env.setattr(notebook.importlib.util, "find_spec", lambda name: None)
    with pytest.warns(UserWarning, match="pip install jupyter-server-proxy"):
        assert notebook.page_root("http://127.0.0.1:4321") == "http://127.0.0.1:4321/"


def test_a_jupyter_server_that_does_not_proxy_is_not_used(kernel_env):
    info = {"pid": 1, "url": "http://127.0.0.1:9/", "base_url": "/", "token": "t"}  # port 9: none
    kernel_env.setattr(notebook, "jupyter_server", lambda: info)
    assert notebook.page_root("http://127.0.0.1:4321") == "http://127.0.0.1:4321/"


def test_a_kernel_no_jupyter_server_started_finds_none(kernel_env):
    kernel_env.setenv("JPY_PARENT_PID", "0")  # no server has pid 0
    assert notebook.jupyter_server() is None


def test_any_port_forwarding_is_one_template(kernel_env):
    kernel_env.setenv("RNNSCOPE_NOTEBOOK_URL", "https://ide.example/proxy/{port}")
    assert notebook.page_root("http://127.0.0.1:4321") == "https://ide.example/proxy/4321/"
