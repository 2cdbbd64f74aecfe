"""Nothing offered is refused: every training choice the page offers, for the default text and
for each lesson's text, in one-cell and compare mode, is taken by the server; the others are
off and say why; a refusal is said in the page's language with what to change (budget.js)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx

from rnnscope.core.option import OptionError
from rnnscope.core.options import PAGE_CHOICES
from rnnscope.server.params import CompareQuery, TraceQuery
from rnnscope.server.traces import prepare

from .test_controls import asked_texts
from .test_page import open_page

# For the default state and every lesson scene, in the scene's own cell (LSTM when the scene
# compares) and in compare mode: the training choices the controls offer, as the page decides
# them (the answer of /api/v1/cost through budget.js), as the API requests the page would send.
OFFERED = """async () => {
    const {SCENES} = await import('/static/js/lessons/scenes.js');
    const {defaults, apiRequest} = await import('/static/js/state.js');
    const {costUrl, fits, room, TRAIN_CHOICES} = await import('/static/js/budget.js');
    const states = [defaults(), ...SCENES.map((s) => ({...defaults(), ...s.state}))];
    const out = [];
    for (const base of states) {
      const answer = await (await fetch(costUrl(base))).json();
      for (const cell of [base.cell === 'compare' ? 'lstm' : base.cell, 'compare']) {
        const state = {...base, cell};
        const {most} = room(answer, state);
        const offered = TRAIN_CHOICES.filter((n) => fits(n, most));
        out.push({text: base.text, cell, offered,
                  urls: offered.map((n) => apiRequest({...state, train_steps: n}))});
      }
    }
    return out;
}"""


def refused(url: str) -> str | None:
    """The server's refusal of this page request, if any: its query model, then the token and
    cost limits (server/traces.py prepare), the only checks before the work."""
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    compare = parts.path.endswith("/compare")
    query = (CompareQuery if compare else TraceQuery).model_validate(params)
    try:
        prepare(query, query.cell_list if compare else [query.cell])
    except OptionError as exc:
        return str(exc)
    return None


def test_every_training_choice_offered_is_taken(page, live_server):
    open_page(page, "?lang=en")
    offers = page.evaluate(OFFERED)
    assert len(offers) == 2 * (1 + page.evaluate(
        "async () => (await import('/static/js/lessons/scenes.js')).SCENES.length"))  # fmt: skip
    for offer in offers:
        assert offer["offered"][0] == 0, offer  # untrained always fits at the lessons' sizes
        for url in offer["urls"]:
            assert refused(url) is None, (offer["text"], offer["cell"], url, refused(url))
    default_one, default_compare = offers[0], offers[1]
    assert default_one["offered"] == [0, 50, 200, 500, 1000]  # hello trains as long as offered
    assert 1000 in default_compare["offered"]
    # answered, not only let through: the longest comparison offered on the lessons' long text
    lesson = next(o for o in offers if o["cell"] == "compare" and "hello rnn" in o["text"])
    assert 200 in lesson["offered"]
    r = httpx.get(live_server + lesson["urls"][-1], timeout=120)
    assert r.status_code == 200, r.text[:300]


def test_the_controls_turn_off_what_does_not_fit_and_say_why(page):
    text = "the quick brown fox jumps over the lazy dog, again and again"
    open_page(page, f"?text={text}&cell=compare&hidden=64&lang=en")
    page.wait_for_function(
        "() => document.querySelector('select[name=train_steps] option:disabled')"
    )
    select = page.locator("select[name=train_steps]")
    off = select.locator("option:disabled").all_text_contents()
    assert off and all("over the server's time" in label for label in off)
    note = select.get_attribute("title")
    assert "compare mode" in note and "One cell at a time" in note
    on = [int(v) for v in select.locator("option:not(:disabled)").evaluate_all(
        "options => options.map((o) => o.value)")]  # fmt: skip
    ask = """async (n) => { const s = await import('/static/js/state.js');
        return s.apiRequest({...s.parse(location.search), train_steps: n}); }"""
    for n in on:
        assert refused(page.evaluate(ask, n)) is None, n


def test_a_refusal_is_said_in_the_pages_language_with_a_fix(page):
    """A link asking for more than the budget: the banner says so in Korean, and its button
    asks for what fits."""
    page.goto("/?text=hello%20world&cell=compare&hidden=64&train_steps=2000&lang=ko")
    page.wait_for_selector("#banner .msg.error .msg-action")
    banner = page.locator("#banner .msg.error")
    assert "서버가 이 요청을 계산하지 않았습니다" in banner.text_content()
    assert "COST_BUDGET" not in banner.text_content()
    page.locator("#banner .msg-action").click()
    page.wait_for_function("() => !document.querySelector('#banner .msg.error')")
    steps = int(page.locator("select[name=train_steps]").input_value())
    assert 0 < steps < 2000
    # the browser logs the refused fetch (HTTP 422) as a console error: that one is expected
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_an_edit_that_makes_the_training_too_long_asks_for_what_fits(page, live_server):
    """Compare mode trained 1000 steps on `hello` fits; the same on a longer text does not:
    the page asks at once with fit=true (no cost question first), the server trains the most
    that fits (never a refusal), and the controls show what was trained."""
    open_page(page, "?text=hello&cell=compare&hidden=8&train_steps=1000&lang=en")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/" in r.url else None)
    text = "the quick brown fox jumps over the lazy dog again"
    with page.expect_response(lambda r: "/api/v1/compare" in r.url and "quick" in r.url) as got:
        page.fill("#in-text", text)
    assert got.value.status == 200
    cost = httpx.get(f"{live_server}/api/v1/cost", params={"text": text, "hidden": 8}, timeout=30)
    most = cost.json()["max_train_steps"]
    assert 0 < most < 1000  # the longer text does not train 1000 steps in compare mode
    fitting = max(n for n in page.evaluate(CHOICES) if n <= most)
    assert got.value.json()["fitted"] is True
    assert got.value.json()["request"]["train_steps"] == fitting
    assert asked_texts(asked, ("/api/v1/cost",)) == [], asked  # the answer brought it
    traces = [u for u in asked if "/api/v1/compare" in u]
    assert traces, asked
    for url in traces:  # what fits, or the most that does: never a refusal
        query = dict(parse_qsl(urlsplit(url).query))
        assert query.get("fit") == "true" or refused(url) is None, url
    page.wait_for_function(
        "n => document.querySelector('select[name=train_steps]').value === String(n)", arg=fitting
    )
    select = page.locator("select[name=train_steps]")
    assert "compare mode" in (select.get_attribute("title") or "")  # why the others are off
    off = [int(v) for v in select.locator("option:disabled").evaluate_all(
        "options => options.map((o) => o.value)")]  # fmt: skip
    assert off == [n for n in page.evaluate(CHOICES) if n > most]  # as /api/v1/cost says
    page.wait_for_function("n => new URLSearchParams(location.search).get('train_steps') === "
                           "String(n)", arg=fitting)  # fmt: skip


CHOICES = "async () => (await import('/static/js/budget.js')).TRAIN_CHOICES"


def test_a_stored_models_training_follows_its_own_cost(page):
    """model=<id>: the cost question names the model (compare mode too: one answer for
    every mode), and one-cell mode offers the training the model's part allows."""
    open_page(page, "?lang=en")
    out = page.evaluate("""async () => {
        const {defaults} = await import('/static/js/state.js');
        const {costUrl, room, TRAIN_CHOICES} = await import('/static/js/budget.js');
        const state = {...defaults(), model: 'abc123', cell: 'gru'};
        const answer = {budget: 2, tokens: 5, max_train_steps: 900, max_hidden: 64,
            per_cell: {gru: {max_train_steps: 2000, max_hidden: 256}},
            model: {max_train_steps: 120, max_hidden: null, tokens: 7}};
        return {one: costUrl(state), compare: costUrl({...state, cell: 'compare'}),
                model: room(answer, state), cells: room(answer, {...state, model: null}),
                both: room(answer, {...state, cell: 'compare'}), choices: TRAIN_CHOICES};
    }""")
    for url in (out["one"], out["compare"]):
        query = dict(parse_qsl(urlsplit(url).query))
        assert query["model"] == "abc123" and query["cells"] == "rnn,lstm,gru", url
    assert out["model"]["most"] == 120 and "stored model" in out["model"]["note"]
    assert "7 tokens" in out["model"]["note"]
    assert out["cells"] == {"most": 2000, "note": ""}
    assert out["both"]["most"] == 900 and "compare mode" in out["both"]["note"]
    assert out["choices"] == list(PAGE_CHOICES["train_steps"])  # the one declaration


