"""The network's own sideways scroll follows the current step (static/js/views/net-scroll.js).

A network wider than its box scrolls inside it (never the page). At a laptop's 1366x768 and on
a 1024x768 projector (presentation mode), one cell and compare mode: the current step's column
is in the window, right of the pinned row labels, when the view opens (the last step, unless
the link picks one), after stepping back and forth, after jumping to step 1, and after a new
answer that adds a step (the network drawn anew).
"""

from __future__ import annotations

import pytest

from .room import LAPTOP, PROJECTOR_4_3, small_text
from .test_page import open_page
from .test_present import from_step_one, step_shown


def shows(page, step: int) -> None:
    """The player says `step`, and its column is in sight in every network on the page."""
    step_shown(page, step)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("cell", ["gru", "compare"])
@pytest.mark.parametrize("screen", [LAPTOP, PROJECTOR_4_3], ids=str)
def test_the_current_step_is_in_sight(page, artifacts, cell, screen):
    page.set_viewport_size({"width": screen.width, "height": screen.height})
    text = "hello world" if cell == "compare" else "hello world, hello"
    open_page(page, f"?text={text}&cell={cell}&{screen.look('en', 'light')}")
    T = len(text) - 1
    wide = page.evaluate(
        "() => [...document.querySelectorAll('.net-scroll')]"
        ".every((s) => s.scrollWidth > s.clientWidth + 200)"
    )
    assert wide, "the network fits its box: this test would show nothing"
    # opens on the last step, scrolled to it
    shows(page, T)
    page.screenshot(path=str(artifacts / f"net-scroll-{cell}-{screen}.png"))
    page.keyboard.press("ArrowLeft")
    shows(page, T - 1)
    from_step_one(page, shows)
    # a new answer with one more step (a rebuilt network): the current step is still in sight
    page.locator("#in-text").fill(text + "o")
    page.wait_for_function(
        "n => [...document.querySelectorAll('svg.network')].every((s) => s.dataset.steps === n)",
        arg=str(T + 1),
    )
    shows(page, 3)


@pytest.mark.parametrize("step", [3, 9])
def test_a_link_to_a_step_opens_on_it(page, step):
    open_page(page, f"?text=hello world, hello&cell=lstm&step={step}&lang=en")
    shows(page, step)


def test_a_lesson_scene_holds_the_scroll_until_the_viewer_steps(page):
    """Scene 7 (the backward pass at step 1) shows its last steps' gradient labels
    (lessons/focus.js, checked in tests/browser/lessons.py); once the viewer moves the cursor,
    the network follows the current step again."""
    page.goto("/?lesson=7&lang=en")
    page.wait_for_function("() => document.body.dataset.lesson === '7'")
    page.wait_for_function(
        "() => { const s = document.querySelector('.net-scroll');"
        " return s && s.scrollWidth > s.clientWidth && s.scrollLeft > 0; }"
    )
    assert page.evaluate("() => document.body.dataset.sideways") == "lesson"
    page.locator("#in-scrub").focus()
    page.keyboard.press("Home")  # step 1 of the forward pass: at the left
    shows(page, 1)
    assert page.evaluate("() => document.body.dataset.sideways") is None


def test_hello_compared_fits_a_laptop(page):
    """The lecture's first example, the three cells on "hello" at 1366x768: every step of each
    network in its box (network-layout.js: a column as narrow as what it holds allows), and no
    text under 14 px on screen."""
    open_page(page, "?text=hello&cell=compare&lang=en")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.net-scroll')]"
        ".map((s) => [s.scrollWidth, s.clientWidth])"
    )
    assert len(boxes) == 3
    assert all(width <= box for width, box in boxes), boxes
    assert small_text(page, ".net-scroll") == []
