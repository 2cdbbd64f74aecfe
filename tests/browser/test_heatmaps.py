"""The heatmaps (views/heatmaps.js) are images of one pixel a value, with no Plotly: one per
state and gate, each value where the trace has it (hover names it as before), a click picks
the step and the unit, and a new theme or step does not draw them again."""

from __future__ import annotations

import httpx
import pytest

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


# Every text of the maps with its size on screen (font size times the SVG's scale) and its
# contrast against the page (WCAG ratio of the text's fill to the body's background).
HEAT_TEXTS = """() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bg = lum(getComputedStyle(document.body).backgroundColor);
  return [...document.querySelectorAll('.heatmap svg text')].map((n) => {
    const style = getComputedStyle(n), fg = lum(style.fill);
    const scale = n.ownerSVGElement.getScreenCTM().a;
    return {text: n.textContent, px: parseFloat(style.fontSize) * scale,
            contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)};
  });
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_heatmaps_read_from_the_back_row(page, artifacts, theme):
    """Presentation mode at 1024x768: every label of every map at 14 px or more, readable."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, f"?text=hello world&cell=gru&present=true&lang=ko&theme={theme}")
    maps = page.locator(".heatmap")
    for i in range(maps.count()):
        maps.nth(i).scroll_into_view_if_needed()
        maps.nth(i).locator("svg image").wait_for()
    page.screenshot(path=str(artifacts / f"heatmaps-present-1024x768-ko-{theme}.png"))
    texts = page.evaluate(HEAT_TEXTS)
    assert len(texts) > 4 * maps.count()  # title, axes, ticks of each map
    assert [x for x in texts if x["px"] < 14 - 0.01 or x["contrast"] < 4.5] == []
