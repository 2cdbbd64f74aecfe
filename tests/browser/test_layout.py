"""Layout that the eye relies on: the player stays in sight while the page scrolls; compare's
charts stay beside the networks as they scroll by, and never lie over a detail panel."""

from __future__ import annotations

from .room import LAPTOP, each_look, on_screens
from .test_page import open_page


def test_the_player_stays_at_the_top_when_the_page_scrolls(page):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, "?text=the%20cat%20sat%20on%20the%20mat&hidden=16&lang=en")
    assert page.evaluate("document.documentElement.scrollHeight") > 768 + 400  # it can scroll
    page.evaluate("window.scrollTo(0, 400)")
    page.wait_for_function("window.scrollY >= 400")
    box = page.locator("#in-scrub").bounding_box()
    assert box is not None and 0 <= box["y"] < 80, box  # still at the top of the window
    page.keyboard.press("ArrowRight")  # and it works there
    assert page.locator("#player-status").is_visible()


# The detail panels the charts' box lies over in the window (their cells), with the overlap.
COVERED = """() => {
  const c = document.getElementById('charts-wrap').getBoundingClientRect();
  const H = innerHeight, W = innerWidth;
  const covered = [];
  for (const d of document.querySelectorAll('.detail-wrap')) {
    const r = d.getBoundingClientRect();
    const w = Math.min(r.right, c.right, W) - Math.max(r.left, c.left, 0);
    const h = Math.min(r.bottom, c.bottom, H) - Math.max(r.top, c.top, 0);
    if (w > 1 && h > 1) covered.push(`${d.querySelector('h2')?.textContent}: ${w}x${h} px`);
  }
  return covered;
}"""


@each_look
def test_compare_charts_never_lie_over_a_detail_panel(browser, live_server, lang, theme):
    """At every scroll of the page, top to bottom: no detail panel under the charts (they stick
    while the networks scroll by, within the networks' rows; in #stage they slid over the third
    panel at 1366x768). At 1366x768 they do stick beside the networks."""
    for screen, page in on_screens(browser, live_server, look=(lang, theme)):
        open_page(page, f"?text=hello%20world&cell=compare&{screen.look(lang, theme)}")
        end = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
        assert end > screen.height, f"{screen}: the page is one window long"
        for y in [*range(0, end, screen.height // 3), end]:
            page.evaluate("y => window.scrollTo(0, y)", y)  # boxes below are read after it
            covered = page.evaluate(COVERED)
            assert not covered, f"{screen} {lang} {theme} at scroll {y}: charts over {covered}"
            if screen == LAPTOP and y == screen.height // 3:  # the networks scroll by
                top = page.locator("#charts-wrap").bounding_box()["y"]
                assert abs(top - 64) < 2, f"{screen}: the charts do not stick beside the networks"
