"""GET /api/v1/classify and /api/v1/seq2seq: the contract, caching, and hostile input."""

from __future__ import annotations

import json

import pytest

from rnnscope.core import limits as L
from rnnscope.core.classify import classify
from rnnscope.core.jsonable import jsonable
from rnnscope.core.seq2seq import seq2seq
from rnnscope.server.models.tasks import ClassifyOut, Seq2SeqOut

from .modelcheck import undeclared

EXAMPLES = [["a good film", "pos"], ["so dull", "neg"], ["great fun", "pos"], ["bad film", "neg"]]
PAIRS = [["abc", "cba"], ["ab", "ba"], ["ca", "ac"]]
SMALL = {"hidden": 4, "train_steps": 20}


def get(client, endpoint: str, **params):
    return client.get(f"/api/v1/{endpoint}", params=params)


def refused(response, field: str) -> str:
    """The one 422 item's message; it names `field` and echoes no input."""
    assert response.status_code == 422, response.text[:300]
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", field], item
    assert "input" not in item
    assert item["msg"].startswith(f"{field}:")
    return item["msg"]


@pytest.mark.parametrize("bi", [False, True])
def test_classify_is_core_and_its_model(client, bi):
    params = {"examples": json.dumps(EXAMPLES), "cell": "gru", "bidirectional": bi, **SMALL}
    r = get(client, "classify", **params)
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert undeclared(ClassifyOut.model_validate(body)) == []
    expected = classify(EXAMPLES, cell="gru", bidirectional=bi, **SMALL).to_dict()
    assert body == json.loads(json.dumps(jsonable(expected)))
    assert body["vocab"][0] == "<pad>" and body["labels"] == ["neg", "pos"]
    assert ("reverse" in body["layers"][0]) == bi
    names = {
        "weight_ih_l0",
        "weight_hh_l0",
        "bias_ih_l0",
        "bias_hh_l0",
        "classifier.weight",
        "classifier.bias",
    }
    if bi:
        names |= {n + "_reverse" for n in names if n.endswith("_l0")}
    assert set(body["weights"]) == names


def test_seq2seq_is_core_and_its_model(client):
    r = get(client, "seq2seq", pairs=json.dumps(PAIRS), bidirectional="true", **SMALL)
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert undeclared(Seq2SeqOut.model_validate(body)) == []
    expected = seq2seq(PAIRS, bidirectional=True, **SMALL).to_dict()
    assert body == json.loads(json.dumps(jsonable(expected)))
    assert body["target_vocab"][:3] == ["<pad>", "<bos>", "<eos>"]
    assert len(body["context"][0]["h"][0]) == 2 * SMALL["hidden"]


@pytest.mark.parametrize(
    "endpoint,field,value", [("classify", "examples", EXAMPLES), ("seq2seq", "pairs", PAIRS)]
)
def test_deterministic_and_cached(client, endpoint, field, value):
    params = {field: json.dumps(value), **SMALL}
    a, b = get(client, endpoint, **params), get(client, endpoint, **params)
    assert a.status_code == b.status_code == 200
    assert a.content == b.content and a.headers["etag"] == b.headers["etag"]
    again = client.get(
        f"/api/v1/{endpoint}", params=params, headers={"If-None-Match": a.headers["etag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("endpoint", ["trace", "compare", "sample"])
def test_bidirectional_language_model_is_refused_with_the_reason(client, endpoint):
    extra = {"start": "h"} if endpoint == "sample" else {}
    r = get(client, endpoint, text="hello", bidirectional="true", **extra)
    msg = refused(r, "bidirectional")
    assert "predict" in msg and "unknown" not in msg


MARKUP = "<script>alert(1)</script>"
HOSTILE = [
    ("[[", "examples"),
    ('{"a": 1}', "examples"),
    ("[" * 4000 + "]" * 4000, "examples"),  # deep nesting
    (json.dumps([["a", "x"], ["b", "x"]]), "examples"),  # one label
    (json.dumps([["a", "x"], ["b", "y"]] * 33), "examples"),  # 66 examples
    (json.dumps([["", "x"], ["b", "y"]]), "examples"),  # empty text
    (json.dumps([["   ", "x"], ["b", "y"]]), "examples"),
    (json.dumps([["a" * (L.MAX_EXAMPLE_CHARS + 1), "x"], ["b", "y"]]), "examples"),
    (json.dumps([[" ".join(["w"] * (L.MAX_SEQ_TOKENS + 1)), "x"], ["b", "y"]]), "examples"),
    (json.dumps([["a", MARKUP], ["b", "y"]]), "examples"),  # label with markup
    (json.dumps([["a", "x" * 33], ["b", "y"]]), "examples"),
    (json.dumps([["a\u0007", "x"], ["b", "y"]]), "examples"),  # control character (escaped)
    (json.dumps([["a", 1], ["b", "y"]]), "examples"),
    (json.dumps([["a", "x", "z"], ["b", "y"]]), "examples"),
    (json.dumps([["a" * 150, "x"]] * 30 + [["b", "y"]]), "examples"),  # over 4096 in all
    ("x" * (L.MAX_PAIRS_JSON_CHARS + 1), "examples"),
]


@pytest.mark.parametrize("value,field", HOSTILE)
def test_hostile_examples_are_422_naming_the_field(client, value, field):
    r = get(client, "classify", examples=value, train_steps=0)
    msg = refused(r, field)
    assert MARKUP not in r.text and "<script" not in r.text
    assert len(msg) < 300


@pytest.mark.parametrize(
    "params,field",
    [
        ({"lr": "nan"}, "lr"),
        ({"init_scale": "inf"}, "init_scale"),
        ({"clip": "-1"}, "clip"),
        ({"pad": "middle"}, "pad"),
        ({"mask": "maybe"}, "mask"),
        ({"max_len": "0"}, "max_len"),
        ({"max_len": str(L.MAX_SEQ_TOKENS + 1)}, "max_len"),
        ({"bidirectional": "2"}, "bidirectional"),
        ({"truncate": "3"}, "truncate"),
        ({"hidden": "256", "train_steps": "2000", "layers": "3"}, "cost"),
    ],
)
def test_bad_options_are_422_naming_the_field(client, params, field):
    refused(get(client, "classify", examples=json.dumps(EXAMPLES), **params), field)


@pytest.mark.parametrize(
    "value",
    [
        "[[",
        json.dumps([["abc", "cba"]]),
        json.dumps([["a", ""], ["b", "c"]]),
        json.dumps([["a", "b"]] * 65),
    ],
)
def test_hostile_pairs_are_422(client, value):
    refused(get(client, "seq2seq", pairs=value, train_steps=0), "pairs")


def test_missing_examples_is_required(client):
    assert "required" in refused(get(client, "classify"), "examples")


def test_a_long_korean_request_is_answered(client):
    """Every limit at once within the budget: 64 Korean examples of up to 200 characters in
    all 4,096 characters, sent in the URL, character tokens."""
    text = "정말 재미있는 영화였다 배우들의 연기가 훌륭했고 음악도 좋았다 " * 4
    examples = [[text[: 60 + i % 4], ["긍정", "부정"][i % 2]] for i in range(64)]
    r = get(
        client,
        "classify",
        examples=json.dumps(examples, ensure_ascii=False),
        hidden=4,
        train_steps=1,
        tokens="char",
    )
    assert r.status_code == 200, r.text[:300]
    assert len(r.json()["tokens"]) == 64
