"""The main page's generation panel (static/js/generate/): sampling from the model the page shows
(start token, temperature, length, each step's distribution and the token drawn) and the typed
text's P(text) as a chain of conditionals; its figures against the API, its state in the URL,
Korean typed through an IME, and the room's sizes in both languages and themes."""

from __future__ import annotations

import itertools
import math
from urllib.parse import parse_qs, urlsplit

import pytest

from rnnscope.core import params as P
from rnnscope.server.store import ModelStore
from rnnscope.server.uploads import imported_params
from tests.browser.chromium import guarded_page

from .room import PHONE, PROJECTOR, each_look, on_screens, sideways, small_text
from .test_controls import composing

SMALL = "hidden=6&train_steps=30&cell=gru"


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def url_says(page, name: str, value: str) -> None:
    """Wait until the page's URL has name=value (main.js writes it at most every 250 ms)."""
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[name, value]
    )


def opened(page, query: str):
    """Open the main page with `query`; the trace and the sample it drew (their responses)."""
    with (
        page.expect_response(lambda r: "/api/v1/trace" in r.url, timeout=90000) as traced,
        page.expect_response(lambda r: "/api/v1/sample" in r.url, timeout=90000) as sampled,
    ):
        page.goto(f"/?{query}")
    page.wait_for_selector("#gen-sample .draw")
    return traced.value, sampled.value


def number(text: str) -> float:
    """A number as the panel writes it: 0.961, 5.2x10^-4 (superscripts), -0.0396, or near 1 as
    1 - 1.3x10^-4 (with the minus sign U+2212)."""
    text = text.strip("()")
    if text.startswith("1 \u2212 "):
        return 1 - number(text[4:])
    return float(text.replace("\u2212", "-").replace("\u00d710", "e").translate(SUPERSCRIPTS))


SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def test_the_figures_are_the_apis(page):
    traced, sampled = opened(page, f"gen=true&text=hello&{SMALL}&length=6&temp=0.5&lang=en")
    tr, s = traced.json(), sampled.json()
    # the sample is asked of the model the page shows: the trace's options, then its own
    asked, model = query_of(sampled.url), query_of(traced.url)
    assert {k: asked[k] for k in model} == model
    assert (asked["start"], asked["length"], asked["temperature"]) == ("h", "6", "0.5")
    # P(text): one factor per step, p(x_t+1 | x_<=t) from the trace's softmax; the sum of the
    # log-probabilities is log P(text | first) = minus the trace's total loss
    rows = page.locator("#gen-chain tbody tr")
    assert rows.count() == len(tr["targets"]) == 4
    assert rows.first.locator(".cond").text_content() == "p(e | h)"
    assert rows.last.locator(".cond").text_content() == "p(o | hell)"
    logs = [math.log(tr["probs"][t][y]) for t, y in enumerate(tr["targets"])]
    drawn_logs = rows.evaluate_all("rs => rs.map(r => Number(r.dataset.logp))")
    assert drawn_logs == [-loss for loss in tr["loss"]]  # log p_t = -(cross-entropy at t)
    assert drawn_logs == pytest.approx(logs, rel=1e-4, abs=1e-6)  # = log of the softmax's p
    shown = [number(v) for v in rows.locator("td:nth-child(4)").all_text_contents()]
    assert shown == pytest.approx(logs, rel=5e-3)
    total = page.locator("#gen-chain .gen-total")
    assert total.text_content().startswith("log P(hello | h) = sum of the 4 log-probabilities = ")
    assert float(total.get_attribute("data-logp")) == pytest.approx(sum(drawn_logs), rel=1e-12)
    assert float(total.get_attribute("data-logp")) == pytest.approx(-tr["total_loss"], rel=1e-5)
    # the chain rule written out: P(hello | h) = p1 x p2 x p3 x p4 = P
    product = page.locator("#gen-chain .gen-product").text_content()
    left, factors, right = product.split(" = ")
    assert left == "P(hello | h)"
    ps = [tr["probs"][t][y] for t, y in enumerate(tr["targets"])]
    assert [number(f) for f in factors.split(" \u00d7 ")] == pytest.approx(ps, rel=5e-3)
    assert number(right) == pytest.approx(math.prod(ps), rel=5e-3)
    # the factor the model least expected is marked
    least = min(range(len(ps)), key=ps.__getitem__)
    assert rows.evaluate_all("rs => rs.map(r => r.classList.contains('least'))") == [
        t == least for t in range(len(ps))
    ]
    said = number(total.text_content().split(" = ")[2].split(",")[0])
    assert said == pytest.approx(sum(logs), rel=5e-3)
    # sampling: one box per drawn token, its five most likely candidates as the API has them
    boxes = page.locator("#gen-sample .draw")
    assert boxes.count() == len(s["probs"]) == 6
    assert page.locator("#gen-sample .drawn").all_text_contents() == s["tokens"][1:]
    assert page.locator("#gen-sample .sentence").text_content() == "".join(s["tokens"])
    for k, dist in enumerate(s["probs"]):
        box = boxes.nth(k)
        top = sorted(range(len(dist)), key=lambda v: -dist[v])[:5]
        words = box.locator(".cand .w").all_text_contents()
        assert words[:4] == [s["vocab"][v] for v in top[:4]]
        ps = [number(v) for v in box.locator(".cand .num").all_text_contents()]
        # shown with 3 significant digits, 2 under 10^-3
        assert ps == pytest.approx([dist[s["vocab"].index(w)] for w in words], rel=5e-2)
        assert box.locator(".cand.picked .w").text_content() == s["tokens"][k + 1]
    assert "LSTM" not in page.locator("#gen-follows").text_content()
    assert "GRU, 6 units, seed 0, trained 30 steps" in page.locator("#gen-follows").text_content()


