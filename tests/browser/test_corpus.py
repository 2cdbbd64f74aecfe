"""The corpus page (/corpus): a long text coloured by one unit with the unit finder beside it,
and a training job followed live; at projector, laptop and phone sizes, both languages and
both themes, text at 14 px or more."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core import limits as L
from rnnscope.core import params as P
from rnnscope.server.store import ModelStore
from rnnscope.server.uploads import imported_params
from tests.browser.chromium import guarded_page

from .room import PHONE, each_look, on_screens, sideways, small_text

TEXT = 'def f(x):\n    """Return x, doubled."""\n    return 2 * x\n' * 12
VOCAB = sorted(set(TEXT))


@pytest.fixture
def with_model(tmp_path: Path, serve):
    """A server whose store holds a small untrained LSTM over TEXT's characters."""
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    p = P.init("lstm", len(VOCAB), 8, 1, 0, seed=0)
    record, _ = store.put(imported_params(p, VOCAB, "char", "tanh", "test"), "tiny lstm")
    return serve(data_dir=tmp_path), record.id


def find_units(page, model: str) -> None:
    page.goto(f"/corpus?model={model}")
    page.wait_for_function("() => document.querySelector('#units-model option[value]')?.value")
    page.fill("#units-input", TEXT)
    page.click("#units-go")
    page.wait_for_selector("#units-text span.marked")


def test_the_long_text_is_coloured_by_the_best_unit(browser, with_model, artifacts):
    base, model = with_model
    with guarded_page(browser, base) as page:
        page.goto(f"/corpus?model={model}")
        assert not page.locator("#units-text").is_visible()  # no empty box before a text is read
        find_units(page, model)
        spans = page.locator("#units-text span")
        assert spans.count() == len(TEXT)
        marked = page.locator("#units-text span.marked").count()
        assert marked == sum(len("Return x, doubled.") for _ in range(12))
        assert page.locator(".unit-table").count() == 2  # the model's ranking and the baseline's
        first = page.locator(".unit-pick").nth(1)
        name = first.text_content()
        first.click()
        page.wait_for_function(
            f"() => document.querySelector('#units-status').textContent.includes('{name}')"
        )
        page.locator("#units-text span").nth(28).click()  # a character: its line's trace
        href = page.locator("#units-status a").get_attribute("href")
        # under the page's root (static/js/paths.js): here the server's own "/"
        assert href == f"{base}/?model={model}&text=++++%22%22%22Return+x%2C+do&layer=0"
        page.click("#units-status a")
        page.wait_for_function("() => document.querySelector('svg.network')")


def test_the_longest_text_the_page_offers_is_coloured_whole(browser, with_model):
    """The box takes 10,000 characters (core/limits.py), and all of them are coloured."""
    base, model = with_model
    longest = (TEXT * 20)[: L.MAX_UNITS_TEXT_CHARS]
    with guarded_page(browser, base) as page:
        page.goto(f"/corpus?model={model}")
        page.wait_for_function("() => document.querySelector('#units-model option[value]')?.value")
        page.fill("#units-input", longest + "x")  # one past the box's limit: left out
        page.click("#units-go")
        page.wait_for_selector("#units-text span.marked", timeout=120_000)
        assert page.locator("#units-text span").count() == L.MAX_UNITS_TEXT_CHARS
        assert page.text_content("#units-text") == longest


def test_the_model_is_named_with_its_layers_as_the_models_menu_names_it(browser, with_model):
    base, model = with_model
    option = "() => document.querySelector('#units-model option[value]')?.textContent"
    times = "\u00d7"
    with guarded_page(browser, base) as page:
        page.goto(f"/corpus?model={model}&lang=ko")
        page.wait_for_function(option)
        want = f"tiny lstm · LSTM, 1층 {times} 은닉 유닛 8개, 토큰 {len(VOCAB)}개"
        assert page.evaluate(option) == want
        page.click("#c-lang")  # relabelled in the other language
        want = f"tiny lstm · LSTM, 1 {times} 8 units, {len(VOCAB)} tokens"
        page.wait_for_function(f"want => ({option})() === want", arg=want)


