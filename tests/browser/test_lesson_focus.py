"""Lessons open on their title (static/js/lessons/focus.js), on a projector.

Every scene, from its link, at a projector's 1024x768 (light theme) and 1280x720 (dark theme)
in presentation mode, in Korean and English: once the scene has settled (its trace, its
panel's answers, the charts), the title and the first paragraph of the explanation are inside
the window, and every chart on the page is honest and legible (tests/browser/charts.py: no
bars on a log axis, log ticks that read as their values, text of 14 px or more that stands out
from the background, a legend clear of the x axis's ticks and title, a plot area of 130 px
under a legend of any length). PageDown then brings the highlights below into view before it
moves on; PageUp goes back up to the title. Screenshots of what the room sees first:
artifacts/lesson-open-NN-WxH-lang.png.
"""

from __future__ import annotations

import pytest

from .charts import LESSON_CHARTS_DRAWN, USEFUL_PLOT, chart_problems, short_plots
from .room import PROJECTOR, PROJECTOR_4_3
from .scenes import HALVES, half_id

READY = "() => Number(document.body.dataset.renders || 0) > 0 && document.body.dataset.trace"
# top and bottom of the title and the first paragraph, and the window's height
OPENING = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
  return {title: box(document.getElementById('lesson-title')),
          first: box(document.querySelector('#lesson-text p')), height: innerHeight};
}"""
TITLE_IN_VIEW = "() => document.getElementById('lesson-title').getBoundingClientRect().top >= 0"
PROJECTORS = [(PROJECTOR_4_3, "light"), (PROJECTOR, "dark")]  # both themes


@pytest.fixture(autouse=True)
def _patient(page):
    """The recall scene trains three networks first: seconds, more on a loaded machine."""
    page.set_default_timeout(180_000)


def settle(page) -> None:
    page.wait_for_function(READY)
    page.wait_for_function(LESSON_CHARTS_DRAWN)  # its answers in, its charts drawn
    # the focus check runs in the frame after a change: let two frames pass
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def assert_opens_on_title(page, where: str) -> None:
    got = page.evaluate(OPENING)
    for name in ["title", "first"]:
        top, bottom = got[name]
        assert top >= 0 and bottom <= got["height"], f"{where}: {name} at {top:.0f}..{bottom:.0f}"


@pytest.mark.parametrize("scenes", HALVES, ids=half_id)
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("screen", "theme"), PROJECTORS, ids=lambda x: str(x))
def test_every_scene_opens_on_its_title(page, artifacts, screen, theme, lang, scenes):
    page.set_viewport_size({"width": screen.width, "height": screen.height})
    for n in scenes:
        page.goto(f"/?lesson={n}&lang={lang}&present=true&theme={theme}")
        page.wait_for_function("n => document.body.dataset.lesson === String(n)", arg=n)
        settle(page)
        assert page.evaluate("() => document.body.classList.contains('present')")
        where = f"scene {n} at {screen} ({lang}, {theme})"
        assert_opens_on_title(page, where)
        assert chart_problems(page) == [], where
        # a plot area the back row can read under a legend of several rows (plot-common.js:
        # scene 10's was 76 px, 12's 89, 11's 104 at 1280x720)
        assert short_plots(page, USEFUL_PLOT) == [], where
        page.screenshot(path=str(artifacts / f"lesson-open-{n:02d}-{screen}-{lang}.png"))


# the first highlight of the scene: all of its boxes inside the window (arg: its selector)
HIGHLIGHTS_IN_VIEW = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  return boxes.length > 0 && boxes.every(r => r.top >= 0 && r.bottom <= innerHeight);
}"""
FIRST_HIGHLIGHT = """async () => {
  const {TARGETS} = await import('/static/js/lessons/highlight.js');
  const {SCENES} = await import('/static/js/lessons/scenes.js');
  return TARGETS[SCENES[Number(document.body.dataset.lesson) - 1].highlight[0]];
}"""


