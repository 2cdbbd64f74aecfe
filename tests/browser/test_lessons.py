"""The lessons mode (static/js/lessons/): the tour itself. Next and previous by keys and
buttons, a reload and the table of contents; user text stays text; a panel asks again once the
server is back; scenes on a projector; every label in both languages; the keyboard help.
Each scene's own checks are in test_lesson_scenes.py (1-11) and test_lessons_fixes.py (12-17).
"""

from __future__ import annotations

import httpx
import pytest

from . import lessons
from .lessons import (
    HANGUL,
    READY,
    goes_to,
    open_scene,
    panel_request,
    query_of,
    url_has,
    wait_keys,
)
from .scenes import N_SCENES

# the lessons' fixtures, for the tests here
_patient, links = lessons._patient, lessons.links


def test_next_and_previous_by_keys_and_buttons(page, links, artifacts):
    page.goto("/?lesson=1&lang=en")
    page.wait_for_function(READY)
    # the short link became the scene's full link
    assert query_of(page.url) == query_of(links[0]) | {"lang": "en"}
    count = page.locator("#lesson-count")
    assert count.text_content() == f"1 / {N_SCENES}"
    assert page.locator("#lesson-prev").is_disabled()
    # scene 1's tokens are below the window at 1366x768: PageDown shows them first
    page.keyboard.press("PageDown")
    page.wait_for_function("() => scrollY > 0")
    assert page.evaluate("() => document.body.dataset.lesson") == "1"
    goes_to(page, 2, "PageDown")
    url_has(page, "lesson=2")
    url_has(page, "step=2")
    goes_to(page, 3, "n")
    goes_to(page, 2, "N")
    goes_to(page, 1, "PageUp")
    page.locator("#lesson-next").click()
    goes_to(page, 2)
    url_has(page, "lesson=2")
    # the page's own keys still step through time and do not change the scene
    page.wait_for_function(READY)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.querySelector('#player-status').dataset.step === '1'")
    assert page.evaluate("() => document.body.dataset.lesson") == "2"
    # a reload reproduces the scene, with what was changed in it
    url_has(page, "step=1")
    before = query_of(page.url)
    page.reload()
    page.wait_for_function(READY)
    assert query_of(page.url) == before
    assert page.locator("#lesson-count").text_content() == f"2 / {N_SCENES}"
    # the last scene has no next; the table of contents jumps anywhere
    page.locator(".lesson-toc summary").click()
    page.locator(f".lesson-toc a[data-lesson='{N_SCENES}']").click()
    goes_to(page, N_SCENES)
    assert page.locator("#lesson-next").is_disabled()
    page.keyboard.press("PageDown")
    assert page.evaluate("() => document.body.dataset.lesson") == str(N_SCENES)
    # leaving the tour keeps the model and drops the lesson
    page.locator("#lesson-exit").click()
    page.wait_for_function(READY)
    assert "lesson" not in query_of(page.url)
    assert page.locator("#lesson").is_hidden()
    page.locator("#lesson-start").wait_for()  # the tour's modules load after the first paint


def test_user_text_in_a_scene_stays_text(page):
    payload = "<img src=x onerror=window.__xss=1>"
    page.goto("/?" + str(httpx.QueryParams({"lesson": 2, "text": payload, "cell": "rnn"})))
    page.wait_for_function(READY)
    cell = page.locator("#lesson-panel .lesson-lengths tbody th").first
    cell.wait_for()
    assert cell.text_content() == payload
    assert page.evaluate("() => window.__xss === undefined && !document.querySelector('img')")


