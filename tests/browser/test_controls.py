"""The model controls (views/controls.js): Korean typed through an IME, and the keys that reach
the text box and the cell switch from anywhere (presentation mode too).

The IME test drives Chromium's own composition through the DevTools protocol
(`Input.imeSetComposition` for each stage of the syllables, `Input.insertText` to commit), as
a Korean keyboard does: 한글 is composed as ㅎ, 하, 한, 한ㄱ, 한그, 한글.
The training choice says what training the state asks for (the ridge readout is fitted once).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .test_page import open_page

STAGES = ["ㅎ", "하", "한", "한ㄱ", "한그", "한글"]
LOADING = "() => Boolean(document.querySelector('#status .msg.info'))"


COMPUTED = ("/api/v1/trace", "/api/v1/compare")


def composing(page, cdp, before: str, field: str = "#in-text", stages: list[str] = STAGES):
    """Compose `stages` after `before` in the focused `field` (the first match of a CSS
    selector; the page's text box by default) through the IME, one stage at a time: yields
    each stage once the field shows it (nothing is committed)."""
    for stage in stages:
        n = len(stage)
        cdp.send("Input.imeSetComposition", {"text": stage, "selectionStart": n, "selectionEnd": n})
        page.wait_for_function(
            "([f, v]) => document.querySelector(f).value === v", arg=[field, before + stage]
        )
        yield stage


def asked_texts(requests: list[str], paths: tuple[str, ...] = COMPUTED) -> list[str]:
    """The `text` of every request to `paths` (the trace or compare by default), in order.
    The page also asks /api/v1/cost what training fits the text: pass "/api/v1/" for all."""
    out = []
    for url in requests:
        parts = urlsplit(url)
        if parts.path.startswith(paths):
            out += parse_qs(parts.query).get("text", [])
    return out


def test_korean_is_asked_for_only_once_composed(page):
    open_page(page, "?text=hello&cell=gru&lang=ko")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    field = page.locator("#in-text")
    field.click()
    page.keyboard.press("End")
    page.keyboard.type(" ")  # a plain key: asked for as usual
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '5'")
    cdp = page.context.new_cdp_session(page)
    for stage in composing(page, cdp, "hello "):
        # nothing asked, nothing pending: the page still shows "hello " and is not loading
        assert not page.evaluate(LOADING), f"a request is pending while composing {stage!r}"
        assert "hello " + stage not in asked_texts(requests, ("/api/v1/",))
    cdp.send("Input.insertText", {"text": "한글"})
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '7'")
    tokens = page.locator("svg.network text.token").all_text_contents()
    assert tokens == ["h", "e", "l", "l", "o", "␣", "한"]  # inputs; 글 is the last target
    asked = asked_texts(requests)
    assert asked.count("hello 한글") == 1, asked
    everything = asked_texts(requests, ("/api/v1/",))  # the cost question too
    assert [t for t in everything if t not in ("hello ", "hello 한글")] == [], everything
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('text') === 'hello 한글'"
    )
    cdp.detach()


def test_keys_reach_the_text_box_and_the_cells_in_presentation_mode(page):
    open_page(page, "?text=hello&cell=lstm&present=true&lang=en")
    for key, cell, panes in (
        ("1", "rnn", 1),
        ("3", "gru", 1),
        ("4", "compare", 3),
        ("2", "lstm", 1),
    ):
        page.keyboard.press(key)
        page.wait_for_function(
            "([c, n]) => location.search.includes(`cell=${c}&`)"
            " && document.querySelectorAll('svg.network').length === n",
            arg=[cell, panes],
        )
        checked = page.locator("#in-cell [aria-checked=true]").get_attribute("data-value")
        assert checked == cell
    page.keyboard.press("t")
    assert page.evaluate("() => document.activeElement.id") == "in-text"
    assert page.locator("#in-text").input_value() == "hello"  # the key itself typed nothing
    page.keyboard.type("abc")  # the text was selected: typing replaces it
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '2'")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    keys = page.locator("#help dt").all_text_contents()
    assert "t" in keys and "1 2 3 4" in keys


def test_a_text_seen_before_is_shown_at_once_without_asking(page):
    open_page(page, "?text=hello&cell=lstm&lang=en")
    field = page.locator("#in-text")
    field.press("End")
    page.keyboard.type("x")
    page.wait_for_function("() => document.body.dataset.trace.includes('text=hellox')")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.keyboard.press("Backspace")  # back to hello: the page has that answer
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '4'")
    assert not page.evaluate(LOADING)  # no pause, nothing pending
    page.keyboard.press("2")  # a key typed into the field, not the cell switch: hello2
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '5'")
    assert asked_texts(requests) == ["hello2"]


def training_labels(page) -> tuple[str, list[str]]:
    select = page.locator("select[name=train_steps]")
    return (
        select.evaluate("s => s.selectedOptions[0].textContent"),
        select.locator("option").all_text_contents(),
    )


def test_the_ridge_readout_says_it_was_fitted_not_trained_one_step(page):
    """optimizer=ridge fits the readout once in closed form: the training choice says so (not
    "trained 1 steps"), and offers only untrained or fitted; a count of 1 step is singular."""
    open_page(page, "?text=hello&cell=rnn&train=readout&optimizer=ridge&train_steps=1&lang=en")
    assert training_labels(page) == (
        "readout fitted by ridge regression",
        ["untrained", "readout fitted by ridge regression"],
    )
    open_page(page, "?text=hello&cell=rnn&train=readout&optimizer=ridge&train_steps=1&lang=ko")
    assert training_labels(page)[0] == "릿지 회귀로 출력층만 학습 후"
    open_page(page, "?text=hello&cell=rnn&optimizer=adam&train_steps=1&lang=en")
    selected, labels = training_labels(page)
    assert selected == "trained 1 step" and "trained 50 steps" in labels
    assert not any("1 steps" in label for label in labels), labels
