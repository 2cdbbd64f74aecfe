"""Phones: the page on a 390x844 touch screen (app.css, lessons.css, diagram.css phone blocks).

The main page, compare mode and every lesson scene, in both languages: the page is no wider
than the screen (what is wider, the network, the equations, a table, scrolls inside its own
box; a lesson's panel never does), and no text is squeezed into a column of a few characters a
line. The top bar folds its rarely used controls behind "More", so that the network's current
step is on the first screen; a lesson's network shows its current step when no highlight of
the scene needs its room. The charts carry no
Plotly mode bar; a tap on a chart's point moves the cursor there, and a swipe over a chart
scrolls the page. Screenshots: artifacts/phone-*.png.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .charts import (
    LESSON_CHARTS_DRAWN,
    USEFUL_PLOT,
    chart_problems,
    legend_overlaps,
    short_plots,
    tick_overlaps,
)
from .chromium import guarded_page
from .lessons import assert_current_step_in_view
from .room import PHONE as SCREEN
from .room import sideways, small_text
from .scenes import HALVES, half_id

PHONE = {"width": SCREEN.width, "height": SCREEN.height, "has_touch": True, "is_mobile": True}
READY = "() => Number(document.body.dataset.renders || 0) > 0 && document.body.dataset.trace"

# How far the page reaches past the screen's right edge (0 when it fits), and every text of
# 12 characters or more that wraps to fewer than 5 characters a line (a squeezed column).
FIT = """(root) => {
  const width = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const squeezed = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text.length < 12 || !node.parentElement.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    if (lines && text.length / lines < 5) squeezed.push(`${text.slice(0, 30)}: ${lines} lines`);
  }
  return {width, squeezed};
}"""


# The boxes in a lesson's panel that scroll sideways (content wider than the box): [what, by].
PANEL_SIDEWAYS = """() => [...document.querySelectorAll('#lesson-panel *')]
  .filter((n) => /auto|scroll/.test(getComputedStyle(n).overflowX) && n.checkVisibility()
    && n.scrollWidth > n.clientWidth + 1)
  .map((n) => [n.className, n.scrollWidth - n.clientWidth])"""


@pytest.fixture
def phone(browser, live_server):
    with guarded_page(browser, live_server, **PHONE) as page:
        page.set_default_timeout(180_000)
        yield page


def assert_fits(page, where: str, root: str = "body") -> None:
    got = page.evaluate(FIT, root)
    assert got["width"] <= 0, f"{where}: the page is {got['width']} px wider than the screen"
    assert got["squeezed"] == [], where


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    "view",
    ["text=hello&cell=lstm", "text=hello%20world&cell=compare", "text=hello&train_steps=50"],
)
def test_the_page_fits_a_phone(phone, artifacts, view, lang):
    phone.goto(f"/?{view}&lang={lang}")
    phone.wait_for_function(READY)
    assert_fits(phone, view)
    # the network is at its legible size, scrolling sideways inside its own box
    box = phone.evaluate(
        "() => { const s = document.querySelector('.net-scroll');"
        " return [s.scrollWidth, s.clientWidth, getComputedStyle(s).overflowX]; }"
    )
    assert box[0] > box[1] and box[2] == "auto"
    assert (
        phone.locator(".modebar").count() == 0 or not phone.locator(".modebar").first.is_visible()
    )
    assert chart_problems(phone) == []
    name = view.split("&")[1].replace("=", "-")
    phone.screenshot(path=str(artifacts / f"phone-{name}-{lang}.png"))
    phone.screenshot(path=str(artifacts / f"phone-{name}-{lang}-full.png"), full_page=True)


# The selected step's column of the first network (prediction to input) on screen, and what
# the top bar shows (for the message).
FIRST_SCREEN = """() => {
  const r = document.querySelector('svg.network rect.selection').getBoundingClientRect();
  const shown = [...document.querySelectorAll('#topbar > *, #toolbar .toolbar > *')]
    .filter((n) => n.checkVisibility() && n.id !== 'toolbar')
    .map((n) => `${n.id || n.className} ${Math.round(n.getBoundingClientRect().top)}`);
  return {column: [r.left, r.top, r.right, r.bottom].map(Math.round), shown};
}"""


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("cell", ["lstm", "compare"])
def test_the_network_is_on_the_first_screen(phone, artifacts, cell, lang):
    """What the page is about is on screen when it opens: the top bar folds its rarely used
    controls behind "More" (app.css, toolbar.js), and the selected step's whole column of the
    (first) network, prediction to input, is inside the first screen. "More" unfolds them; a
    control that changes the view while on (generation, presentation) stays out."""
    phone.goto(f"/?text=hello&cell={cell}&lang={lang}")
    phone.wait_for_function(READY)
    phone.wait_for_function("() => document.getElementById('lesson-start')?.textContent")
    phone.evaluate("() => document.fonts.ready")
    inside = f"() => (c => c[0] >= 0 && c[2] <= innerWidth)(({FIRST_SCREEN})().column)"
    with contextlib.suppress(PlaywrightTimeout):  # the network scrolls to its step after paint
        phone.wait_for_function(inside, timeout=10000)
    got = phone.evaluate(FIRST_SCREEN)
    left, top, right, bottom = got["column"]
    assert left >= 0 and right <= PHONE["width"], got
    assert top >= 0 and bottom <= PHONE["height"], got
    for folded in ["#btn-theme", "#btn-drawer", "#menu-export", "#link-tasks", "#menu-models"]:
        assert not phone.locator(folded).is_visible(), folded
    assert phone.locator("#btn-lang").is_visible()
    phone.screenshot(path=str(artifacts / f"phone-first-screen-{cell}-{lang}.png"))
    phone.locator("#btn-more").click()
    assert phone.locator("#btn-more").get_attribute("aria-expanded") == "true"
    phone.locator("#btn-gen").click()  # generation on: its button stays out when folded again
    phone.wait_for_function("() => location.search.includes('gen=true')")
    phone.locator("#btn-more").click()
    assert phone.locator("#btn-gen").is_visible() and not phone.locator("#btn-theme").is_visible()
    assert_fits(phone, f"{cell} {lang}, More unfolded and folded")


# Each network's current step: the width of its column and what its box shows of it beside
# the row labels pinned once it is scrolled (net-scroll.js: less its margins), and whether the
# column is in sight there: [width, room, in sight].
STEP_BESIDE_LABELS = """() => [...document.querySelectorAll('.net-scroll')].map((box) => {
  const net = box.querySelector('svg.network');
  const c = net.querySelector('rect.selection').getBoundingClientRect();
  const pinned = Number(net.dataset.labels) * net.getBoundingClientRect().width
    / net.viewBox.baseVal.width;
  const pin = box.querySelector('svg.netlabels');
  const covered = pin && !pin.hasAttribute('hidden') ? pin.getBoundingClientRect().right : 0;
  const b = box.getBoundingClientRect();
  const left = Math.max(b.left, covered, 0), right = Math.min(b.right, innerWidth);
  const seen = c.left >= left - 1 && c.right <= right + 1;
  return [Math.round(c.width), box.clientWidth - Math.round(pinned) - 24, seen];
})"""


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    "view",
    [
        "text=hello%20world&cell=lstm&hidden=16",
        "text=hello%20world&cell=compare&hidden=16",
        "text=hello%20world&cell=gru&hidden=64&layers=2",
        "lesson=13",
    ],
)
def test_a_step_of_many_units_fits_beside_the_row_labels(phone, artifacts, view, lang):
    """A column of 16 units a row (303 px) was wider than what a phone shows beside the pinned
    row labels (242 px): the current step was cut whatever the scroll. On a phone a row holds 8
    units (network-layout.js): every network opens on its last step, whole, in sight beside the
    labels, its texts 14 px or more. Lesson 13 (the echo state network) has 16 units."""
    phone.goto(f"/?{view}&lang={lang}")
    phone.wait_for_function(READY)
    if view.startswith("lesson"):
        phone.wait_for_function(
            "() => document.getElementById('lesson-panel')?.dataset.state === 'drawn'"
        )
    seen = f"() => ({STEP_BESIDE_LABELS})().every(([, , seen]) => seen)"
    with contextlib.suppress(PlaywrightTimeout):  # the network scrolls to its step after paint
        phone.wait_for_function(seen, timeout=10000)
    columns = phone.evaluate(STEP_BESIDE_LABELS)
    assert columns, view
    for width, room, shown in columns:
        assert width <= room, f"{view}: a step {width} px wide, {room} px beside the labels"
        assert shown, f"{view}: the current step is not in sight beside the labels"
    assert small_text(phone, ".net-scroll") == []
    assert_fits(phone, view)
    name = view.replace("%20", "-").replace("&", "-").replace("=", "")
    phone.screenshot(path=str(artifacts / f"phone-units-{name}-{lang}.png"))


@pytest.mark.parametrize("scenes", HALVES, ids=half_id)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_lesson_scene_reflows_on_a_phone(phone, artifacts, lang, scenes):
    for n in scenes:
        phone.goto(f"/?lesson={n}&lang={lang}")
        phone.wait_for_function("n => document.body.dataset.lesson === String(n)", arg=n)
        phone.wait_for_function(READY)
        # the panel's own answers: every number, table and chart it shows has come and is drawn
        # (lessons/panels.js)
        phone.wait_for_function(
            "() => document.getElementById('lesson-panel')?.dataset.state === 'drawn'"
        )
        assert_fits(phone, f"scene {n} ({lang})")
        # nothing of the scene's panel scrolls sideways in its own box (scenes 4, 9 and 17's
        # tables are turned on their side: lessons.css)
        assert phone.evaluate(PANEL_SIDEWAYS) == [], f"scene {n} ({lang})"
        assert_current_step_in_view(phone)
        panel = phone.evaluate(
            "() => [document.getElementById('lesson-panel').getBoundingClientRect().width,"
            " document.getElementById('lesson-text').getBoundingClientRect().width]"
        )
        assert panel[0] == pytest.approx(panel[1], abs=2)  # one column: text above the panel
        phone.wait_for_function(LESSON_CHARTS_DRAWN)
        # legends below the ticks, tick labels apart; a legend of several rows leaves the plot
        # a useful height (plot-common.js: the chart grows; scene 12's four set-ups left 69 px)
        assert legend_overlaps(phone) + tick_overlaps(phone) == [], f"scene {n} ({lang})"
        assert short_plots(phone, USEFUL_PLOT) == [], f"scene {n} ({lang})"
        # tables that fit whole: no number cut at the edge (scene 1's one-hot and embedding;
        # scene 17's words of a four-word Korean sentence)
        whole = {1: ".lesson-encoding", 17: ".bidir-scroll" if lang == "ko" else None}.get(n)
        if whole:
            fits = "b => b.scrollWidth <= b.clientWidth"
            cut = f"scene {n} ({lang}): the table is cut"
            assert phone.locator(whole).first.evaluate(fits), cut
        phone.screenshot(path=str(artifacts / f"phone-lesson-{n:02d}-{lang}.png"), full_page=True)


DRAWN = "() => document.getElementById('lesson-panel')?.dataset.state === 'drawn'"
# the boxes of these elements (selectors) not wholly inside the window: [selector, top, bottom]
OUTSIDE = """(selectors) => selectors.flatMap((s) => [...document.querySelectorAll(s)]
  .map((n) => n.getBoundingClientRect())
  .filter((r) => r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth)
  .map((r) => [s, Math.round(r.top), Math.round(r.bottom)]))"""


def open_lesson(page, n: int, lang: str) -> None:
    page.goto(f"/?lesson={n}&lang={lang}")
    page.wait_for_function("n => document.body.dataset.lesson === String(n)", arg=n)
    page.wait_for_function(READY)
    page.wait_for_function(DRAWN)
    # the focus check runs in the frame after a change: let two frames pass
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_scene_opens_on_its_title_on_a_phone(phone, artifacts, lang):
    """The page's controls above the scene take a third of the phone: a scene opens with its
    title at the top of the window (lessons/focus.js). Scene 7's link to the chunk rule's scene
    says which rule the scene shows: it is on screen too, with the title and the text."""
    open_lesson(phone, 7, lang)
    shown = ["#lesson-title", "#lesson-count", "#lesson-text p", "#lesson-trunc-chunks"]
    assert phone.evaluate(OUTSIDE, shown) == []
    phone.screenshot(path=str(artifacts / f"phone-lesson-07-open-{lang}.png"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_scene_16s_table_reads_whole_on_a_phone(phone, artifacts, lang):
    """Five columns do not fit 390 px legibly: each sentence has a line of its own above its
    pads and three figures (lessons.css), all of it inside the screen at 14 px or more."""
    open_lesson(phone, 16, lang)
    table = phone.locator(".lesson-padding")
    table.scroll_into_view_if_needed()
    assert table.evaluate("b => b.scrollWidth <= b.clientWidth"), "the table is cut"
    cells = ".lesson-padding th, .lesson-padding td"
    assert phone.evaluate(OUTSIDE, [cells]) == []
    assert small_text(phone, ".lesson-padding") == []
    assert sideways(phone) <= 0
    assert_fits(phone, f"scene 16 ({lang})", ".lesson-padding")
    # every figure of the table: 8 sentences x (pads + 3 settings)
    assert phone.locator(".lesson-padding .num").count() == 32
    table.screenshot(path=str(artifacts / f"phone-lesson-16-table-{lang}.png"))


POINT = """() => {
  const div = document.getElementById('chart-decay');
  const fl = div._fullLayout, box = div.getBoundingClientRect();
  const y = div._fullData[0].y[0];
  return {x: box.left + fl._size.l + fl.xaxis.c2p(1), y: box.top + fl._size.t + fl.yaxis.c2p(y)};
}"""


def swipe(page, x: float, y: float, dy: float) -> None:
    """A finger drawn from (x, y) by dy pixels (up when negative), as touch events."""
    cdp = page.context.new_cdp_session(page)
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for k in range(1, 11):
        cdp.send(touch, {"type": "touchMove", "touchPoints": [{"x": x, "y": y + dy * k / 10}]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})


def test_charts_answer_touch(phone):
    phone.goto("/?text=hello&cell=rnn&step=3&lang=en")
    phone.wait_for_function(READY)
    assert phone.locator("#player-status").get_attribute("data-step") == "3"
    # the charts sit below the fold on a phone: drawn once they come near the window
    phone.evaluate("() => document.getElementById('chart-decay').scrollIntoView({block: 'center'})")
    phone.wait_for_function("() => document.getElementById('chart-decay')._fullData?.length > 0")
    layout = "() => document.getElementById('chart-decay')._fullLayout.dragmode"
    assert phone.evaluate(layout) is False
    point = phone.evaluate(POINT)
    phone.touchscreen.tap(point["x"], point["y"])  # step 1's point of the decay
    phone.wait_for_function("() => document.querySelector('#player-status').dataset.step === '1'")
    # a finger drawn up over the chart scrolls the page (the chart keeps no gesture to zoom)
    before = phone.evaluate("() => scrollY")
    swipe(phone, point["x"], point["y"], -200)
    phone.wait_for_function("y => scrollY > y + 100", arg=before)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_scene_10s_results_read_whole_on_a_phone(phone, artifacts, lang):
    """Four columns do not fit: the accuracy after training and the gradient ratio were past
    the table's edge. A cell's name and initialisation have a line, its two changes the next;
    every figure is inside the screen, no number broken across lines."""
    open_lesson(phone, 10, lang)
    phone.wait_for_function("() => document.querySelectorAll('.recall .num').length === 12")
    table = phone.locator(".lesson-table.recall")
    table.scroll_into_view_if_needed()
    assert table.evaluate("b => b.scrollWidth <= b.clientWidth"), "the table scrolls sideways"
    nums = phone.locator(".lesson-table.recall .num")
    for k in range(nums.count()):
        box = nums.nth(k).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], k
        assert len(nums.nth(k).evaluate("n => [...n.getClientRects()]")) == 1, k  # one line
    assert small_text(phone, ".lesson-table.recall") == []
    assert sideways(phone) <= 0
    table.screenshot(path=str(artifacts / f"phone-lesson-10-table-{lang}.png"))