def test_the_colours_are_centred_on_the_units_median(browser, with_model):
    """Red above the unit's median over the text, blue below, the median itself uncoloured: a
    cell state that never crosses zero still shows its high and low stretches."""
    base, model = with_model
    query = urllib.parse.urlencode({"text": TEXT, "pattern": '"""(.*?)"""', "top": "10"})
    with urllib.request.urlopen(f"{base}/api/v1/models/{model}/units?{query}") as r:
        values = np.array(json.load(r)["values"])
    with guarded_page(browser, base) as page:
        find_units(page, model)
        spans = page.locator("#units-text span")

        def background(i: int) -> tuple[str, float]:
            """(the colour's r, g, b; its alpha) of the i-th character's background."""
            css = spans.nth(int(i)).evaluate("e => e.style.background")
            parts = [p.strip() for p in css[css.index("(") + 1 : css.index(")")].split(",")]
            return ", ".join(parts[:3]), float(parts[3]) if len(parts) == 4 else 1.0

        assert background(np.argmax(values))[0] == "214, 39, 40"  # red
        assert background(np.argmin(values))[0] == "31, 119, 180"  # blue
        mid = np.median(values)
        for i in range(0, len(TEXT), 7):
            alpha = abs(values[i] - mid) / np.abs(values - mid).max()
            assert background(i)[1] == pytest.approx(alpha, abs=6e-3)  # 8-bit alpha


# the form controls (fields, buttons) that reach into a card's padding or past it: on a phone
# the textareas ran to the card's edge
FIELDS_OUT = """() => [...document.querySelectorAll('.corpus-card')].flatMap((card) => {
  const c = card.getBoundingClientRect(), s = getComputedStyle(card);
  const left = c.left + parseFloat(s.paddingLeft) - 0.5;
  const right = c.right - parseFloat(s.paddingRight) + 0.5;
  return [...card.querySelectorAll('input, select, textarea, button')]
    .filter((n) => { const r = n.getBoundingClientRect();
      return r.width > 0 && (r.left < left || r.right > right); })
    .map((n) => n.id || n.className || n.tagName);
})"""


@each_look
def test_sizes_languages_themes_and_14px(browser, with_model, artifacts, lang, theme):
    base, model = with_model
    for screen, page in on_screens(browser, base, look=(lang, theme)):
        find_units(page, model)
        query = f"model={model}&{screen.look(lang, theme)}"
        page.evaluate(f"() => history.replaceState(null, '', '/corpus?{query}')")
        page.click("#c-lang") if lang == "ko" else None
        page.click("#c-theme") if theme == "dark" else None
        assert page.evaluate("() => document.documentElement.lang") == lang
        if screen.present:
            page.evaluate("() => document.body.classList.add('present')")
        assert small_text(page) == []
        assert sideways(page) <= 0, f"{screen} {lang}"  # no sideways scroll
        assert page.evaluate(FIELDS_OUT) == [], f"{screen} {lang}"  # inside the cards' margins
        page.screenshot(path=str(artifacts / f"corpus-units-{screen}-{lang}-{theme}.png"))


def test_a_job_is_followed_live_to_its_model(browser, serve, tmp_path, artifacts):
    base = serve(data_dir=tmp_path)
    with guarded_page(browser, base) as page:
        page.goto("/corpus")
        page.fill("#job-builtin", "textwrap")
        page.fill("#job-steps", "20")
        page.click("#job-start")
        page.wait_for_function(
            "() => document.querySelector('.job-status')?.textContent.includes('Done')",
            timeout=120_000,
        )
        points = page.locator(".job-chart polyline.train").get_attribute("points")
        assert len(points.split()) == 20
        assert page.locator(".job-chart circle.val").count() >= 2
        assert page.locator(".job-samples pre").count() >= 1
        assert page.evaluate("() => document.querySelector('progress').value") == 1
        # the stored model is offered to the unit finder at once
        page.wait_for_function(
            "() => document.querySelectorAll('#units-model option[value]').length"
        )
        page.screenshot(path=str(artifacts / "corpus-job-1366x768.png"), full_page=True)