def test_the_state_lives_in_the_url_and_follows_the_model(page):
    traced, _ = opened(page, f"gen=true&text=hello&{SMALL}&length=5&lang=en")
    assert query_of(page.url)["gen"] == "true"
    # start token from the model's vocabulary (unset: the text's first)
    assert page.locator("#gen-start option").all_text_contents()[1:] == traced.json()["vocab"]
    assert page.locator("#gen-start option").first.text_content() == "h (first token)"
    with page.expect_response(lambda r: "/api/v1/sample" in r.url) as again:
        page.select_option("#gen-start", "l")
    assert query_of(again.value.url)["start"] == "l"
    url_says(page, "start", "l")
    page.wait_for_function(
        "() => document.querySelector('#gen-sample .sentence').textContent[0] === 'l'"
    )
    with page.expect_response(lambda r: "/api/v1/sample" in r.url) as again:
        page.fill("#gen-temp", "2")
        page.press("#gen-temp", "Enter")
    assert query_of(again.value.url)["temperature"] == "2"
    url_says(page, "temp", "2")
    with page.expect_response(lambda r: "/api/v1/sample" in r.url) as again:
        page.click("#gen-again")
    assert query_of(again.value.url)["sample_seed"] == "1"
    url_says(page, "sample_seed", "1")
    # a value outside the declared limits is not sent: the box shows the state's value again
    page.fill("#gen-length", "100000")
    page.press("#gen-length", "Enter")
    page.wait_for_function("() => document.querySelector('#gen-length').value === '5'")
    # the link opens the same panel: same sample asked, same controls
    link = page.url
    with page.expect_response(lambda r: "/api/v1/sample" in r.url) as reopened:
        page.goto(link)
    assert query_of(reopened.value.url) == query_of(again.value.url)
    assert page.locator("#gen-start").input_value() == "l"
    assert page.locator("#gen-temp").input_value() == "2"
    # another cell: the sample follows the model the page shows
    with page.expect_response(lambda r: "/api/v1/sample" in r.url, timeout=90000) as other:
        page.keyboard.press("Escape")  # out of the number box: the keys reach the page
        page.keyboard.press("1")
    assert query_of(other.value.url)["cell"] == "rnn"
    page.wait_for_function(
        "() => document.querySelector('#gen-follows').textContent.includes('RNN')"
    )
    # compare mode: a sample per cell instead (test_compare_mode_samples_every_cell...)
    page.keyboard.press("4")
    page.wait_for_function("() => document.querySelectorAll('#gen-cells .gen-cell').length === 3")
    assert page.locator("#gen-sample").is_hidden()
    # the toolbar button (and key g) closes the panel; the URL says so
    page.click("#btn-gen")
    page.wait_for_function("() => document.querySelector('#generate').hidden")
    url_says(page, "gen", "false")
    page.keyboard.press("g")
    page.wait_for_function("() => !document.querySelector('#generate').hidden")


