"""The page, driven like a student would: type, step, play backward, compare, reload a link.

Uses the fixtures of tests/browser/conftest.py: `page` fails the test on any console error or
request leaving the app's origin. Screenshots of each view go to artifacts/ (not committed).
"""

from __future__ import annotations

import re

import pytest

from tests.wait import wait_for

RENDERED = "() => Number(document.body.dataset.renders || 0) > 0"


def open_page(page, query: str = "") -> None:
    page.goto("/" + query)
    page.wait_for_function(RENDERED)
    page.wait_for_function("() => !document.querySelector('#status .msg.info')")


def url_has(page, part: str) -> None:
    """The URL is written a moment after the view changes (at most every 250 ms)."""
    page.wait_for_function("part => location.href.includes(part)", arg=part)


def status(page) -> tuple[int, str]:
    out = page.locator("#player-status")
    return int(out.get_attribute("data-step")), out.get_attribute("data-phase")


def onehots(page, pane: int = 0) -> list[str]:
    net = page.locator("svg.network").nth(pane)
    return [g.get_attribute("data-onehot") for g in net.locator("g.onehot").all()]


def test_typing_hello_gives_four_steps_with_the_lecture_one_hots(page, artifacts):
    open_page(page, "?text=abc&lang=en")
    field = page.locator("#in-text")
    field.fill("")
    field.press_sequentially("hello", delay=30)
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '4'")
    page.wait_for_function("() => !document.querySelector('#status .msg')")
    assert onehots(page) == ["1000", "0100", "0010", "0010"]
    tokens = page.locator("svg.network text.token").all_text_contents()
    assert tokens == ["h", "e", "l", "l"]
    url_has(page, "text=hello&")
    page.screenshot(path=str(artifacts / "page-single-en.png"))
    page.screenshot(path=str(artifacts / "page-single-en-full.png"), full_page=True)


def test_stepping_and_the_backward_pass(page, artifacts):
    open_page(page, "?text=hello&cell=rnn&speed=4&lang=en")
    assert status(page) == (4, "fwd")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert status(page) == (2, "fwd")
    url_has(page, "step=2&")
    assert "Step 2" in page.locator(".detail h2").text_content()
    page.keyboard.press("ArrowRight")
    assert status(page) == (3, "fwd")
    # before the backward pass no gradient arrow is shown
    assert page.locator("svg.network g.bwd:not(.hidden)").count() == 0
    page.keyboard.press("b")
    page.wait_for_function("() => document.querySelector('#player-status').dataset.phase === 'bwd'")
    page.wait_for_function(
        "() => document.querySelector('#player-status').dataset.step === '1'"
        " && document.querySelector('#btn-play').getAttribute('aria-pressed') === 'false'"
    )
    arrows = page.locator("svg.network g.bwd")
    assert arrows.count() == 4
    assert page.locator("svg.network g.bwd.hidden").count() == 0
    widths = [float(a.get_attribute("stroke-width")) for a in arrows.all()]
    assert all(w > 0 for w in widths)
    url_has(page, "phase=bwd")
    page.screenshot(path=str(artifacts / "page-backward.png"))
    # space plays from the start again; a second space pauses
    page.keyboard.press(" ")
    page.wait_for_function("() => document.querySelector('#btn-play').ariaPressed === 'true'")
    page.keyboard.press(" ")
    assert page.locator("#btn-play").get_attribute("aria-pressed") == "false"


def cursor_positions(page) -> dict:
    return page.evaluate(
        """() => ({
        decay: Number(document.querySelector('#chart-decay .plot-cursor').dataset.step),
        total: Number(document.querySelector('#chart-total .plot-cursor').dataset.step),
        maps: [...document.querySelectorAll('.heatmap .plot-cursor')].map(m => m.dataset.step),
        selections: [...document.querySelectorAll('svg.network .selection')]
            .map(r => r.getAttribute('x')),
        details: [...document.querySelectorAll('.detail h2')].map(h => h.textContent),
        lines: document.getElementById('chart-decay').data.filter(d => d.meta === 'decay-h').length,
        bounds: document.getElementById('chart-decay').data
            .filter(d => d.meta === 'decay-bound').length,
    })"""
    )


def test_compare_draws_three_decay_lines_with_one_cursor(page, artifacts):
    open_page(page, "?text=hello&cell=compare&lang=en")
    state = cursor_positions(page)
    assert state["lines"] == 3
    assert state["bounds"] == 1  # the RNN's (gamma sigma_max)^(T-t) bound over its curve
    assert len(state["selections"]) == 3 and len(set(state["selections"])) == 1
    assert state["decay"] == state["total"] == 4
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('#chart-decay .plot-cursor').dataset.step === '3'"
    )
    state = cursor_positions(page)
    assert state["total"] == 3
    assert state["maps"] == ["3", "3", "3"]
    assert len(set(state["selections"])) == 1
    assert all("Step 3" in title for title in state["details"])
    assert [d.split(" ")[0] for d in state["details"]] == ["RNN", "LSTM", "GRU"]
    page.screenshot(path=str(artifacts / "page-compare.png"))
    page.screenshot(path=str(artifacts / "page-compare-full.png"), full_page=True)