def test_a_refusal_names_the_field_in_the_pages_language(browser, with_model):
    """The corpus page asks through the page's one client (api.js): a refusal reads as on the
    main page, the field first, in the page's language."""
    base, model = with_model
    with guarded_page(browser, base) as page:
        page.goto(f"/corpus?model={model}&lang=ko")
        page.wait_for_function("() => document.querySelector('#units-model option[value]')?.value")
        page.fill("#units-input", TEXT)
        page.fill("#units-pattern", "(unclosed")
        page.click("#units-go")
        page.wait_for_function(
            "() => document.getElementById('units-status').textContent.startsWith('거부됨: ')"
        )
        said = page.text_content("#units-status")
        assert said.startswith("거부됨: pattern: 올바른 정규 표현식이 아닙니다 ("), said
        assert "unterminated subpattern" in said, said  # Python's own words: where and what
        page.click("#c-lang")  # said again in the new language
        page.wait_for_function(
            "() => document.getElementById('units-status').textContent.startsWith('Refused: ')"
        )
        page.click("#c-lang")
        for pattern, text, want in (
            ("zzz", TEXT, "거부됨: pattern: 텍스트에서 표시한 토큰이 없어 구별할 것이 없습니다"),
            ("x", TEXT + "€", "거부됨: text: 모델의 어휘에 없는 토큰이 1개 있습니다: '€'"),
        ):
            page.fill("#units-pattern", pattern)
            page.fill("#units-input", text)
            page.click("#units-go")
            page.wait_for_function(
                "(want) => document.getElementById('units-status').textContent === want", arg=want
            )
        page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_a_job_sends_the_admin_token(browser, serve, tmp_path):
    """With RNNSCOPE_ADMIN_TOKEN set, starting a job needs the token: the page asks for it once
    (the server's 401), sends it, and the job runs; the token is kept for the tab, so the main
    page's model store sends it too."""
    base = serve(data_dir=tmp_path, admin_token="s3cret")
    with guarded_page(browser, base) as page:
        asked: list[str | None] = []
        page.on(
            "request",
            lambda r: (
                asked.append(r.headers.get("authorization"))
                if r.url.endswith("/api/v1/jobs") and r.method == "POST"
                else None
            ),
        )
        page.goto("/corpus?lang=ko")
        page.fill("#job-builtin", "textwrap")
        page.fill("#job-steps", "5")
        page.click("#job-start")
        page.wait_for_selector("#job-token")
        assert page.text_content(".corpus-error").startswith("거부됨: authorization: ")
        assert "관리자 토큰" in page.text_content(".corpus-error")  # said in Korean
        page.fill("#job-token", "s3cret")
        page.click(".corpus-token button")
        page.wait_for_function(
            "() => document.querySelector('.job-status')?.textContent.includes('완료')",
            timeout=120_000,
        )
        assert asked == [None, "Bearer s3cret"]
        page.console_errors[:] = [e for e in page.console_errors if "401" not in e]

        # the same tab's main page sends it with the model store's requests
        def main_page_lists(r) -> bool:
            return r.url.endswith("/api/v1/models") and "/corpus" not in r.frame.url

        with page.expect_request(main_page_lists) as listed:
            page.goto("/?text=hello")
        assert listed.value.headers.get("authorization") == "Bearer s3cret"


def job_events(steps: int = 300, shown: int = 120) -> str:
    """A job's server-sent events up to step `shown` of `steps`: losses, validations, samples."""
    out = [("started", {}), ("val", {"step": 0, "val_bpc": 6.1})]
    for i in range(1, shown + 1):
        out.append(("step", {"step": i, "train_bpc": 1.4 + 6 * 0.985**i, "eta": steps - i}))
        if i % 30 == 0:
            out.append(("val", {"step": i, "val_bpc": 1.6 + 6 * 0.985**i}))
            out.append(("sample", {"step": i, "text": "def parse_args(self, args=None):\n"}))
    return "".join(f"id: {k}\nevent: {e}\ndata: {json.dumps(d)}\n\n" for k, (e, d) in
                   enumerate(out, start=1))  # fmt: skip


def route_job(page, events: str, job: str = "f00d") -> None:
    """Answer the page's job requests here: POST /api/v1/jobs starts `job`, its stream `events`."""
    page.route("**/api/v1/jobs", lambda r: r.fulfill(status=202, json={"id": job}))
    page.route(f"**/api/v1/jobs/{job}", lambda r: r.fulfill(json={"steps": 300}))
    stream = {"content_type": "text/event-stream", "body": events}
    page.route(f"**/api/v1/jobs/{job}/events", lambda r: r.fulfill(**stream))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_jobs_chart_reads_on_every_screen(browser, live_server, artifacts, lang):
    """The training curves are drawn at the width they get: their labels stay at 16 px on a
    phone (a 640-unit chart shrunk to 340 px drew them at 8.6 px) and grow when presented."""
    for screen, page in on_screens(browser, live_server):
        route_job(page, job_events())
        page.goto(f"/corpus?{screen.look(lang, 'light')}")
        page.click("#job-start")
        page.wait_for_selector(".job-samples pre")
        page.locator(".job-chart").scroll_into_view_if_needed()
        assert small_text(page, ".job-live") == [], screen
        assert sideways(page) <= 0, screen
        if screen == PHONE or screen.present:
            page.screenshot(path=str(artifacts / f"corpus-job-{screen}-{lang}.png"))