# Keys typed in one task of the page: no typing pause can end between them (api.js Fetcher).
TYPE_FAST = """(keys) => {
    const box = document.getElementById('in-text');
    for (const key of keys) {
      box.value = key === '\\b' ? box.value.slice(0, -1) : box.value + key;
      box.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText'}));
    }
}"""
STEPS = "(n) => document.querySelector('svg.network').dataset.steps === String(n)"


def test_fast_typing_asks_no_cost_question_the_answers_bring_the_budget(page):
    """Each trace answer carries its state's budget (`cost`, asking.js): six keys, one trace
    for the text the pause ended on and no cost question; back to a text already asked, its
    kept answer and budget serve (no request at all)."""
    open_page(page, "?text=hello&cell=lstm&lang=en")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/" in r.url else None)
    page.evaluate(TYPE_FAST, list(" world"))
    page.wait_for_function(STEPS, arg=10)
    page.evaluate(TYPE_FAST, ["\b"] * 6)  # back to hello: trace and budget kept, shown at once
    page.wait_for_function(STEPS, arg=4)
    page.evaluate(TYPE_FAST, ["!"])
    page.wait_for_function(STEPS, arg=5)
    assert asked_texts(asked, ("/api/v1/cost",)) == [], asked
    assert asked_texts(asked) == ["hello world", "hello!"], asked
    # the controls follow the budget of the text shown: hello at H 256 in compare mode
    page.locator("#controls input[name=hidden]").fill("256")
    page.locator("#in-cell button[data-value=compare]").click()
    page.wait_for_function(
        "() => document.querySelector('select[name=train_steps] option:disabled')"
    )
    assert asked_texts(asked, ("/api/v1/cost",)) == [], asked


