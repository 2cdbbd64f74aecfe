"""Classification (many-to-one) with padding and masking: central finite differences in float64
against an independent forward pass (fd_tasks), and what masking promises."""

from functools import partial

import numpy as np
import pytest

from rnnscope.core.classify import classify
from rnnscope.core.options import OptionError

from . import fd_tasks as fd

EXAMPLES = [
    ["a good film", "pos"],
    ["bad", "neg"],
    ["good good fun", "pos"],
    ["a bad dull film a", "neg"],
    ["dull", "meh"],
]
CASES = [
    (cell, act, mask, pad, bi)
    for cell, act in (("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh"))
    for mask, pad in ((True, "pre"), (True, "post"), (False, "pre"), (False, "post"))
    for bi in (False, True)
]


def built(cell, act="tanh", mask=True, pad="pre", bi=False, layers=2, embedding=3, **kw):
    kw = dict(tokens="word", train_steps=0, init_scale=2.0, seed=5) | kw
    return classify(
        EXAMPLES,
        cell=cell,
        activation=act,
        hidden=3,
        layers=layers,
        embedding=embedding,
        mask=mask,
        pad=pad,
        bidirectional=bi,
        **kw,
    )


def loss_fn(c, nudge=None):
    ids, m = c.batch.padded.time_major
    return partial(
        fd.classifier_loss,
        c.params,
        c.spec.cell,
        c.spec.activation,
        c.spec.hidden,
        c.spec.layers,
        ids,
        c.batch.y,
        m if c.options.mask else None,
        c.options.bidirectional,
        nudge=nudge,
    )


@pytest.mark.parametrize("cell,act,mask,pad,bi", CASES)
def test_param_grads(cell, act, mask, pad, bi):
    c = built(cell, act, mask, pad, bi, embedding=3 if bi else 0)
    fd.check_params(c, loss_fn(c), f"{cell}/{act} mask={mask} {pad} bi={bi}")


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("mask,pad", [(True, "pre"), (True, "post"), (False, "post")])
@pytest.mark.parametrize("bi", [False, True])
def test_state_grads(cell, mask, pad, bi):
    """dL/dh_t reaching each step's cell, every layer, direction, step and example."""
    c = built(cell, mask=mask, pad=pad, bi=bi)
    B, T = c.batch.padded.ids.shape
    d = c.to_dict()
    for k in range(c.spec.layers):
        for j in range(1 + bi):
            view = d["layers"][k]["reverse"] if j else d["layers"][k]
            got = np.array(view["grad"]["dL_dh_vec"])  # (B, T, H)
            for t in range(T):
                vec = np.zeros((B, c.spec.hidden))
                num = fd.central(loss_fn(c, nudge=(k, j, t, vec)), vec)
                fd.close(got[:, t], num, f"{cell} mask={mask} {pad} bi={bi} L{k} d{j} t={t}")


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("pad", ["pre", "post"])
@pytest.mark.parametrize("bi", [False, True])
def test_masked_final_state_is_each_sentence_alone(cell, pad, bi):
    """With the mask, padding changes nothing: each example's final state and probabilities
    equal those of the sentence run alone, unpadded (pack_padded_sequence's h_n)."""
    c = built(cell, pad=pad, bi=bi, layers=2)
    for b in range(len(EXAMPLES)):
        ids = c.batch.padded.ids[b][c.batch.padded.mask[b]][:, None]  # (n, 1): no pads
        _, finals = fd.layers_forward(c.params, cell, "tanh", 3, 2, ids, None, bi)
        h = np.concatenate([s[0][0] for s in finals[-1]])
        np.testing.assert_allclose(c.result.h_final[b], h, rtol=1e-13, atol=1e-15)


def test_masked_pads_get_no_gradient_and_unmasked_do():
    for pad in ("pre", "post"):
        masked = built("gru", pad=pad, mask=True, embedding=0).to_dict()
        fed = built("gru", pad=pad, mask=False, embedding=0).to_dict()
        m = np.array(masked["mask"])
        assert not m.all(), "the examples must have pads"
        for d in (masked, fed):
            assert np.all(np.array(d["grad_input"])[m] > 0)
            for layer in d["layers"]:
                dh = np.array(layer["grad"]["dL_dh"])
                assert np.all(dh[m] > 0)
        assert np.all(np.array(masked["grad_input"])[~m] == 0)
        for layer in masked["layers"]:
            assert np.all(np.array(layer["grad"]["dL_dh"])[~m] == 0)
        assert np.all(np.array(fed["grad_input"])[~m] > 0)


