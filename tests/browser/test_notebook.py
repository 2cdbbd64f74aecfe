"""rnnscope in a notebook: a real Jupyter kernel (nbclient, ipykernel) runs `rnnscope.show` and
`rnnscope.snapshot`; Chromium opens the iframe inside a page of another loopback origin (as
Jupyter's own page on localhost:8888), and the snapshot file with the network cut. In both the
network paints, steps forward and back, and shows the backward pass.
Screenshots: artifacts/notebook-iframe.png, artifacts/notebook-snapshot*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from tests.loopback import ROOT, serving

from .player import step_and_go_back

NOTEBOOK_HEAD = '<!doctype html><link rel="icon" href="data:,"><title>lecture.ipynb</title>'
CELLS = [
    "import rnnscope\nrnnscope.show('hello', cell='lstm', hidden=6, seed=1)",
    "path = rnnscope.snapshot('hello-gru.html', 'hello', cell='gru', hidden=5, train_steps=30)\n"
    "print(path.stat().st_size)",
    "import inspect\nprint(inspect.getfile(rnnscope.trace))",
]


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """The notebook executed in a real kernel that stays up (its server with it) meanwhile."""
    work = tmp_path_factory.mktemp("notebook")
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    client = NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(work)}}
    )
    with client.setup_kernel(cwd=str(work)):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        nbformat.write(nb, work / "lecture.ipynb")
        yield nb, work


def output(nb: Any, index: int, kind: str) -> str:
    for out in nb.cells[index].outputs:
        if kind == "stream" and out.output_type == "stream":
            return str(out.text)
        if kind in out.get("data", {}):
            return str(out.data[kind])
    raise AssertionError(f"cell {index} has no {kind} output: {nb.cells[index].outputs}")


def the_kernel_ran_this_checkout(nb: Any) -> None:
    where = output(nb, 2, "stream").strip()
    assert Path(where).resolve() == ROOT / "core" / "trace.py", where


def test_show_displays_the_page_in_an_iframe_the_notebook_may_frame(kernel, browser, artifacts):
    nb, _ = kernel
    the_kernel_ran_this_checkout(nb)
    html = output(nb, 0, "text/html")
    url = re.search(r'<iframe src="([^"]+)"', html)[1].replace("&amp;", "&")
    assert url.startswith("http://127.0.0.1:") and "text=hello" in url and "cell=lstm" in url
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        # Jupyter's page on localhost:<its port>: the cell's output as the notebook shows it.
        jupyter = FastAPI()
        jupyter.get("/notebooks/lecture.ipynb", response_class=HTMLResponse)(
            lambda: f"{NOTEBOOK_HEAD}<h1>lecture.ipynb</h1>{html}"
        )
        with serving(jupyter) as base:
            page.goto(base.replace("127.0.0.1", "localhost") + "/notebooks/lecture.ipynb")
            frame = page.wait_for_selector("iframe").content_frame()
            step_and_go_back(frame, lambda: page.screenshot(path=artifacts / "notebook-iframe.png"))
            assert frame.evaluate("new URLSearchParams(location.search).get('hidden')") == "6"
    finally:
        context.close()
    assert errors == []


def test_snapshot_opens_with_the_network_cut(kernel, browser, artifacts):
    nb, work = kernel
    size = int(output(nb, 1, "stream"))
    path = work / "hello-gru.html"
    assert path.stat().st_size == size
    text = path.read_text(encoding="utf-8")
    assert "/static/" not in re.sub(r'data:[^"]+', "", text)  # nothing left to fetch
    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    errors: list[str] = []
    asked: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.on("request", lambda r: asked.append(r.url))
        page.route("http*://**/*", lambda route: route.abort())  # and no server to ask
        page.goto(path.as_uri())
        step_and_go_back(page, lambda: page.screenshot(path=artifacts / "notebook-snapshot.png"))
        assert page.locator("#in-text").input_value() == "hello"
        assert page.evaluate("document.body.dataset.trace").startswith("/api/v1/trace?")
        # The charts draw from the Plotly inlined in the file.
        page.locator("#charts-wrap").scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2")
        page.screenshot(path=artifacts / "notebook-snapshot-charts.png")
    finally:
        context.close()
    assert [u for u in asked if not u.startswith(("file:", "data:"))] == []
    assert errors == []