CELL_CARDS = """() => [...document.querySelectorAll('#gen-cells .gen-cell')].map(c => {
  const r = c.getBoundingClientRect();
  return {cell: c.dataset.cell, text: c.querySelector('.sentence')?.textContent,
          logp: Number(c.querySelector('.gen-total').dataset.logp),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right};
})"""


def test_compare_mode_samples_every_cell_side_by_side(browser, live_server):
    """A lecturer comparing the cells sees a sample of each, side by side, from the same start,
    temperature and seed, with what the typed text costs each; one click looks at a cell alone."""
    with guarded_page(browser, live_server, PROJECTOR.width, PROJECTOR.height) as page:
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if "/api/v1/sample" in r.url else None)
        with page.expect_response(lambda r: "/api/v1/compare" in r.url, timeout=90000) as compared:
            page.goto("/?gen=true&text=hello&cell=compare&hidden=6&length=8&temp=0.7&present=true")
        page.wait_for_function(
            "() => document.querySelectorAll('#gen-cells .gen-cell .sentence').length === 3",
            timeout=90000,
        )
        queries = {query_of(u)["cell"]: query_of(u) for u in asked}
        assert sorted(queries) == ["gru", "lstm", "rnn"] and len(asked) == 3
        for q in queries.values():  # the same draw for each cell; the comparison's own model
            assert (q["start"], q["length"], q["temperature"], q["sample_seed"]) == (
                "h",
                "8",
                "0.7",
                "0",
            )
            assert q["hidden"] == "6" and "model" not in q
        cards = page.evaluate(CELL_CARDS)
        traces = compared.value.json()["traces"]
        assert [c["cell"] for c in cards] == list(traces)
        for card in cards:
            answer = page.request.get(next(u for u in asked if f"cell={card['cell']}" in u))
            assert card["text"] == "".join(answer.json()["tokens"])
            assert card["logp"] == pytest.approx(-traces[card["cell"]]["total_loss"], rel=1e-5)
        # side by side on the projector, all three on screen when the view opens
        assert len({round(c["top"]) for c in cards}) == 1
        assert all(c["bottom"] <= PROJECTOR.height and c["right"] <= PROJECTOR.width for c in cards)
        assert small_text(page, "#generate") == []  # the rest of the page has tests of its own
        # one click: that cell alone, with its steps and P(text)
        page.click("#gen-cells .gen-cell[data-cell=gru] .gen-open")
        url_says(page, "cell", "gru")
        page.wait_for_selector("#gen-sample .draw")
        assert page.locator("#gen-cells").is_hidden()


