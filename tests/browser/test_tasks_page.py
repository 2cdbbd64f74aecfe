"""The tasks page (/tasks), classification mode: the padded batch with its pads, one sentence
unrolled with the gradient reaching each token, the classifier's probabilities, the pre/post
and mask switches in the URL, editing the table, the server's refusal on the page; projector
and phone sizes in both languages and themes, text at 14 px or more."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from .room import PHONE, PROJECTOR, PROJECTORS, each_look, on_screens, sideways, small_text
from .test_controls import composing

SMALL = "hidden=6&train_steps=20"


def opened(page, query: str = SMALL) -> dict:
    """Open /tasks with `query`; the classify answer the page drew."""
    with page.expect_response(lambda r: "/api/v1/classify" in r.url) as answer:
        page.goto(f"/tasks?{query}")
    page.wait_for_selector("#t-unrolled")
    return answer.value.json()


# every sentence of the table that is cut by its own field (it must wrap, not scroll sideways)
CUT_SENTENCES = """() => [...document.querySelectorAll('#t-rows .t-a')]
  .filter(f => f.scrollWidth > f.clientWidth + 1 || f.scrollHeight > f.clientHeight + 1)
  .map(f => f.value)"""


# what the view is about (the unrolled view's heading, its sentence, its first real token and
# its state column: pads before it may be scrolled aside) and whichever are not in the window
SUBJECT = (
    "#t-unrolled h2, #t-unrolled .sentence, #t-unrolled .step:not(.pad) .tok,"
    " #t-unrolled .step:not(.pad) .state"
)
OFF_SCREEN = """(sel) => [...new Set(sel.split(',').map(s => document.querySelector(s.trim())))]
  .filter(n => { const r = n?.getBoundingClientRect();
    return !r || r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth; })
  .map(n => n ? `${n.tagName}.${n.className}` : 'missing')"""


def off_screen(page) -> list[str]:
    """The parts of the unrolled view that are not on screen when /tasks opens."""
    return page.evaluate(OFF_SCREEN, SUBJECT)


# the sentence's real tokens and the final state that are not in the window or not inside the
# unrolled row's box (pre-padding puts a short sentence's pads first: on a phone they filled it)
WORDS_OUT = """() => {
  const box = document.querySelector('#t-unrolled .unroll').getBoundingClientRect();
  const left = Math.max(0, box.left) - 1, right = Math.min(innerWidth, box.right) + 1;
  return [...document.querySelectorAll(
      '#t-unrolled .step:not(.pad) .tok, #t-unrolled .final .state')]
    .filter(n => { const r = n.getBoundingClientRect();
      return r.left < left || r.right > right || r.top < 0 || r.bottom > innerHeight; })
    .map(n => n.textContent.trim() || 'final state');
}"""


def words_out(page) -> list[str]:
    """What the unrolled sentence is about that the room does not see when it opens."""
    return page.evaluate(WORDS_OUT)


# the steps of the unrolled row partly inside its box (a pad cut at the edge: its note's words
# cut in two); a step wholly in or wholly out is fine
CUT_STEPS = """() => {
  const box = document.querySelector('#t-unrolled .unroll').getBoundingClientRect();
  return [...document.querySelectorAll('#t-unrolled .unroll > .step')]
    .filter(n => { const r = n.getBoundingClientRect();
      const inside = Math.min(r.right, box.right) - Math.max(r.left, box.left);
      return inside > 1 && inside < r.width - 1; })
    .map(n => n.textContent.trim());
}"""


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_the_batch_shows_its_pads_and_one_sentence_unrolled(page):
    a = opened(page, f"{SMALL}&lang=en")
    B, T = len(a["tokens"]), len(a["tokens"][0])
    pads = sum(T - n for n in a["lengths"])
    assert B == 8 and pads > 0
    assert page.locator(".batch-grid tbody tr").count() == B
    assert page.locator(".batch-grid tbody td:not(.lab)").count() == B * T
    assert page.locator(".batch-grid td.pad").count() == pads
    assert set(page.locator(".batch-grid td.pad .id").all_text_contents()) == {"0"}
    # pre-padding: the first sentence's pads come first, then its words in order
    first = page.locator(".batch-grid tbody tr").first.locator("td .tok").all_text_contents()
    words = ["a", "wonderful", "film"]
    assert first[:T] == ["<pad>"] * (T - len(words)) + words
    # the unrolled sentence: one step per padded token, pads as pads, a gradient under each
    assert page.locator("#t-unrolled .step").count() == T
    assert page.locator("#t-unrolled .step.pad").count() == T - len(words)
    assert page.locator("#t-unrolled .step.pad .state.kept").count() == T - len(words)
    shown = page.locator("#t-unrolled .gval").all_text_contents()
    assert shown[: T - len(words)] == ["0"] * (T - len(words))  # a masked pad gets no gradient
    assert all(v != "0" and v[0].isdigit() for v in shown[T - len(words) :])
    # the classifier's probabilities, as the answer has them
    probs = page.locator("#t-unrolled .prob .p").all_text_contents()
    assert probs == [f"{100 * p:.1f}%" for p in a["probs"][0]]
    assert page.locator("#t-unrolled .state").last.locator("span").count() == 6  # final state, H


def test_switches_and_rows_live_in_the_url(page):
    opened(page, f"{SMALL}&lang=en")
    with page.expect_response(lambda r: "pad=post" in r.url):
        page.click("#t-opt-pad button[data-value=post]")
    page.wait_for_selector("#t-unrolled")
    with page.expect_response(lambda r: "mask=false" in r.url) as answer:
        page.uncheck("#t-opt-mask")
    page.wait_for_selector(".t-explain.post")
    a = answer.value.json()
    assert a["request"]["pad"] == "post" and a["request"]["mask"] is False
    # unmasked, the pads after the words are read as tokens and get a gradient
    words = 3  # a wonderful film
    assert page.locator("#t-unrolled .step.pad .state.kept").count() == 0
    assert page.locator("#t-unrolled .gval").all_text_contents()[words:] != ["0"] * (
        len(a["tokens"][0]) - words
    )
    # a row picked in the batch is unrolled, and kept in the URL
    page.locator(".batch-grid tbody tr").nth(2).click()
    page.wait_for_function(
        "() => document.querySelector('.sentence').textContent === 'great acting'"
    )
    assert url_params(page)["ex"] == "2"
    # a row edited: the text goes to the URL and to the server
    field = page.locator("#t-rows tbody .t-a").first
    field.fill("")
    with page.expect_response(lambda r: "classify" in r.url and "amazing" in r.url):
        field.press_sequentially("an amazing film")
    rows = json.loads(url_params(page)["examples"])
    assert rows[0] == ["an amazing film", "pos"] and len(rows) == 8
    # the whole state comes back from the link
    page.goto(page.url)
    page.wait_for_selector("#t-unrolled")
    post = page.locator("#t-opt-pad button[data-value=post]")
    assert post.get_attribute("aria-pressed") == "true"
    assert not page.locator("#t-opt-mask").is_checked()
    assert page.locator(".sentence").text_content() == "great acting"
    assert page.locator("#t-rows tbody .t-a").first.input_value() == "an amazing film"


def test_a_refusal_is_said_on_the_page(page):
    one_label = json.dumps([["good", "pos"], ["fine", "pos"]])
    page.goto(f"/tasks?lang=ko&examples={one_label}")
    page.wait_for_selector(".tasks-status.error")
    said = page.locator(".tasks-status").text_content()
    assert said.startswith("서버가 요청을 거절했습니다") and "examples" in said
    # the limit itself in Korean (refusals.js), not the server's English
    assert "서로 다른 레이블이 2개에서 8개까지여야 합니다 (지금 1개)" in said, said
    # the browser logs the 422 this test asked for; nothing else may be there
    assert [e for e in page.console_errors if "422" not in e] == []
    page.console_errors.clear()


def test_korean_samples_and_text_typed_through_an_ime(page):
    page.clock.install()  # the page's timers run on a clock the test moves (below)
    a = opened(page, f"{SMALL}&lang=ko")
    assert a["labels"] == ["긍정", "부정"] and a["vocab"][0] == "<pad>"
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    field = page.locator("#t-rows tbody .t-a").first
    field.fill("")
    field.focus()
    cdp = page.context.new_cdp_session(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "classify" in r.url else None)
    for _ in composing(page, cdp, "", "#t-rows tbody .t-a", ["ㅈ", "조", "좋"]):
        assert "examples" not in url_params(page)  # a syllable in composition: nothing is sent
    # the emptied field's change (its pause is 500 ms) comes due while a syllable is composed:
    # it must not send the half-composed text either
    page.clock.run_for(800)
    assert "examples" not in url_params(page) and requests == []
    page.clock.resume()
    with page.expect_response(lambda r: "classify" in r.url):
        cdp.send("Input.insertText", {"text": "좋아요"})
    assert json.loads(url_params(page)["examples"])[0][0] == "좋아요"
    assert len(requests) == 1


@each_look
def test_sizes_languages_themes_and_14px(browser, live_server, artifacts, lang, theme):
    for screen, page in on_screens(browser, live_server, look=(lang, theme)):
        opened(page, f"{SMALL}&{screen.look(lang, theme)}")
        assert small_text(page) == []
        assert page.evaluate(CUT_SENTENCES) == [], screen
        # what the view is about is on screen when it opens (a phone too: results first)
        assert off_screen(page) == [], screen
        assert words_out(page) == [], screen  # the real tokens, not the pads before them
        assert page.evaluate(CUT_STEPS) == [], screen
        if screen == PHONE:  # the probabilities under the steps (which get the width), on screen
            cls, steps = (
                page.locator(f"#t-unrolled {s}").bounding_box() for s in (".cls", ".unroll")
            )
            assert steps["y"] + steps["height"] <= cls["y"] <= screen.height - cls["height"]
        assert sideways(page) <= 0, screen
        if theme == "light" or screen == PROJECTOR:
            page.screenshot(path=artifacts / f"tasks-classify-{lang}-{theme}-{screen.width}.png")
        if screen == PHONE:  # another row picked (the shortest: the most pads) opens on its words
            page.click(".batch-grid tbody tr[data-row='4']")
            page.wait_for_selector(".batch-grid tr.chosen[data-row='4']")
            assert page.locator("#t-unrolled .step.pad").count() > 0
            assert words_out(page) == [], "row 5"
            assert page.evaluate(CUT_STEPS) == [], "row 5"


def test_seq2seq_shows_both_halves_the_context_and_its_gradient(page):
    with page.expect_response(lambda r: "/api/v1/seq2seq" in r.url) as answer:
        page.goto(f"/tasks?mode=seq2seq&lang=en&{SMALL}")
    page.wait_for_selector("#t-unrolled .context")
    a = answer.value.json()
    source, target = a["request"]["pairs"][0]
    assert page.locator(".enc .step").count() == len(source)  # char tokens
    assert page.locator(".dec .step").count() == len(target) + 1  # <bos> + target
    assert page.locator(".dec .step .tok .w").first.text_content() == "<bos>"
    assert (
        page.locator(".dec .guess .w").all_text_contents()
        == a["decoder"]["predicted"][0][: len(target) + 1]
    )
    ctx = page.locator(".context .gval").text_content()
    assert ctx != "0" and ctx[0].isdigit()  # the decoder's losses reach the encoder through it
    assert page.locator(".pairs-table tbody tr").count() == len(a["request"]["pairs"])
    page.locator(".pairs-table tbody tr").nth(1).click()
    page.wait_for_function(
        "() => document.querySelector('.sentence').textContent.startsWith('dog')"
    )
    assert url_params(page)["ex"] == "1"
    # back to classification: its own data and controls
    with page.expect_response(lambda r: "/api/v1/classify" in r.url):
        page.click("#t-mode button[data-mode=classify]")
    page.wait_for_selector(".batch-grid")
    assert "mode" not in url_params(page) and "ex" not in url_params(page)


@each_look
def test_seq2seq_sizes_and_14px(browser, live_server, artifacts, lang, theme):
    for screen, page in on_screens(browser, live_server, (PROJECTOR, PHONE), look=(lang, theme)):
        page.goto(f"/tasks?mode=seq2seq&{SMALL}&{screen.look(lang, theme)}")
        page.wait_for_selector("#t-unrolled .context")
        assert off_screen(page) == [], screen
        assert small_text(page) == []
        assert sideways(page) <= 0, screen
        page.screenshot(path=artifacts / f"tasks-seq2seq-{lang}-{theme}-{screen.width}.png")


# the unrolled pair's box and the parts of it not inside the window (nor inside that box)
WHOLE_PAIR = """() => {
  const box = document.querySelector('#t-unrolled .unroll');
  const out = [...document.querySelectorAll('#t-unrolled .tok, #t-unrolled .guess, #t-unrolled h2')]
    .map(n => [n.textContent.trim(), n.getBoundingClientRect()])
    .filter(([, r]) => r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight)
    .map(([text]) => text);
  return {scrolls: box.scrollWidth - box.clientWidth, out};
}"""


@each_look
def test_seq2seq_on_a_projector_shows_the_whole_pair(browser, live_server, artifacts, lang, theme):
    """Presented on a projector, the unrolled pair is seen whole when the page opens: every
    token, the context and every guess of the decoder inside the window, nothing left in the
    box's sideways scroll (beside the data column, at 1024x768 the decoder's last steps were)."""
    for screen, page in on_screens(browser, live_server, PROJECTORS, look=(lang, theme)):
        page.goto(f"/tasks?mode=seq2seq&{SMALL}&{screen.look(lang, theme)}")
        page.wait_for_selector("#t-unrolled .context")
        got = page.evaluate(WHOLE_PAIR)
        assert got == {"scrolls": 0, "out": []}, screen
        assert small_text(page) == [] and sideways(page) <= 0, screen
        page.screenshot(path=artifacts / f"tasks-seq2seq-{lang}-{theme}-{screen}p.png")


def test_bidirectional_draws_both_directions_and_the_classifier_reads_both(page):
    a = opened(page, f"{SMALL}&lang=en&bidirectional=true")
    assert a["request"]["bidirectional"] is True
    top = a["layers"][-1]
    T = len(a["tokens"][0])
    assert page.locator("#t-unrolled .step .both").count() == T
    assert page.locator("#t-unrolled .step .both .state").count() == 2 * T
    # the backward state at the first step is the one after reading the whole sentence
    first_back = page.locator("#t-unrolled .step .both").first.locator(".state").nth(1)
    titles = first_back.locator("span").evaluate_all("spans => spans.map(s => s.title)")
    assert len(titles) == len(top["reverse"]["h"][0][0]) == 6
    # the classifier reads [forward ; backward]: 2H units
    assert page.locator("#t-unrolled .final .state span").count() == 12
    assert len(a["final_state"][0]) == 12


def bar_heights(page) -> list[float]:
    """The gradient bars of the unrolled row, in % of the full bar (as drawn)."""
    styles = page.locator("#t-unrolled .gbar").evaluate_all("bs => bs.map(b => b.style.height)")
    return [float(h.rstrip("%")) for h in styles]


def test_gradient_bars_share_one_scale_across_rows(page):
    # post-padded without a mask: the short sentences get far less gradient than the others
    a = opened(page, f"{SMALL}&lang=en&pad=post&mask=false")
    rows = a["grad_input"]
    top = max(max(r) for r in rows)
    tallest = max(range(len(rows)), key=lambda b: max(rows[b]))
    line = page.locator("#t-unrolled .t-scale").text_content()
    assert f"(row {tallest + 1})" in line and "one scale" in line
    share = 100 * max(rows[0]) / top  # the row drawn: its largest, as a share of a full bar
    said = line.split("this row's largest is ")[1].split(" % of a full bar")[0]
    assert float(said.split(", ")[1]) == pytest.approx(
        share, abs=0.5 if share >= 1 else 0.01 * share
    )
    # the first sentence against the batch's largest value, not its own
    assert bar_heights(page) == [round(100 * g / top) for g in rows[0]]
    # the batch's table: every row's largest on the same scale
    widths = page.locator(".batch-grid td.rowgrad .bar").evaluate_all(
        "bs => bs.map(b => parseFloat(b.style.width))"
    )
    assert widths == [round(100 * max(r) / top) for r in rows]
    others = [b for b in range(len(rows)) if max(rows[b]) < 0.5 * top]
    assert others, "a row whose bars stay under half height"
    page.locator(".batch-grid tbody tr").nth(tallest).click()
    page.wait_for_function(f"() => new URL(location).searchParams.get('ex') === '{tallest}'")
    assert max(bar_heights(page)) == 100
    assert bar_heights(page) == [round(100 * g / top) for g in rows[tallest]]


def test_seq2seq_has_korean_only_pair_sets(page):
    with page.expect_response(lambda r: "/api/v1/seq2seq" in r.url) as answer:
        page.goto(f"/tasks?mode=seq2seq&lang=ko&set=ko-rev&{SMALL}")
    page.wait_for_selector("#t-unrolled .context")
    pairs = answer.value.json()["request"]["pairs"]
    hangul = lambda s: all("\uac00" <= c <= "\ud7a3" for c in s)  # noqa: E731
    assert len(pairs) >= 5 and all(hangul(s) and hangul(t) for s, t in pairs)
    assert all(t == s[::-1] for s, t in pairs)  # one syllable a token, reversed
    options = page.locator("#t-set option")
    assert options.evaluate_all("os => os.map(o => o.value)") == ["en", "ko", "ko-rev", "ko-ant"]
    assert page.locator("#t-set").input_value() == "ko-rev"
    assert "한글 단어 뒤집기" in options.all_text_contents()
    # the Korean line under the bars: one scale for every pair
    assert "같은 눈금" in page.locator("#t-unrolled .t-scale").text_content()
    with page.expect_response(lambda r: "/api/v1/seq2seq" in r.url) as answer:
        page.select_option("#t-set", "ko-ant")
    pairs = answer.value.json()["request"]["pairs"]
    assert ["크다", "작다"] in pairs and all(hangul(s) and hangul(t) for s, t in pairs)
    assert url_params(page)["set"] == "ko-ant"


def test_the_table_offers_only_what_the_server_takes(page):
    """No more rows than MAX_EXAMPLES, no longer field than its limit (core/limits.py)."""
    from rnnscope.core import limits as L

    opened(page, f"{SMALL}&lang=ko")
    first = page.locator("#t-rows tbody tr").first
    assert first.locator(".t-a").get_attribute("maxlength") == str(L.MAX_EXAMPLE_CHARS)
    assert first.locator(".t-b").get_attribute("maxlength") == str(L.MAX_LABEL_CHARS)
    add = page.locator("#t-add")
    while page.locator("#t-rows tbody tr").count() < L.MAX_EXAMPLES:
        add.click()
    assert add.is_disabled()
    assert add.get_attribute("title") == f"표가 가득 찼습니다: 최대 {L.MAX_EXAMPLES}행까지 받습니다"
    page.locator("#t-rows tbody tr").last.locator(".t-remove").click()
    assert add.is_enabled()
    page.locator("#t-mode button[data-mode=seq2seq]").click()  # a target is as long as a text
    b = page.locator("#t-rows tbody tr").first.locator(".t-b")
    b.wait_for()
    assert b.get_attribute("maxlength") == str(L.MAX_EXAMPLE_CHARS)