def test_fast_typing_never_sends_a_training_the_server_refuses(page, live_server):
    """Keys that make a fitting training too long: after the pause, one request with fit=true
    (no cost question first); the server trains the most that fits and the control follows."""
    open_page(page, "?text=hello&cell=compare&hidden=8&train_steps=1000&lang=en")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/" in r.url else None)
    text = "hello, the quick brown fox jumps over the lazy dog"
    page.evaluate(TYPE_FAST, list(text[len("hello") :]))
    page.wait_for_function(STEPS, arg=len(text) - 1)
    cost = httpx.get(f"{live_server}/api/v1/cost", params={"text": text, "hidden": 8}, timeout=30)
    most = cost.json()["max_train_steps"]
    assert 0 < most < 1000
    assert asked_texts(asked, ("/api/v1/cost",)) == [], asked
    traces = [u for u in asked if "/api/v1/compare" in u]
    assert asked_texts(traces) == [text], asked
    query = dict(parse_qsl(urlsplit(traces[0]).query))
    assert query["train_steps"] == "1000" and query["fit"] == "true"
    fitting = max(n for n in PAGE_CHOICES["train_steps"] if n <= most)
    page.wait_for_function(
        "n => document.querySelector('select[name=train_steps]').value === String(n)", arg=fitting
    )