def test_compare_mode_samples_stack_on_a_phone(browser, live_server):
    """On a phone the three samples come one under another, the page no wider than the screen,
    in Korean."""
    with guarded_page(browser, live_server, PHONE.width, PHONE.height, is_mobile=True) as page:
        page.goto("/?gen=true&text=hello&cell=compare&hidden=6&length=30&lang=ko&theme=dark")
        page.wait_for_function(
            "() => document.querySelectorAll('#gen-cells .gen-cell .sentence').length === 3",
            timeout=90000,
        )
        cards = page.evaluate(CELL_CARDS)
        assert [c["cell"] for c in cards] == ["rnn", "lstm", "gru"]
        assert all(a["bottom"] <= b["top"] for a, b in itertools.pairwise(cards))
        assert all(c["left"] >= 0 and c["right"] <= PHONE.width for c in cards), cards
        assert sideways(page) <= 0
        assert small_text(page, "#generate") == []
        assert page.locator("#gen-cells .gen-open").first.text_content() == "RNN만 자세히 보기"


def test_compare_mode_drops_a_single_cells_status(page):
    """A single cell's sample still on its way ("Sampling…") when the view turns to compare
    mode: the compare cards say their own state; the panel's status line is empty."""
    held: list = []
    page.route("**/api/v1/sample?**", lambda route: held.append(route))  # no answer yet
    page.goto(f"/?gen=true&text=hello&{SMALL}&lang=en")
    status = "() => document.querySelector('#gen-status')?.textContent"
    page.wait_for_function(f"() => ({status})() === 'Sampling…'")
    page.keyboard.press("4")
    page.wait_for_function("() => document.querySelectorAll('#gen-cells .gen-cell').length === 3")
    assert page.locator("#gen-status").text_content() == ""
    assert page.locator("#gen-cells .gen-hint").first.text_content() == "Sampling…"


def test_a_stored_model_is_sampled_by_its_id_and_named_by_its_name(browser, serve, tmp_path):
    vocab = sorted(set("a cat sat"))
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    p = P.init("gru", len(vocab), 5, 1, 0, seed=3)
    record, _ = store.put(imported_params(p, vocab, "char", "tanh", "test"), "tiny gru")
    base = serve(data_dir=tmp_path)
    with guarded_page(browser, base) as page:
        listed: list[str] = []
        page.on("request", lambda r: listed.append(r.url) if "/api/v1/models" in r.url else None)
        traced, sampled = opened(page, f"gen=true&text=a+cat&model={record.id}&lang=ko")
        assert query_of(traced.url)["model"] == query_of(sampled.url)["model"] == record.id
        # named as the Models menu names it, from the list the page read at start
        page.wait_for_function(
            "() => document.querySelector('#gen-follows').textContent.includes('tiny gru')"
        )
        follows = page.locator("#gen-follows").text_content()
        assert follows == "화면에 보이는 모델: 저장된 모델 tiny gru (GRU, 은닉 유닛 5개)"
        assert page.locator("#menu-models summary").text_content() == "모델: tiny gru"
        assert len(listed) == 1  # the menu's own list: the panel asks for nothing more
        assert page.locator("#gen-start option").count() == 1 + len(vocab)
        assert page.locator("#gen-chain tbody tr").count() == len("a cat") - 1


def test_korean_is_sampled_only_once_composed(page):
    opened(page, f"gen=true&text=hello&{SMALL}&length=4&lang=ko")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/api/v1/sample" in r.url else None)
    field = page.locator("#in-text")
    field.click()
    page.keyboard.press("End")
    cdp = page.context.new_cdp_session(page)
    for _ in composing(page, cdp, "hello"):
        assert requests == []  # a syllable in composition asks for nothing
    with page.expect_response(lambda r: "/api/v1/sample" in r.url, timeout=90000) as sampled:
        cdp.send("Input.insertText", {"text": "한글"})
    cdp.detach()
    assert [query_of(u)["text"] for u in requests] == ["hello한글"]
    assert query_of(sampled.value.url)["text"] == "hello한글"
    page.wait_for_function("() => document.querySelectorAll('#gen-chain tbody tr').length === 6")
    assert (
        page.locator("#gen-chain tbody tr").last.locator(".cond").text_content()
        == "p(글 | hello한)"
    )
    assert "한" in page.locator("#gen-start option").all_text_contents()


