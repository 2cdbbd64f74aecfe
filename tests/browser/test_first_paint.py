"""The first paint needs no Plotly (static/js/plotly.js): the network, the cell detail and the
numbers paint from the page's own modules; Plotly.js is asked for after that, once, and the
charts follow when it arrives."""

from __future__ import annotations

FIRST_TOKEN = """window.__firstToken = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('svg.network text.token')) {
    window.__firstToken = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});"""


def test_the_network_paints_before_plotly_arrives(page):
    held = []
    page.route("**/vendor/plotly.min.js", lambda route: held.append(route))  # hold it back
    page.add_init_script(FIRST_TOKEN)
    page.goto("/?text=hello&cell=gru&lang=en")
    page.wait_for_selector("svg.network text.token")
    page.wait_for_selector(".detail svg.celldiagram text")
    page.wait_for_selector("#facts dd")
    assert page.locator("svg.network text.token").all_text_contents() == ["h", "e", "l", "l"]
    assert page.evaluate("() => window.Plotly === undefined")
    page.wait_for_function("() => document.querySelector('script[src$=\"plotly.min.js\"]')")
    assert len(held) == 1  # asked for once, after the first paint
    assert page.locator(".js-plotly-plot").count() == 0
    held[0].continue_()
    page.wait_for_function("() => Number(document.body.dataset.renders || 0) > 0")
    assert page.locator("#chart-decay.js-plotly-plot").count() == 1
    asked, painted = page.evaluate(
        """() => [performance.getEntriesByType('resource')
                    .find((e) => e.name.endsWith('/vendor/plotly.min.js')).startTime,
                  window.__firstToken]"""
    )
    assert painted is not None and asked > painted
