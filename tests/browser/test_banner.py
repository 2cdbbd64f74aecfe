"""Every URL explains itself (views/banner.js, links.js): a link the page cannot show says, in
the page's language, what to change, instead of a blank page or a silent fallback."""

from __future__ import annotations

import re

from .test_page import open_page

HANGUL = re.compile(r"[가-힣]")


def messages(page, kind: str) -> list[str]:
    return page.locator(f"#status .msg[data-kind={kind}]").all_text_contents()


def shown(page) -> None:
    """The first message is on the first screen."""
    box = page.locator("#status .msg").first.bounding_box()
    assert box is not None and 0 <= box["y"] < 400, box


def test_a_link_with_one_character_says_to_type_more(page):
    page.goto("/?text=a&lang=en")
    page.wait_for_selector("#status .msg[data-kind=error]")
    (text,) = messages(page, "error")
    assert "at least two tokens" in text and "has 1" in text and "key t" in text
    shown(page)
    page.keyboard.press("t")
    page.keyboard.type("ab")  # the text was selected: "a" becomes "ab"
    page.wait_for_function("() => document.querySelector('svg.network')?.dataset.steps === '1'")
    assert messages(page, "error") == []


def test_a_link_with_one_word_offers_character_tokens(page):
    page.goto("/?tokens=word&text=hello&lang=ko")
    page.wait_for_selector("#status .msg[data-kind=error]")
    (text,) = messages(page, "error")
    assert HANGUL.search(text) and "단어" in text and "1개" in text
    shown(page)
    page.locator("#status .msg-action").click()  # 글자 단위 토큰으로 바꾸기
    page.wait_for_function("() => document.querySelector('svg.network')?.dataset.steps === '4'")
    page.wait_for_function("() => location.search.includes('tokens=char')")
    assert messages(page, "error") == []


def test_values_out_of_range_and_unknown_are_named_with_what_they_take(page):
    open_page(page, "?text=hello&hidden=999&cell=gur&hiden=3&step=9&hide=foo&lang=en")
    texts = messages(page, "warn")
    assert len(texts) == 5, texts
    hidden, cell, typo, hide, step = texts
    assert "hidden=999" in hidden and "1 to 256" in hidden and "hidden=8" in hidden
    assert "cell=gur" in cell and "rnn, lstm, gru, compare" in cell and "cell=lstm" in cell
    assert "hiden=" in typo and "hidden=" in typo
    assert "hide=foo" in hide
    assert "step=9" in step and "4" in step
    shown(page)
    # the page shows what it says it shows
    assert page.locator("svg.network").count() == 1
    assert page.locator("#controls input[name=hidden]").input_value() == "8"
    page.locator("#status .msg-action").click()  # dismiss
    page.wait_for_function("() => !document.querySelector('#status .msg')")


def test_the_messages_follow_the_page_language(page):
    open_page(page, "?text=hello&init_scale=1000&lang=ko")
    (text,) = messages(page, "warn")
    assert "init_scale=1000" in text and "0보다 크고 100 이하인 수" in text
    page.locator("#btn-lang").click()
    page.wait_for_function(
        "() => document.querySelector('#status .msg').textContent.includes('a number above 0,')"
    )
