"""The page loads under our CSP, with Plotly.js from /vendor, and no console errors."""

from __future__ import annotations


def test_page_loads(page, artifacts):
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))"
    )
    response = page.goto("/")
    assert response is not None and response.ok
    assert page.title()
    page.wait_for_function("() => window.Plotly !== undefined")
    # Plotly must draw under our CSP (no unsafe-eval): a line chart with a log axis and a heatmap.
    page.evaluate(
        """() => {
        const div = document.createElement('div');
        div.id = 'csp-probe';
        div.style.width = '400px'; div.style.height = '300px';
        document.body.appendChild(div);
        return Plotly.newPlot(div, [
            {y: [1, 0.1, 0.01], type: 'scatter'},
            {z: [[1, 2], [3, 4]], type: 'heatmap', xaxis: 'x2', yaxis: 'y2'},
        ], {yaxis: {type: 'log'}, grid: {rows: 1, columns: 2, pattern: 'independent'}});
    }"""
    )
    assert page.locator("#csp-probe .main-svg").count() > 0
    page.screenshot(path=str(artifacts / "smoke.png"), full_page=True)
    assert not violations, f"CSP violations: {violations}"