def test_masked_pads_keep_the_state():
    d = built("lstm", pad="post", mask=True).to_dict()
    m = np.array(d["mask"])
    for key in ("h", "c"):
        states = np.array(d["layers"][0][key])  # (B, T, H)
        for b, n in enumerate(d["lengths"]):
            assert np.all(states[b, n:] == states[b, n - 1])
    assert not m[:, -1].all()


def test_padding_layout_and_cutting():
    ex = [["a b c d e", "x"], ["f", "y"]]
    pre = classify(ex, train_steps=0, hidden=2, max_len=3, pad="pre").to_dict()
    post = classify(ex, train_steps=0, hidden=2, max_len=3, pad="post").to_dict()
    v = pre["vocab"]
    assert v[0] == "<pad>"
    assert [[v[i] for i in row] for row in pre["tokens"]] == [
        ["c", "d", "e"],
        ["<pad>", "<pad>", "f"],
    ]
    assert [[post["vocab"][i] for i in row] for row in post["tokens"]] == [
        ["a", "b", "c"],
        ["f", "<pad>", "<pad>"],
    ]
    assert pre["lengths"] == post["lengths"] == [3, 1]
    assert pre["labels"] == ["x", "y"]
    full = classify(ex, train_steps=0, hidden=2).to_dict()
    assert np.array(full["tokens"]).shape == (2, 5)


def test_one_hot_has_a_dimension_for_the_pad():
    d = classify(EXAMPLES, train_steps=0, hidden=2).to_dict()
    assert np.array(d["weights"]["weight_ih_l0"]).shape[1] == len(d["vocab"])
    d = classify(EXAMPLES, train_steps=0, hidden=2, embedding=4, bidirectional=True).to_dict()
    w = d["weights"]
    assert np.array(w["embedding.weight"]).shape == (len(d["vocab"]), 4)
    assert np.array(w["weight_ih_l0_reverse"]).shape == (8, 4)
    assert np.array(w["classifier.weight"]).shape == (3, 4)


def test_training_learns_the_examples():
    c = classify(EXAMPLES, cell="gru", hidden=8, train_steps=150, lr=0.05, seed=1).to_dict()
    assert c["train"]["loss"][-1] < 0.1 * c["train"]["loss"][0]
    assert c["predicted"] == [label for _, label in EXAMPLES]
    assert c["accuracy"] == 1.0


def test_param_count_includes_embedding_and_classifier():
    d = classify(EXAMPLES, cell="rnn", hidden=8, embedding=16, train_steps=0).to_dict()
    V, C = len(d["vocab"]), 3
    n = d["param_count"]
    assert n["embedding"] == V * 16
    assert n["keras_recurrent"] == 8 * (16 + 8) + 8  # the notes' SimpleRNN(8) on 16: 200
    assert n["keras"] == V * 16 + 200 + C * 8 + C
    assert n["pytorch"] == sum(np.array(w).size for w in d["weights"].values())


@pytest.mark.parametrize(
    "examples,field",
    [
        ("[[", "examples"),
        ([["a", "x"], ["b", "x"]], "examples"),  # one label
        ([["a", str(i)] for i in range(3)] * 22, "examples"),  # 66 examples
        ([["", "x"], ["b", "y"]], "examples"),
        ([["a" * 201, "x"], ["b", "y"]], "examples"),
        ([["a", "<b>x</b>"], ["b", "y"]], "examples"),
        ([["a", "x"], ["b", 3]], "examples"),
        ({"a": 1}, "examples"),
    ],
)
def test_bad_examples_name_the_field(examples, field):
    with pytest.raises(OptionError) as err:
        classify(examples, train_steps=0)
    assert err.value.field == field
    assert "<b>" not in str(err.value)


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"max_len": 0}, "max_len"),
        ({"max_len": 65}, "max_len"),
        ({"pad": "middle"}, "pad"),
        ({"mask": "yes"}, "mask"),
        ({"lr": float("nan")}, "lr"),
        ({"bidirectional": 1}, "bidirectional"),
        ({"truncate": 3}, "truncate"),
    ],
)
def test_bad_options_name_the_field(kw, field):
    with pytest.raises(OptionError) as err:
        classify(EXAMPLES, train_steps=0, **kw)
    assert err.value.field == field