def test_page_down_shows_the_highlights_before_the_next_scene(page, artifacts):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto("/?lesson=1&lang=en&present=true")
    settle(page)
    assert_opens_on_title(page, "scene 1")
    first = page.evaluate(FIRST_HIGHLIGHT)
    assert not page.evaluate(HIGHLIGHTS_IN_VIEW, first)  # the tokens are under the scene's text
    page.keyboard.press("PageDown")
    page.wait_for_function(HIGHLIGHTS_IN_VIEW, arg=first)
    assert page.evaluate("() => document.body.dataset.lesson") == "1"
    page.screenshot(path=str(artifacts / "lesson-open-01-1024x768-en-pagedown.png"))
    page.keyboard.press("PageUp")  # back up to the title, same scene
    page.wait_for_function(TITLE_IN_VIEW)
    assert page.evaluate("() => document.body.dataset.lesson") == "1"
    page.keyboard.press("PageDown")
    page.wait_for_function(HIGHLIGHTS_IN_VIEW, arg=first)
    page.keyboard.press("PageDown")  # nothing more to show: the next scene, on its title
    page.wait_for_function("() => document.body.dataset.lesson === '2'")
    settle(page)
    assert_opens_on_title(page, "scene 2 after PageDown")
    page.keyboard.press("PageUp")  # the title is in view: the previous scene
    page.wait_for_function("() => document.body.dataset.lesson === '1'")
    settle(page)
    assert_opens_on_title(page, "scene 1 after PageUp")


BUILD = "() => document.getElementById('lesson')?.dataset.build"
AT = "() => [document.body.dataset.lesson, document.getElementById('lesson').dataset.build]"


def keys_in_scene(page, n: int, key: str, drawn: bool) -> list:
    """Open scene n, its trace drawn or still on its way, press `key` until the next scene
    opens: where the tour is after each press ([scene, build])."""
    held = []
    if not drawn:  # the scene's answer waits until the keys are pressed
        page.route("**/api/v1/trace?**", lambda route: held.append(route))
    page.goto(f"/?lesson={n}&lang=en&present=true")
    page.wait_for_function(BUILD)
    if drawn:
        settle(page)
    else:
        page.wait_for_function("() => !document.querySelector('svg.network g.fwd')")
        assert held, "the scene's trace was asked for"
    seen = []
    while len(seen) < 3 and (not seen or seen[-1][0] == str(n)):
        page.keyboard.press(key)
        seen.append(page.evaluate(AT))  # a key's work is done in its keydown handler
    if not drawn:
        page.unroute("**/api/v1/trace?**")  # the held requests go on
    page.wait_for_function(READY)
    return seen


@pytest.mark.parametrize(("n", "key", "presses"), [(2, "n", 2), (5, "PageDown", 1)])
def test_a_key_does_what_the_scene_declares_drawn_or_not(page, n, key, presses):
    """A presenter's clicker does the same every time: in scene 2, which declares a highlight,
    the first press shows it (the scene's build) and the second opens scene 3; scene 5 declares
    none and goes on at once; whether the scene's trace was drawn when the key came or not."""
    page.set_viewport_size({"width": PROJECTOR_4_3.width, "height": PROJECTOR_4_3.height})
    early = keys_in_scene(page, n, key, drawn=False)
    late = keys_in_scene(page, n, key, drawn=True)
    build = [[str(n), "shown"]] if presses == 2 else []
    assert early == late == [*build, [str(n + 1), "ahead"]]
    # back: PageUp undoes the build of the scene it is in before the previous scene
    page.keyboard.press("n")
    assert page.evaluate(AT) == [str(n + 1), "shown"]
    page.keyboard.press("PageUp")
    assert page.evaluate(AT) == [str(n + 1), "ahead"]
    page.wait_for_function(TITLE_IN_VIEW)
    page.keyboard.press("PageUp")
    assert page.evaluate(AT) == [str(n), "ahead" if presses == 2 else "none"]
