"""Nothing offered is refused: every training choice the page offers, for the default text and
for each lesson's text, in one-cell and compare mode, is taken by the server; the others are
off and say why; a refusal is said in the page's language with what to change (budget.js)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx

from rnnscope.core.option import OptionError
from rnnscope.server.params import CompareQuery, TraceQuery
from rnnscope.server.traces import prepare

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