def test_a_panel_asks_again_once_the_server_is_back(page):
    """A panel whose request got no answer says so, and asks again on the page's next render
    (lessons/panels.js); its figures then come as usual."""
    page.route("**/api/v1/trace?*text=hellohello*", lambda route: route.abort())
    page.goto("/?lesson=2&lang=en")
    page.wait_for_function(READY)
    page.wait_for_function(
        "() => document.getElementById('lesson-panel').dataset.state === 'error'"
    )
    said = page.text_content("#lesson-panel .lesson-note.error")
    assert said == "The server does not answer; try again in a moment."
    page.unroute("**/api/v1/trace?*text=hellohello*")
    page.console_errors[:] = [e for e in page.console_errors if "ERR_FAILED" not in e]
    page.keyboard.press("ArrowRight")  # any change of the page renders it again
    longer = panel_request(page, "longer")
    assert query_of(longer)["text"] == "hellohello"
    assert page.locator("#lesson-panel .lesson-note").first.is_hidden()
    wait_keys(page, ["T.1", "params.1"])


@pytest.mark.parametrize("n", [5, 10])
def test_scene_in_presentation_mode_on_a_projector(page, links, artifacts, n):
    page.set_viewport_size({"width": 1920, "height": 1080})
    link = (
        links[n - 1].replace("present=false", "present=true").replace("theme=light", "theme=dark")
    )
    open_scene(page, link)
    assert page.evaluate("() => document.body.classList.contains('present')")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    ready = {
        5: "document.getElementById('lesson-decay')?.data",
        10: "document.getElementById('lesson-panel').dataset.state === 'drawn'",
    }
    page.wait_for_function(f"() => {ready[n]}", timeout=120000)
    page.screenshot(path=str(artifacts / f"lesson-{n:02d}-present-dark-1920.png"))


def test_every_label_and_scene_in_both_languages(page):
    page.goto("/?lesson=1&lang=ko")
    page.wait_for_function(READY)
    found = page.evaluate(
        """async () => {
        const {LABELS} = await import('/static/js/lessons/text.js');
        const {SCENES} = await import('/static/js/lessons/scenes.js');
        const {TARGETS} = await import('/static/js/lessons/highlight.js');
        const en = Object.keys(LABELS.en), ko = Object.keys(LABELS.ko);
        return {
          onlyEn: en.filter(k => !ko.includes(k)), onlyKo: ko.filter(k => !en.includes(k)),
          scenes: SCENES.map(s => [s.text.ko.length, s.text.en.length, !!s.title.ko, !!s.title.en]),
          unknownHighlights: SCENES.flatMap(s => s.highlight).filter(h => !(h in TARGETS)),
        };
    }"""
    )
    assert found["onlyEn"] == [] and found["onlyKo"] == []
    assert all(ko == en and ko > 0 and tko and ten for ko, en, tko, ten in found["scenes"])
    assert found["unknownHighlights"] == []


def test_help_lists_the_lesson_keys_in_both_languages(page, artifacts):
    page.goto("/?lesson=2&lang=ko")
    page.wait_for_function(READY)
    strings = page.evaluate("async () => (await import('/static/js/strings.js')).STRINGS")

    def help_rows() -> dict[str, str]:
        page.keyboard.press("?")
        page.locator("#help").wait_for(state="visible")
        keys = page.locator("#help dt").all_text_contents()
        labels = page.locator("#help dd").all_text_contents()
        return dict(zip(keys, labels, strict=True))

    for lang in ["ko", "en"]:
        if lang == "en":
            page.keyboard.press("Escape")
            page.locator("#help").wait_for(state="hidden")
            page.locator("#btn-lang").click()
            url_has(page, "lang=en")
        rows = help_rows()
        assert rows["PageDown / n"] == strings[lang]["help.lesson.next"]
        assert rows["PageUp / N"] == strings[lang]["help.lesson.prev"]
        assert rows["?"] == strings[lang]["help.help"]  # the page's own keys are still listed
        assert bool(HANGUL.search(" ".join(rows.values()))) == (lang == "ko")
        page.screenshot(path=str(artifacts / f"lesson-help-{lang}.png"))
    # the listed keys do what the list says, with the list closed
    page.keyboard.press("Escape")
    goes_to(page, 3, "n")
    goes_to(page, 2, "PageUp")
    # outside the tour the list has only the page's keys
    page.locator("#lesson-exit").click()
    page.wait_for_function("() => !location.search.includes('lesson=')")
    page.wait_for_function(READY)
    assert "PageDown / n" not in help_rows()
