"""The corpus page's training form (/corpus) is the declaration of POST /api/v1/jobs
(core/options.py: choices, limits, starting values), and its refusals are said in the page's
language, naming the field as the form labels it and the limit, and said again when the
language changes. Every job here is refused: nothing trains."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from rnnscope.core import limits as L
from rnnscope.core.corpus import builtin, checked
from rnnscope.core.options import JOB_PAGE_DEFAULTS, for_endpoint
from rnnscope.server.job_checks import check_lengths
from rnnscope.server.models.jobs import JobIn

from .room import each_look, on_screens, sideways, small_text

SHOWN = ["cell", "hidden", "layers", "steps"]
ERROR = ".corpus-error"


def declared(name: str, endpoint: str = "jobs"):
    (option,) = [o for o in for_endpoint(endpoint) if o.name == name]
    return option


def refusal(page, before: str = "") -> str:
    """The refusal line once it is on screen (and differs from `before`)."""
    page.wait_for_function(
        "(before) => { const e = document.querySelector('.corpus-error');"
        " return e && e.textContent && e.textContent !== before; }",
        arg=before,
    )
    return page.text_content(ERROR)


def start(page, **values: str) -> str:
    """Fill the form's fields, press Train, and return the refusal said."""
    before = page.text_content(ERROR) if page.locator(ERROR).count() else ""
    for name, value in values.items():
        page.fill(f"#job-{name}", value)
    page.click("#job-start")
    return refusal(page, before)


def switch_language(page, lang: str) -> None:
    page.click("#c-lang")
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")


def test_the_form_is_the_declaration_and_sends_the_page_defaults(page):
    page.goto("/corpus")
    page.wait_for_selector("#job-start")
    for name in SHOWN:
        option = declared(name)
        if option.values:
            got = page.eval_on_selector(f"#job-{name}", "s => [...s.options].map(o => o.value)")
            assert got == list(option.values)
        else:
            bounds = page.eval_on_selector(f"#job-{name}", "i => [i.min, i.max]")
            assert bounds == [str(option.ge), str(option.le)], name
        value = page.input_value(f"#job-{name}")
        assert value == str(JOB_PAGE_DEFAULTS.get(name, option.default)), name
    assert page.eval_on_selector("#job-builtin", "i => i.maxLength") == L.MAX_BUILTIN_CHARS
    assert page.eval_on_selector("#job-text", "i => i.maxLength") == L.MAX_CORPUS_CHARS
    with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
        said = start(page, steps="0")
    assert said == "Refused: Training steps (steps): must be at least 1", said
    body = json.loads(sent.value.post_data)
    want = {n: JOB_PAGE_DEFAULTS.get(n, declared(n).default) for n in ["cell", "hidden", "layers"]}
    batch = JOB_PAGE_DEFAULTS["batch"]  # not on the form: the page's starting value is sent
    keep = declared("keep").default  # a control: sent; val_every's box is empty: left out
    residual = declared("residual").default  # a checkbox: sent, unticked
    assert body == {"corpus": {"builtin": "argparse"}, **want, "residual": residual,
                    "batch": batch, "steps": 0, "keep": keep}  # fmt: skip
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_refusals_are_said_in_korean_and_again_in_english(page):
    page.goto("/corpus?lang=ko")
    page.wait_for_selector("#job-start")
    said = start(page, hidden=str(L.MAX_JOB_HIDDEN + 1))
    assert said == f"거부됨: 은닉 유닛 수 (hidden): {L.MAX_JOB_HIDDEN} 이하여야 합니다", said
    switch_language(page, "en")
    english = f"Refused: Hidden units (hidden): must be at most {L.MAX_JOB_HIDDEN}"
    assert refusal(page, said) == english
    switch_language(page, "ko")
    assert page.text_content(ERROR) == said
    # a number that is not one names the range
    said = start(page, hidden="")
    assert "은닉 유닛 수 (hidden): 1부터 256까지의 정수여야 합니다" in said, said
    # the corpus' own limits
    page.fill("#job-hidden", "8")
    said = start(page, builtin="sys")
    assert said == ("거부됨: 파이썬 모듈 (builtin): sys 모듈은 이 서버에 파이썬 소스가 없습니다. "
                    "argparse를 써 보십시오"), said  # fmt: skip
    said = start(page, text="too short")
    limits = f"말뭉치는 {L.MIN_CORPUS_CHARS}자에서 {L.MAX_CORPUS_CHARS}자까지 받습니다"
    assert said == f"거부됨: 직접 입력한 텍스트 (text): 9자입니다. {limits}", said
    assert not re.search(r"\b(must|has|characters|limit)\b", said), said
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_a_choice_refusal_joins_the_choices_in_the_pages_language(page):
    """pydantic says "'rnn', 'lstm' or 'gru'": Korean joins them with 또는, not "or"."""
    page.goto("/corpus?lang=ko")
    page.wait_for_selector("#job-start")
    page.evaluate("""() => {
        const s = document.getElementById('job-cell');
        s.append(new Option('CNN', 'cnn'));
        s.value = 'cnn';
    }""")
    said = start(page)
    assert said == "거부됨: 셀 (cell): rnn, lstm 또는 gru 중 하나여야 합니다", said
    switch_language(page, "en")
    assert refusal(page, said) == "Refused: cell: must be rnn, lstm or gru"
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


