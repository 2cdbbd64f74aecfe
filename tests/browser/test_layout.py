"""Layout that the eye relies on: the player stays in sight while the page scrolls."""

from __future__ import annotations

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