STATUS = "() => document.getElementById('units-status').textContent"
JOB_STATUS = "() => document.querySelector('.job-status')?.textContent"


def says(page, what: str, want: str) -> None:
    """Wait until `what` (a function's source) returns a text starting with `want`."""
    page.wait_for_function(f"(want) => ({what})()?.startsWith(want)", arg=want)


def test_every_status_is_said_again_after_a_language_switch(browser, with_model, serve, tmp_path):
    """A status that is on screen when the language changes (reading the text, the unit shown,
    the link to a trace, a failed job, no stored model) is said in the new language; the link
    stays a link to the same trace."""
    base, model = with_model
    with guarded_page(browser, base) as page:
        page.goto(f"/corpus?model={model}&lang=en")
        page.wait_for_function("() => document.querySelector('#units-model option[value]')?.value")
        held = []  # the unit finder's answer, held until the switch is seen
        page.route("**/api/v1/models/*/units?*", lambda route: held.append(route))
        page.fill("#units-input", TEXT)
        page.click("#units-go")
        says(page, STATUS, "Reading the text")
        page.click("#c-lang")
        says(page, STATUS, "모든 유닛으로 텍스트를 읽는 중")
        held[0].continue_()
        page.unroute("**/api/v1/models/*/units?*")
        says(page, STATUS, "색: 유닛")
        page.locator("#units-text span").nth(28).click()  # a character: its line's trace
        says(page, STATUS, "추적 보기 →")
        href = page.get_attribute("#units-status a", "href")
        page.click("#c-lang")
        says(page, STATUS, "Trace it →")
        assert page.get_attribute("#units-status a", "href") == href

        # a job that failed: its reason (the event's `reason` and step) in the new language
        failed = {"error": "the loss overflowed at step 12: lower lr", "reason": "loss_overflow",
                  "step": 12}  # fmt: skip
        route_job(page, f"id: 1\nevent: failed\ndata: {json.dumps(failed)}\n\n")
        page.click("#job-start")
        says(page, JOB_STATUS, "Failed: the loss overflowed at step 12: train with a lower")
        page.click("#c-lang")
        says(page, JOB_STATUS, "실패: 12회째 학습에서 손실이 너무 커졌습니다")
        assert page.evaluate("() => document.title") == "rnnscope: " + page.text_content("h1")

    empty = tmp_path / "empty"
    empty.mkdir()
    with guarded_page(browser, serve(data_dir=empty)) as page:  # no stored model yet
        page.goto("/corpus?lang=ko")
        option = "() => document.querySelector('#units-model option')?.textContent"
        says(page, option, "저장된 모델이 없습니다")
        page.click("#c-lang")
        says(page, option, "No stored model yet")


FIT = "() => document.querySelector('.job-fit')?.textContent"


def test_a_short_text_is_said_to_be_read_as_fewer_streams(browser, live_server):
    """The page reads 16 streams of 64 characters; a pasted text of 1000 (900 to train on)
    holds 14 (server/job_checks.py): sent as 14, and said, in the page's language."""
    with guarded_page(browser, live_server) as page:
        route_job(page, job_events())
        page.goto("/corpus?lang=en")
        page.fill("#job-text", "ab" * 500)
        with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
            page.click("#job-start")
        assert json.loads(sent.value.post_data)["batch"] == 14
        says(page, FIT, "The text is short: read as 14 streams side by side, not 16")
        page.click("#c-lang")
        says(page, FIT, "텍스트가 짧아 16개가 아닌 14개의 흐름으로")
        page.fill("#job-text", "")  # a module: its length is the server's to check
        page.click("#job-start")
        page.wait_for_function("() => document.querySelector('.job-fit').hidden")


def test_a_running_job_says_its_step_and_time_left(browser, live_server):
    """While a job runs, its status says the step and the time left (the events' `eta`) and
    the bar shows the part done, in the page's language."""
    with guarded_page(browser, live_server) as page:
        route_job(page, job_events(steps=300, shown=120))  # eta: 180 s left at step 120
        page.goto("/corpus?lang=en")
        page.click("#job-start")
        says(page, JOB_STATUS, "Step 120 of 300 · 3:00 left")
        assert page.evaluate("() => document.querySelector('.job-live progress').value") == 0.4
        page.click("#c-lang")
        says(page, JOB_STATUS, "학습 120/300회 · 남은 시간 3:00")