@each_look
def test_the_form_and_its_refusal_in_the_room(browser, live_server, artifacts, lang, theme):
    """The form with a refusal on screen (its longest: a corpus short of the page's 16 streams
    of 64): legible (14 px or more), no sideways scroll, the refusal in view, on the
    projectors, the laptop and the phone."""
    for screen, page in on_screens(browser, live_server, look=(lang, theme)):
        page.goto(f"/corpus?{screen.look(lang, theme)}")
        page.wait_for_selector("#job-start")
        said = start(page, builtin="this")
        assert "(batch)" in said and "1025" in said
        assert small_text(page, "#job") == []
        assert sideways(page) <= 0, f"{screen} {lang}"
        box = page.locator(ERROR).bounding_box()
        assert box and box["y"] + box["height"] <= screen.height, f"{screen}: refusal below"
        page.screenshot(path=str(artifacts / f"corpus-form-{screen}-{lang}-{theme}.png"))
        page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_a_short_builtin_is_refused_naming_batch_and_its_numbers_in_korean(page):
    """The page cannot know a builtin's length: the server's refusal says what fits, on the
    page, in its language."""
    text = builtin("this")  # about 1000 characters: short of 16 streams of 64
    n = len(text) - round(len(text) * declared("val_fraction").default)
    need, most = 16 * 64 + 1, (n - 1) // 64
    page.goto("/corpus?lang=ko")
    page.wait_for_selector("#job-start")
    said = start(page, builtin="this")
    assert said == (f"거부됨: 나란히 읽는 흐름 수 (batch): 64자씩 16개의 흐름에는 학습 텍스트 "
                    f"{need}자가 필요합니다. 이 말뭉치에서 학습에 쓰는 부분은 {n}자이므로 흐름은 "
                    f"최대 {most}개입니다"), said  # fmt: skip
    switch_language(page, "en")
    assert refusal(page, said) == (
        f"Refused: Streams read side by side (batch): 16 streams of 64 characters need {need} "
        f"characters of training text; this corpus has {n} for training: at most {most} streams"
    )
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


@pytest.mark.parametrize(
    "text,batch",
    [
        ("ab" * 500, 14),  # 900 training characters: 14 streams of 64
        ("x" * 1138, 15),  # 1024: one short of 16 streams
        ("x" * 1139, 16),  # 1025: the page's 16
        (unicodedata.normalize("NFD", "한국어 " * 250), 14),  # 1000 after NFC, as the server counts
    ],
)
def test_a_short_pasted_text_is_sent_as_the_streams_it_holds(page, text, batch):
    """Nothing the page offers is refused: a pasted text gets the most streams that fit, as
    the server's own check says (the job is refused for its steps, so nothing trains)."""
    page.goto("/corpus")
    page.wait_for_selector("#job-start")
    page.fill("#job-text", text)
    with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
        start(page, steps="0")
    body = json.loads(sent.value.post_data)
    assert body["batch"] == batch
    job = JobIn.model_validate({**body, "steps": 1})
    check_lengths(job, checked(text))  # no HTTPException: the server takes it
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]
