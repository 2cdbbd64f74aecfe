"""Tokens, vocabulary, one-hot vectors, options and their limits."""

import numpy as np
import pytest

from rnnscope.core import OptionError, limits, trace
from rnnscope.core.tokens import encode, tokenize


def test_hello_is_the_lecture_example():
    d = trace("hello", cell="rnn", hidden=4).to_dict()
    assert d["vocab"] == ["h", "e", "l", "o"]
    assert d["tokens"] == list("hello")
    assert d["inputs"] == [0, 1, 2, 2] and d["targets"] == [1, 2, 2, 3]
    assert ["".join(str(int(v)) for v in row) for row in d["x"]] == ["1000", "0100", "0010", "0010"]
    assert d["embedded"] is None


def test_nfc_and_code_points():
    decomposed = "cafe\u0301"  # e + combining acute
    assert tokenize(decomposed) == list("caf\u00e9")
    assert tokenize("한국어") == ["한", "국", "어"]
    assert tokenize("a 👍🏽 b") == ["a", " ", "👍", "🏽", " ", "b"]


def test_words():
    enc = encode("the cat saw the dog", "word")
    assert enc.vocab == ["the", "cat", "saw", "dog"]
    assert enc.ids.tolist() == [0, 1, 2, 0, 3]


def test_embedding_input():
    d = trace("hello", cell="gru", hidden=4, embedding=5).to_dict()
    assert len(d["embedded"]) == 4 and len(d["embedded"][0]) == 5
    assert d["layers"][0]["input"] == d["embedded"]
    assert np.array(d["weights"]["embedding.weight"]).shape == (4, 5)
    assert np.array(d["weights"]["weight_ih_l0"]).shape == (12, 5)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"text": ""}, "text"),
        ({"text": "a"}, "text"),
        ({"text": "ab" * limits.MAX_TOKENS}, "text"),
        ({"text": "x" * (limits.MAX_TEXT_CHARS + 1)}, "text"),
        ({"cell": "transformer"}, "cell"),
        ({"hidden": 0}, "hidden"),
        ({"hidden": limits.MAX_HIDDEN + 1}, "hidden"),
        ({"layers": 4}, "layers"),
        ({"seed": -1}, "seed"),
        ({"init_scale": float("nan")}, "init_scale"),
        ({"init_scale": float("inf")}, "init_scale"),
        ({"lr": 0.0}, "lr"),
        ({"clip": -1.0}, "clip"),
        ({"truncate": 0}, "truncate"),
        ({"forget_bias": 1e308}, "forget_bias"),
        ({"activation": "gelu"}, "activation"),
        ({"tokens": "bytes"}, "tokens"),
        ({"hidden": True}, "hidden"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_options_name_the_field(kwargs, field):
    kwargs = {"text": "hello", **kwargs}
    with pytest.raises(OptionError) as err:
        trace(**kwargs)
    assert err.value.field == field
    assert str(err.value).startswith(field)


def test_vocab_limit():
    text = "".join(chr(0x4E00 + i) for i in range(limits.MAX_VOCAB + 1))
    with pytest.raises(OptionError, match="distinct"):
        trace(text, hidden=2)
