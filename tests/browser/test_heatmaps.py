"""The heatmaps (views/heatmaps.js) are images of one pixel a value, with no Plotly: one per
state and gate, each value where the trace has it (hover names it as before), a click picks
the step and the unit, and a new theme or step does not draw them again."""

from __future__ import annotations

import httpx

from .test_page import open_page


def test_heatmaps_are_pixel_images_of_the_trace(page, live_server):
    open_page(page, "?text=hello&cell=lstm&hidden=8&lang=en")
    maps = page.locator(".heatmap")
    assert [m.get_attribute("data-map") for m in maps.all()] == [
        "h", "c", "gate-i", "gate-f", "gate-g", "gate-o",
    ]  # fmt: skip
    assert page.locator("#heatmaps-wrap .js-plotly-plot").count() == 0
    # drawn when they come into view: the second row is below the fold at 1366x768
    assert page.locator(".heatmap[data-map=gate-o] svg image").count() == 0
    page.locator(".heatmap[data-map=c]").scroll_into_view_if_needed()
    page.locator(".heatmap[data-map=c] svg image").wait_for()  # drawn once it is near the window
    size = page.evaluate(
        """() => new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
        img.src = document.querySelector('.heatmap[data-map=c] image').getAttribute('href');
    })"""
    )
    assert size == [4, 8]  # T steps across, H units down
    trace = httpx.get(live_server + page.evaluate("document.body.dataset.trace")).json()
    c = trace["layers"][0]["c"]
    image = page.locator(".heatmap[data-map=c] svg image")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    for step, unit in ((2, 3), (4, 8)):
        x = box["x"] + box["width"] * (step - 0.5) / 4
        y = box["y"] + box["height"] * (unit - 0.5) / 8
        page.mouse.move(x, y)
        want = f"t={step}, j={unit}: {c[step - 1][unit - 1]:.3f}"
        page.wait_for_function(
            "w => document.querySelector('#tooltip')?.textContent.includes(w)", arg=want
        )
    page.locator(".heatmap[data-map=gate-o]").scroll_into_view_if_needed()
    page.locator(".heatmap[data-map=gate-o] svg image").wait_for()
    # a new step moves the bands; a new theme restyles; neither draws the images again
    page.evaluate("() => { document.querySelector('.heatmap[data-map=c] image').probe = 1; }")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.heatmap .plot-cursor')]"
        ".every((m) => m.dataset.step === '3')"
    )
    page.locator("#btn-theme").click()
    page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    assert page.evaluate("() => document.querySelector('.heatmap[data-map=c] image').probe") == 1
