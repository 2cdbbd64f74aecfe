"""The corpus page's training form goes on from a stored model ("Start from": POST /api/v1/jobs
`init`), keeps the lowest validation loss's weights ("Keep") and validates as often as asked
("Validate every"): the stored model's architecture shown and not editable, a refusal about
it in the page's language, legible in the room."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rnnscope.core import params as P
from rnnscope.server.store import ModelStore
from rnnscope.server.uploads import imported_params
from tests.browser.chromium import guarded_page

from .room import each_look, on_screens, sideways, small_text

# long enough for the page's 16 streams of 64 characters
TEXT = 'def f(x):\n    """Return x, doubled."""\n    return 2 * x\n' * 40
ARCH = ["cell", "hidden", "layers"]  # the form's architecture controls


@pytest.fixture
def with_model(tmp_path: Path, serve):
    """A server whose store holds an untrained GRU, 2 x 8, over TEXT's characters."""
    vocab = sorted(set(TEXT))
    model = imported_params(P.init("gru", len(vocab), 8, 2, 0, seed=0), vocab, "char", "tanh", "t")
    record, _ = ModelStore(tmp_path, 2**26, 2**30, 10).put(model, "tiny gru")
    return serve(data_dir=tmp_path), record.id


def choose(page, model: str) -> None:
    page.wait_for_function(f"() => document.querySelector('#job-init option[value=\"{model}\"]')")
    page.select_option("#job-init", model)


def test_the_form_trains_on_from_a_stored_model_and_keeps_the_best(browser, with_model):
    base, model = with_model
    with guarded_page(browser, base) as page:
        page.goto("/corpus")
        page.wait_for_selector("#job-start")
        new_model = [page.input_value(f"#job-{n}") for n in ARCH]
        page.fill("#job-hidden", "32")  # typed for a new model, given back below
        page.check("#job-residual")  # ticked for a new model: the stored one has none
        choose(page, model)
        assert [page.input_value(f"#job-{n}") for n in ARCH] == ["gru", "8", "2"]
        assert not page.is_checked("#job-residual")
        assert all(page.is_disabled(f"#job-{n}") for n in [*ARCH, "residual"])
        page.fill("#job-text", TEXT)
        page.fill("#job-steps", "6")
        page.select_option("#job-keep", "best")
        page.fill("#job-val_every", "2")
        with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
            page.click("#job-start")
        body = json.loads(sent.value.post_data)
        assert body == {"corpus": {"text": TEXT}, "init": model, "batch": 16, "steps": 6,
                        "keep": "best", "val_every": 2}  # fmt: skip
        page.wait_for_function(
            "() => document.querySelector('.job-status')?.textContent.startsWith('Done')",
            timeout=120_000,
        )
        said = page.text_content(".job-status")
        assert said.startswith("Done: stored the weights of step "), said
        assert said.endswith(", the lowest validation loss"), said
        assert page.locator(".job-chart circle.val").count() == 4  # steps 0, 2, 4 and 6
        page.select_option("#job-init", "")  # a new model again: the values typed before
        assert [page.input_value(f"#job-{n}") for n in ARCH] == [new_model[0], "32", new_model[2]]
        assert page.is_checked("#job-residual")
        assert not any(page.is_disabled(f"#job-{n}") for n in [*ARCH, "residual"])
        # the new model is one to start from
        assert page.locator("#job-init option").count() == 3


def test_a_corpus_outside_the_models_vocabulary_is_refused_in_korean(browser, with_model):
    base, model = with_model
    with guarded_page(browser, base) as page:
        page.goto("/corpus?lang=ko")
        page.wait_for_selector("#job-start")
        choose(page, model)
        page.fill("#job-text", TEXT + "€")
        page.click("#job-start")
        want = "거부됨: 말뭉치 (corpus): 모델의 어휘에 없는 문자가 1개 있습니다: '€'"
        page.wait_for_function(
            "(want) => document.querySelector('.corpus-error')?.textContent === want", arg=want
        )
        page.click("#c-lang")
        want = "Refused: corpus: the model's vocabulary lacks 1 of its characters: '€'"
        page.wait_for_function(
            "(want) => document.querySelector('.corpus-error')?.textContent === want", arg=want
        )
        page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


@each_look
def test_the_form_from_a_stored_model_in_the_room(browser, with_model, artifacts, lang, theme):
    """Start from, Keep and Validate every beside the disabled architecture: 14 px or more, no
    sideways scroll, the refusal in view, on the projectors, the laptop and the phone."""
    base, model = with_model
    for screen, page in on_screens(browser, base, look=(lang, theme)):
        page.goto(f"/corpus?{screen.look(lang, theme)}")
        page.wait_for_selector("#job-start")
        choose(page, model)
        page.select_option("#job-keep", "best")
        page.fill("#job-text", TEXT + "€")
        page.click("#job-start")
        page.wait_for_selector(".corpus-error")
        assert small_text(page, "#job") == []
        assert sideways(page) <= 0, f"{screen} {lang}"
        box = page.locator(".corpus-error").bounding_box()
        assert box and box["y"] + box["height"] <= screen.height, f"{screen}: refusal below"
        page.screenshot(path=str(artifacts / f"corpus-start-{screen}-{lang}-{theme}.png"))
        page.console_errors[:] = [e for e in page.console_errors if "422" not in e]
