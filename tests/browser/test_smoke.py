"""The page and the API docs load under our CSP, offline, with no console errors.

The `page` fixture (conftest.py) fails a test on console errors, CSP violations and requests
that leave the app's origin, so these tests only drive the pages and look.
"""

from __future__ import annotations

PLOT = """() => {
    const div = document.createElement('div');
    div.id = 'csp-probe';
    div.style.width = '400px'; div.style.height = '300px';
    document.body.appendChild(div);
    return Plotly.newPlot(div, [
        {y: [1, 0.1, 0.01], type: 'scatter'},
        {z: [[1, 2], [3, 4]], type: 'heatmap', xaxis: 'x2', yaxis: 'y2'},
    ], {yaxis: {type: 'log'}, grid: {rows: 1, columns: 2, pattern: 'independent'}});
}"""


def test_page_loads_and_plotly_draws(page, artifacts):
    response = page.goto("/")
    assert response is not None and response.ok
    assert "rnnscope" in page.title().lower()
    page.wait_for_function("() => window.Plotly !== undefined")
    # Plotly must draw under our CSP (no unsafe-eval): a log-axis line chart and a heatmap.
    page.evaluate(PLOT)
    assert page.locator("#csp-probe .main-svg").count() > 0
    page.screenshot(path=str(artifacts / "smoke-page.png"), full_page=True)


def test_api_docs_render_offline(page, artifacts):
    assert page.goto("/docs").ok
    page.wait_for_selector("section.op h2 code", timeout=15000)  # plain HTML, no script
    assert page.get_by_text("/api/v1/trace", exact=True).count() > 0
    page.screenshot(path=str(artifacts / "smoke-docs.png"))