def test_a_link_with_state_reloads_to_the_same_view(page, artifacts):
    query = (
        "?text=hello%20world&cell=gru&hidden=6&seed=3&step=2&phase=bwd&unit=4"
        "&hide=heatmaps&norm=true&theme=dark&lang=ko&drawer=true&clip=5&truncate=3"
    )
    open_page(page, query)
    url_has(page, "grad=last")  # the page has written its whole state back

    def snapshot() -> dict:
        return {
            "url": page.url,
            "status": status(page),
            "detail": page.locator(".detail h2").text_content(),
            "unit": page.locator(".unit-input").input_value(),
            "theme": page.locator("html").get_attribute("data-theme"),
            "lang": page.locator("html").get_attribute("lang"),
            "heatmaps": page.locator("#heatmaps-wrap").is_visible(),
            "drawer": page.locator("#drawer").is_visible(),
            "clip": page.locator("#drawer input[name=clip]").input_value(),
            "norm": page.locator("#in-norm").is_checked(),
            "picked": page.locator("svg.network rect.picked").first.get_attribute("data-j"),
        }

    before = snapshot()
    assert before["status"] == (2, "bwd")
    assert before["unit"] == "4" and before["picked"] == "3"
    assert before["theme"] == "dark" and before["lang"] == "ko"
    assert not before["heatmaps"] and before["drawer"] and before["norm"]
    assert before["clip"] == "5"
    assert "타임스텝 2" in before["detail"]
    page.screenshot(path=str(artifacts / "page-state-ko-dark.png"))
    page.reload()
    page.wait_for_function(RENDERED)
    page.wait_for_function("() => !document.querySelector('#status .msg.info')")
    wait_for(lambda: snapshot() == before, "the reloaded link to show the same view")


def test_presentation_mode_and_both_languages(page, artifacts):
    open_page(page, "?text=hello&lang=en")
    # every label exists in both languages, and every labelled element found its label
    missing = page.evaluate(
        """async () => {
        const {STRINGS} = await import('/static/js/strings.js');
        const en = Object.keys(STRINGS.en), ko = Object.keys(STRINGS.ko);
        const used = [...document.querySelectorAll('[data-i18n]')].map(n => n.dataset.i18n);
        return {onlyEn: en.filter(k => !ko.includes(k)), onlyKo: ko.filter(k => !en.includes(k)),
                unknown: used.filter(k => !en.includes(k))};
    }"""
    )
    assert missing == {"onlyEn": [], "onlyKo": [], "unknown": []}
    assert page.locator("#btn-lang").text_content() == "한국어"
    assert page.locator(".eqblock h3").first.text_content() == "Forward"
    page.locator("#btn-lang").click()
    page.wait_for_function("() => document.documentElement.lang === 'ko'")
    assert page.locator(".eqblock h3").first.text_content() == "순전파"
    url_has(page, "lang=ko")
    assert re.search(r"[가-힣]", page.locator("#player-status").text_content())
    page.screenshot(path=str(artifacts / "page-single-ko.png"))
    page.keyboard.press("p")
    assert page.locator("body").get_attribute("class").split().count("present") == 1
    # of the controls only the text box and the cell switch stay (keys t and 1-4 reach them)
    assert not page.locator("#controls .field-hidden").is_visible()
    assert page.locator("#in-text").is_visible() and page.locator("#in-cell").is_visible()
    url_has(page, "present=true")
    page.screenshot(path=str(artifacts / "page-present-ko.png"))
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.screenshot(path=str(artifacts / "page-help-ko.png"))
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()


@pytest.mark.parametrize("payload", ["<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>'])
def test_markup_typed_as_text_stays_text(page, payload):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, "?text=hello&lang=en")
    field = page.locator("#in-text")
    field.fill(payload)
    page.wait_for_function(
        "n => document.querySelector('svg.network').dataset.steps === String(n)",
        arg=len(payload) - 1,
    )
    tokens = page.locator("svg.network text.token").all_text_contents()
    assert "".join(tokens) == payload[:-1].replace(" ", "␣")  # blanks are shown as ␣
    injected = "() => document.querySelectorAll('img, svg[onload], [onerror]').length"
    assert page.evaluate(injected) == 0
    page.wait_for_load_state("networkidle")  # an injected <img src=x> would have failed by now
    assert dialogs == []


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
@pytest.mark.parametrize("cell", ["lstm", "compare"])
def test_fits_the_screen_without_sideways_scrolling(page, artifacts, size, cell):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, f"?text=hello&cell={cell}&lang=ko")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # the whole unrolled network of the first cell is in the first screen
    box = page.locator("svg.network").first.bounding_box()
    assert box["y"] + box["height"] <= size[1] and box["x"] + box["width"] <= size[0]
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.querySelector('.unit-input').value === '2'")
    page.screenshot(path=str(artifacts / f"page-{cell}-{size[0]}x{size[1]}-ko.png"))


# what a hover or a screen reader says (title, aria-label, placeholder, Plotly's data-title)
# in English only: words and no Korean (a Korean line may name JSON or LSTM)
SAID_IN_ENGLISH = """() => [...document.querySelectorAll(
    '[title], [aria-label], [placeholder], [data-title]')]
  .flatMap(n => ['title', 'aria-label', 'placeholder', 'data-title']
    .map(a => n.getAttribute(a)).filter(Boolean))
  .filter(v => /[A-Za-z]{3,}/.test(v) && !/[가-힣]/.test(v))"""


def test_the_korean_page_says_nothing_in_english_on_hover(page):
    """Titles, labels and hints on the Korean page, the charts' mode bar and a lesson's scene
    navigation included (Plotly's buttons and the lesson nav's label were English)."""
    open_page(page, "?text=hello&cell=lstm&lang=ko")
    page.locator("#chart-total").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#charts-wrap .modebar-btn')")
    assert page.evaluate(SAID_IN_ENGLISH) == []
    open_page(page, "?lesson=1&lang=ko")
    page.wait_for_selector("#lesson-title")
    assert page.evaluate(SAID_IN_ENGLISH) == []
