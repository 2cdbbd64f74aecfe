"""static/js/refusals.js: the server's refusals said in the page's language with their limit.

Every `rule` core and the server put in a refusal's ctx, and every pydantic limit type they
pass on, has a line in English and in Korean; real 422 answers of the API, read by api.js
errorText as every view reads them, come out in Korean with the limit's numbers and none of
the server's English."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rnnscope.core import limits as L
from rnnscope.core import params as P
from rnnscope.server.errors import LIMIT_CTX
from rnnscope.server.store import ModelStore
from rnnscope.server.uploads import imported_params
from tests.browser.chromium import guarded_page

ROOT = Path(__file__).resolve().parents[2]
# the pydantic error types whose ctx the server passes on (server/errors.py LIMIT_CTX)
LIMIT_TYPES = {"ge": "greater_than_equal", "gt": "greater_than", "le": "less_than_equal",
               "lt": "less_than", "min_length": "string_too_short",
               "max_length": "string_too_long", "expected": "literal_error"}  # fmt: skip


def rules_in_python() -> set[str]:
    """Every `"rule": "<name>"` written in core/ and server/."""
    found: set[str] = set()
    for folder in ("core", "server"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r'"rule": "(\w+)"', path.read_text(encoding="utf-8")))
    return found


def test_every_rule_and_limit_has_a_line_in_both_languages(page):
    page.goto("/?lang=ko")
    tables = page.evaluate("""async () => {
        await import('/static/js/refusals.js');
        const {STRINGS} = await import('/static/js/strings.js');
        return {en: Object.keys(STRINGS.en), ko: Object.keys(STRINGS.ko)};
    }""")
    rules = rules_in_python()
    assert {"tokens_max", "pairs_count", "labels_count", "start_token", "cost"} <= rules
    assert set(LIMIT_CTX) == set(LIMIT_TYPES)
    for kind in rules | set(LIMIT_TYPES.values()):
        for lang in ("en", "ko"):
            assert f"refusal.{kind}" in tables[lang], (lang, kind)


def test_korean_names_a_token_or_layer_by_its_index_not_as_a_count(page):
    """Ids count from 0 (the ids under the network's tokens, a vocabulary's rows): Korean says
    "토큰 0" / "층 0", as a lecturer reads an index; "0번 토큰" reads as a count from 1."""
    page.goto("/?lang=ko")
    korean = page.evaluate("""async () => {
        await import('/static/js/refusals.js');
        const {STRINGS} = await import('/static/js/strings.js');
        return STRINGS.ko;
    }""")
    counted = re.compile(r"(\{\w+\}|\b0)번 ?(토큰|층)|\{(index|first)\}번")
    assert [k for k, v in korean.items() if counted.search(v)] == []
    assert "토큰 {index}" in korean["refusal.token_chars"]


EXAMPLES = [["good", "pos"], ["bad", "neg"]]
REFUSED = [  # (path, query, numbers the Korean line must name)
    ("trace", {"text": "hello", "hidden": 0}, ["1"]),
    ("trace", {"text": "hello", "hidden": 99999}, [str(L.MAX_HIDDEN)]),
    ("trace", {"text": "a"}, ["2"]),
    ("trace", {"text": "hello", "lr": 0}, ["0"]),
    ("trace", {"text": "hello", "lr": "abc"}, ["0", f"{L.MAX_LR:g}"]),
    ("recall", {"hidden": "1.5"}, ["1", str(L.MAX_RECALL_HIDDEN)]),
    (
        "trace",
        {"text": "".join(chr(0xAC00 + i) for i in range(L.MAX_VOCAB + 1))},
        [str(L.MAX_VOCAB), str(L.MAX_VOCAB + 1)],
    ),
    (
        "trace",
        {"text": "hello world " * 20, "hidden": 256, "train_steps": 1000},
        [f"{L.COST_BUDGET:g}"],
    ),
    ("classify", {"examples": json.dumps(EXAMPLES[:1])}, [str(L.MIN_EXAMPLES), "1"]),
    (
        "classify",
        {"examples": json.dumps([["good", "pos"], ["fine", "pos"]])},
        [str(L.MIN_LABELS), str(L.MAX_LABELS)],
    ),
    ("classify", {"examples": json.dumps([*EXAMPLES, ["x" * 201, "neg"]])}, ["3", "201"]),
    ("seq2seq", {"pairs": json.dumps([["cat", "tac"], ["dog", ""]])}, ["2"]),
    ("sample", {"text": "hello", "start": "z"}, ["4"]),
    ("compare", {"text": "hello", "cells": "rnn,cnn"}, ["rnn, lstm 또는 gru"]),
    ("compare", {"text": "hello", "cells": "rnn,rnn"}, ["한 번만"]),
    ("trace", {"text": "he\tllo"}, ["제어 문자"]),
    (
        "recall",
        {"hidden": 64, "n_distract": 100, "steps": 1000, "batch": 128},
        [f"{L.RECALL_BUDGET:g}"],
    ),
]


def test_real_refusals_are_said_in_korean_with_their_numbers(page):
    page.goto("/?lang=ko")
    page.wait_for_function("document.documentElement.lang === 'ko'")
    said = page.evaluate(
        """async (cases) => {
        const {request} = await import('/static/js/api.js');
        const out = [];
        for (const [path, query] of cases) {
            const r = await request(`/api/v1/${path}?${new URLSearchParams(query)}`);
            out.push({status: r.status, error: r.error, msg: r.body.detail[0].msg});
        }
        return out;
    }""",
        [[path, {k: str(v) for k, v in q.items()}] for path, q, _ in REFUSED],
    )
    for (path, query, numbers), got in zip(REFUSED, said, strict=True):
        assert got["status"] == 422, (path, query, got)
        line = got["error"]
        assert re.search("[가-힣]", line) and line != got["msg"], (path, line)
        assert not re.search(r"\b(must|limit|should|has)\b", line), line  # no English left
        for n in numbers:
            assert n in line, (path, n, line)
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_a_job_body_with_both_or_neither_corpus_is_said_in_korean(page):
    """POST /api/v1/jobs with both `text` and `builtin` (or neither): the page never sends one,
    but a hand-made request's refusal reads in the page's language too."""
    page.goto("/corpus?lang=ko")
    page.wait_for_function("document.documentElement.lang === 'ko'")
    said = page.evaluate("""async () => {
        const {request} = await import('/static/js/api.js');
        const out = [];
        for (const corpus of [{text: 'x'.repeat(500), builtin: 'argparse'}, {}]) {
            const r = await request('/api/v1/jobs', {method: 'POST',
                headers: {'Content-Type': 'application/json'}, body: JSON.stringify({corpus})});
            out.push([r.status, r.error]);
        }
        return out;
    }""")
    want = "corpus: 파이썬 모듈(builtin)과 직접 입력한 텍스트(text) 가운데 정확히 하나만"
    assert [status for status, _ in said] == [422, 422]
    for _, line in said:
        assert line.startswith(want), line
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_a_compared_model_that_cannot_read_the_text_is_named_in_both_languages(
    browser, serve, tmp_path
):
    """Of several stored models compared, the one whose vocabulary lacks a token of the text is
    named, by its name and id, in the page's language."""
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    ids = []
    for name, vocab in (("with z", list("abcz ")), ("without z", list("abcq "))):
        p = P.init("lstm", len(vocab), 4, 1, 0, seed=0)
        record, _ = store.put(imported_params(p, vocab, "char", "tanh", "test"), name)
        ids.append(record.id)
    query = {"text": "abc z", "models": ",".join(ids)}
    ask = """async (query) => {
        const {request} = await import('/static/js/api.js');
        return (await request(`/api/v1/compare?${new URLSearchParams(query)}`)).error;
    }"""
    with guarded_page(browser, serve(data_dir=tmp_path)) as page:
        page.goto("/?lang=ko")
        page.wait_for_function("document.documentElement.lang === 'ko'")
        said = page.evaluate(ask, query)
        assert said == f"text: 모델 without z ({ids[1]})의 어휘에 없는 토큰이 1개 있습니다: 'z'"
        page.goto("/?lang=en")
        said = page.evaluate(ask, query)
        assert (
            said == f"text: the vocabulary of model without z ({ids[1]}) lacks 1 of its tokens: 'z'"
        )
        page.console_errors[:] = [e for e in page.console_errors if "422" not in e]