def test_an_old_tasks_link_opens_the_panel(page):
    page.goto("/tasks?mode=generate&text=abcab&temperature=0.5&hidden=6&lang=en")
    page.wait_for_selector("#gen-sample .draw", timeout=90000)
    q = query_of(page.url)
    assert (q["gen"], q["text"], q["temp"], q["hidden"]) == ("true", "abcab", "0.5", "6")
    page.goto("/tasks?lang=ko&theme=dark")
    href = page.locator("#t-gen").get_attribute("href")
    assert query_of(href) == {"lang": "ko", "theme": "dark", "gen": "true"}


@each_look
def test_the_room_reads_it(browser, live_server, artifacts, lang, theme):
    for screen, page in on_screens(browser, live_server, look=(lang, theme)):
        look = screen.look(lang, theme)
        opened(page, f"gen=true&text=hello+world&{SMALL}&length=12&temp=0.8&{look}")
        assert small_text(page, "#generate") == []
        assert sideways(page) <= 0, screen
        # what the panel is about is on screen when it opens: its title and the sample
        for what in ("#generate h2", "#gen-sample .sentence"):
            box = page.locator(what).bounding_box()
            assert box is not None and box["y"] + box["height"] <= screen.height, (what, box)
        page.screenshot(path=artifacts / f"generate-{lang}-{theme}-{screen.width}.png")


def test_a_link_with_values_out_of_bounds_opens_on_the_defaults(page):
    # markup as a start token, a length and temperature outside the declared limits
    traced, sampled = opened(page, f"gen=true&text=hello&{SMALL}&start=<b>x</b>&length=999&temp=-1")
    asked = query_of(sampled.url)
    assert asked["start"] == "h" and asked["length"] == "40" and "temperature" not in asked
    assert sampled.status == 200 and traced.status == 200
    assert page.locator("#generate b").count() == 0
    assert page.locator("#gen-start").input_value() == ""  # the text's first token
    assert page.locator("#gen-sample .draw").count() == 40


def test_a_probability_near_1_reads_as_1_minus_what_is_left(page):
    traced, _ = opened(page, "gen=true&text=hello&cell=gru&hidden=16&train_steps=200&lang=en")
    tr = traced.json()
    left = [-math.expm1(-loss) for loss in tr["loss"]]  # 1 - p_t, exact from the loss
    assert max(left) < 0.01, "a model trained this long is sure of every next letter"
    shown = page.locator("#gen-chain tbody td:nth-child(2)").all_text_contents()
    assert all(v.startswith("1 \u2212 ") for v in shown), shown
    assert [1 - number(v) for v in shown] == pytest.approx(left, rel=5e-2)  # 2 digits under 10^-3
    product = page.locator("#gen-chain .gen-product").text_content()
    assert product.count("(1 \u2212 ") == len(left)  # every factor written as 1 - its rest
    assert number(product.split(" = ")[-1]) == pytest.approx(math.exp(-tr["total_loss"]), rel=1e-6)


def test_a_refused_sample_is_said_in_the_pages_language(page):
    refusal = {"detail": [{"loc": ["query", "length"], "msg": "at most 200", "type": "x"}]}
    page.route(
        "**/api/v1/sample?**",
        lambda route: route.fulfill(status=422, json=refusal),
    )
    page.goto(f"/?gen=true&text=hello&{SMALL}&lang=ko")
    page.wait_for_selector("#gen-status.error")
    said = page.locator("#gen-status").text_content()
    assert said == "서버가 요청을 거절했습니다: length: at most 200"
    assert page.locator("#gen-sample").count() == 0
    assert page.locator("#gen-chain tbody tr").count() == 4  # P(text) needs no sample
    # the browser logs the 422 this test asked for; nothing else may be there
    assert [e for e in page.console_errors if "422" not in e] == []
    page.console_errors.clear()
