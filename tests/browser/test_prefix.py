"""The page under a path prefix, through the proxies lecturers meet:

- jupyter-server-proxy itself, in a real Jupyter server whose base_url is JupyterHub's
  /user/<name>/: `rnnscope.view` (what `rnnscope.show` displays) finds that server from the
  kernel's environment and points at /user/alice/proxy/<port>/;
- Debian's nginx with the shipped configuration rendered with `--prefix /rnnscope`.

Through each, Chromium paints the network, steps, shows the backward pass, opens a lesson from
its short link, follows the toolbar's link to /tasks (and /tasks/ typed by hand) and loads
/corpus, and paints a Korean text at the prefix typed without its slash; the address the
page writes (the link a lecturer copies) opens the same view in a fresh page. Every request
the browser sends is recorded, and every one must stay under the prefix: nothing may go to
the host's own root. Screenshots: artifacts/prefix-<proxy>-*.png (1366x768).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from tests.deploy.nginx import have_nginx, nginx_proxy
from tests.loopback import free_port, serving
from tests.wait import wait_for

from .player import step_and_go_back

TOKEN = "jupyter-token-for-the-prefix-test"
HUB_USER = "/user/alice/"
START = "hello"
PAINTED = "() => document.querySelector('svg.network')?.dataset.steps === '4'"  # 5 tokens


@dataclass
class Jupyter:
    base: str  # http://127.0.0.1:PORT
    pid: int
    runtime: Path


@contextlib.contextmanager
def jupyter_server(work: Path) -> Iterator[Jupyter]:
    """`jupyter server` with jupyter-server-proxy loaded, under JupyterHub's kind of base_url,
    on a free loopback port, its runtime, config and data directories under `work`."""
    port = free_port()
    dirs = {name: work / name for name in ("runtime", "config", "data")}
    env = {**os.environ, **{f"JUPYTER_{k.upper()}_DIR": str(v) for k, v in dirs.items()}}
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root",
        "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.base_url={HUB_USER}",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}",
    ]  # fmt: skip
    dirs["config"].mkdir(parents=True)
    extension = {"ServerApp": {"jpserver_extensions": {"jupyter_server_proxy": True}}}
    (dirs["config"] / "jupyter_server_config.json").write_text(json.dumps(extension))
    log = (work / "jupyter.log").open("wb")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        files = lambda: list(dirs["runtime"].glob("jpserver-*.json"))  # noqa: E731
        wait_for(lambda: files() or proc.poll() is not None, "jupyter server to start", 60)
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter server exited: {(work / 'jupyter.log').read_text()}")
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: answers(f"{base}{HUB_USER}api/status"), "jupyter server to answer", 60)
        yield Jupyter(base, proc.pid, dirs["runtime"])
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def answers(url: str) -> bool:
    ask = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(ask, timeout=10) as r:
            return bool(r.status == 200)
    except OSError:
        return False


class Recorder:
    """A fresh 1366x768 context that records every request URL and every console error."""

    def __init__(self, browser: Any, headers: dict[str, str]) -> None:
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 768}, extra_http_headers=headers
        )
        self.context.set_default_timeout(120_000)  # a loaded machine; conditions, not waits
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.asked.append(r.url))

    def page(self) -> Any:
        page = self.context.new_page()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        return page


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def tour(
    browser: Any, prefix: str, headers: dict[str, str], shots: str, artifacts: Path, train: bool
) -> None:
    """The page at `prefix` ("http://host:port/some/path", no trailing slash), as a lecturer
    uses it (`train`: a training job on /corpus, followed live by server-sent events); fails
    if any request leaves the prefix."""
    rec = Recorder(browser, headers)
    shot = lambda page, name: page.screenshot(path=artifacts / f"prefix-{shots}-{name}.png")  # noqa: E731
    try:
        page = rec.page()
        page.goto(f"{prefix}/?text={START}&cell=lstm&hidden=6&seed=1")
        step_and_go_back(page, lambda: shot(page, "backward"))
        # The address the page wrote is the link a lecturer copies: under the prefix, and it
        # opens the same view in a fresh page.
        copied = page.url
        assert copied.startswith(f"{prefix}/?"), copied
        assert query_of(copied)["text"] == START and query_of(copied)["hidden"] == "6"
        again = rec.page()
        again.goto(copied)
        again.wait_for_function(PAINTED)
        assert again.locator("#in-text").input_value() == START
        again.close()
        # Every link on the page points under the prefix.
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        assert links and [u for u in links if not u.startswith(prefix + "/")] == []
        # A short lesson link: the lesson opens, its panel asks the API (/api/v1/cells).
        page.goto(f"{prefix}/?lesson=9")
        page.wait_for_function("() => document.body.dataset.lesson === '9'")
        page.wait_for_function(
            "() => document.querySelectorAll('#lesson-panel table.params tbody tr').length === 3"
        )
        shot(page, "lesson")
        # The toolbar's link to /tasks, and /tasks' way home.
        page.goto(f"{prefix}/?text={START}")
        page.wait_for_function("() => document.querySelector('svg.network')")
        page.locator("#link-tasks").click()
        page.wait_for_url(f"{prefix}/tasks*")
        page.wait_for_selector("#t-unrolled")
        shot(page, "tasks")
        assert page.locator("#t-home").evaluate("a => a.href").startswith(prefix + "/?")
        # A trailing slash typed by hand: the app's redirect stays under the prefix.
        page.goto(f"{prefix}/tasks/?lang=ko")
        page.wait_for_url(f"{prefix}/tasks?lang=ko")
        page.wait_for_selector("#t-unrolled")
        # /corpus asks for the stored models; a training job streams its progress.
        with page.expect_response(f"{prefix}/api/v1/models") as models:
            page.goto(f"{prefix}/corpus")
        assert models.value.ok
        if train:
            page.fill("#job-builtin", "textwrap")
            page.fill("#job-steps", "20")
            page.click("#job-start")
            page.wait_for_function(
                "() => document.querySelector('.job-status')?.textContent.includes('Done')"
            )
            points = page.locator(".job-chart polyline.train").get_attribute("points")
            assert len(points.split()) == 20
            assert any(u.endswith("/events") for u in rec.asked)
        shot(page, "corpus")
        # The prefix without its trailing slash (as typed, or shared without it) still paints,
        # and Korean text in the address passes the proxy intact.
        page.goto(f"{prefix}?text=안녕하세요&lang=ko")
        page.wait_for_function(PAINTED)
        assert page.locator("#in-text").input_value() == "안녕하세요"
        shot(page, "ko")
    finally:
        rec.context.close()
    api = [u for u in rec.asked if "/api/v1/" in u]
    assert len(api) >= 5 and any("/vendor/plotly" in u for u in rec.asked), rec.asked
    outside = [
        u for u in rec.asked
        if not (u == prefix or u.startswith((prefix + "/", prefix + "?", "data:", "blob:")))
    ]  # fmt: skip
    assert outside == [], f"requests that left {prefix}: {outside}"
    assert rec.errors == []


def framed(browser: Any, jupyter: Jupyter, output: str, artifacts: Path) -> None:
    """`output` (what show() displays) in a notebook page of the Jupyter server's own origin,
    as JupyterLab shows it: here a stub page reached through the same jupyter-server-proxy."""
    stub = FastAPI()
    notebook_page = f"<!doctype html><title>lecture.ipynb</title><h1>lecture.ipynb</h1>{output}"
    stub.get("/lecture.ipynb", response_class=HTMLResponse)(lambda: notebook_page)
    rec = Recorder(browser, {"Authorization": f"token {TOKEN}"})
    try:
        with serving(stub) as base:
            page = rec.page()
            page.goto(f"{jupyter.base}{HUB_USER}proxy/{base.rsplit(':', 1)[1]}/lecture.ipynb")
            frame = page.wait_for_selector("iframe").content_frame()
            shot = lambda: page.screenshot(path=artifacts / "prefix-jupyter-iframe.png")  # noqa: E731
            step_and_go_back(frame, shot)
    finally:
        rec.context.close()
    under = (f"{jupyter.base}{HUB_USER}proxy/", "data:", "blob:")
    assert [u for u in rec.asked if not u.startswith(under)] == []
    assert rec.errors == []


def test_show_goes_through_jupyter_server_proxy(browser, artifacts, tmp_path, monkeypatch):
    import jupyter_server_proxy  # noqa: F401  (the test extras install it: this test must run)

    import rnnscope
    from rnnscope.server import notebook

    with jupyter_server(tmp_path) as jupyter:
        # The kernel's environment, as a Jupyter server started it.
        monkeypatch.setenv("JPY_PARENT_PID", str(jupyter.pid))
        monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(jupyter.runtime))
        monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
        monkeypatch.delenv("RNNSCOPE_NOTEBOOK_URL", raising=False)
        url = rnnscope.view(START, cell="gru").url
        port = int(notebook.server().rsplit(":", 1)[1])
        assert url == f"{HUB_USER}proxy/{port}/?text={START}&cell=gru", url
        info = json.loads(next(jupyter.runtime.glob("jpserver-*.json")).read_text())
        assert info["base_url"] == HUB_USER
        prefix = f"{jupyter.base}{HUB_USER}proxy/{port}"
        tour(browser, prefix, {"Authorization": f"token {TOKEN}"}, "jupyter", artifacts, True)
        # The iframe show() displays, framed by a page of the notebook's origin (CSP 'self').
        framed(browser, jupyter, rnnscope.view(START, cell="lstm")._repr_html_(), artifacts)


@pytest.mark.skipif(not have_nginx(), reason="nginx is missing: make test installs it")
def test_nginx_serves_the_page_under_a_prefix(browser, artifacts, tmp_path, live_server):
    token = "an-admin-token-of-the-prefix-test"
    with nginx_proxy([live_server], token, tmp_path / "nginx", path_prefix="/rnnscope") as px:
        tour(browser, px.base, {}, "nginx", artifacts, train=False)
        # Outside the prefix nginx serves nothing, and a client's own X-Forwarded-Prefix
        # never reaches the instance (nginx sets it).
        import httpx

        host = px.base.removesuffix("/rnnscope")
        assert httpx.get(f"{host}/api/v1/cells").status_code == 404
        shell = httpx.get(f"{px.base}/", headers={"X-Forwarded-Prefix": "/elsewhere"}).text
        assert 'data-root="/rnnscope/"' in shell
        bare = httpx.get(px.base)
        assert bare.status_code == 301 and bare.headers["location"].endswith("/rnnscope/")
