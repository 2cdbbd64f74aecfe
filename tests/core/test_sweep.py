"""The training's sequence engine (core.sweep) against the readable path (core.model.forward,
core.bptt, the cells): the same loss and every parameter gradient to rounding, the same
trained weights, and core.train using it exactly where it applies."""

import numpy as np
import pytest

from rnnscope.core import sweep
from rnnscope.core import train as train_module
from rnnscope.core.model import Spec
from rnnscope.core.params import init
from rnnscope.core.tokens import encode
from rnnscope.core.train import grads_of, train

TEXTS = ["hello", "the quick brown fox jumps over the lazy dog", "안녕하세요, 안녕 rnn!"]
CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("rnn", "sigmoid"), ("lstm", "tanh"), ("gru", "tanh")]


def model(cell, act, text, layers=1, emb=0, residual=False, seed=0, hidden=6, scale=1.0):
    enc = encode(text)
    spec = Spec(cell, len(enc.vocab), hidden, layers, emb, act, residual)
    params = init(cell, spec.vocab, hidden, layers, emb, seed=seed, init_scale=scale)
    return spec, params, enc.inputs, enc.targets


def assert_same(ours, theirs, what, rel=1e-12):
    """Each tensor equal to `rel` of its largest entry (a gradient of 0 entries is 0 both ways)."""
    assert ours.keys() == theirs.keys()
    for name in theirs:
        scale = np.abs(theirs[name]).max()
        np.testing.assert_allclose(
            ours[name], theirs[name], rtol=0, atol=rel * scale, err_msg=f"{what}: {name}"
        )


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("emb", [0, 4])
@pytest.mark.parametrize("residual", [False, True])
def test_loss_and_every_gradient_equal_the_readable_path(cell, act, layers, emb, residual):
    for seed, text in enumerate(TEXTS):
        spec, params, ids, targets = model(cell, act, text, layers, emb, residual, seed)
        fwd, _, grads = grads_of(params, spec, ids, targets)
        loss, ours = sweep.loss_and_grads(params, spec, ids, targets)
        what = f"{spec} seed {seed}"
        assert loss == pytest.approx(float(fwd.loss.sum()), rel=1e-13, abs=0), what
        assert_same(ours, grads, what)


@pytest.mark.parametrize("cell,act", CELLS)
def test_saturated_gates_and_wide_layers_agree_too(cell, act):
    """init_scale 6: gates at 0 and 1, tanh at +-1; hidden 40: the matrices, not the calls."""
    for hidden, scale in [(3, 6.0), (40, 1.0)]:
        spec, params, ids, targets = model(cell, act, TEXTS[1], 2, 0, True, 3, hidden, scale)
        fwd, _, grads = grads_of(params, spec, ids, targets)
        loss, ours = sweep.loss_and_grads(params, spec, ids, targets)
        assert loss == pytest.approx(float(fwd.loss.sum()), rel=1e-13, abs=0)
        assert_same(ours, grads, f"{spec} scale {scale}")


def readable_only(monkeypatch):
    monkeypatch.setattr(sweep, "applies", lambda *args: False)


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("layers,emb,residual", [(1, 0, False), (2, 4, True)])
def test_training_gives_the_same_weights_both_ways(monkeypatch, cell, act, layers, emb, residual):
    spec, params, ids, targets = model(cell, act, "hello world, hello rnn", layers, emb, residual)
    kw = dict(steps=40, optimizer="adam", lr=0.05, clip=1.0)
    ours, log = train(params, spec, ids, targets, **kw)
    with monkeypatch.context() as m:
        readable_only(m)
        theirs, ref = train(params, spec, ids, targets, **kw)
    assert_same(ours, theirs, f"{spec} trained", rel=1e-10)
    np.testing.assert_allclose(log["loss"], ref["loss"], rtol=1e-10)
    assert log["backward_steps"] == ref["backward_steps"] == 40 * len(ids) * layers
    for a, b in zip(log["snapshots"], ref["snapshots"], strict=True):
        assert a["step"] == b["step"]
        np.testing.assert_allclose(a["dLlast_dh"], b["dLlast_dh"], rtol=1e-9)


def count_engine(monkeypatch) -> list:
    calls = []
    real = sweep.loss_and_grads

    def counted(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(sweep, "loss_and_grads", counted)
    return calls


def test_training_uses_the_engine_wherever_it_applies(monkeypatch):
    """Every step but the snapshots' (0, 5, 10, 15; step 20 takes no gradient)."""
    calls = count_engine(monkeypatch)
    spec, params, ids, targets = model("lstm", "tanh", "hello", 2, 4, True)
    train(params, spec, ids, targets, steps=20)
    assert len(calls) == 16
    assert train_module.sweep.loss_and_grads is sweep.loss_and_grads


@pytest.mark.parametrize(
    "kw", [dict(truncate=2), dict(truncate=3, truncate_mode="chunk"), dict(trainable="readout")]
)
def test_truncation_and_the_readout_alone_keep_the_readable_path(monkeypatch, kw):
    calls = count_engine(monkeypatch)
    spec, params, ids, targets = model("gru", "tanh", "hello", 1)
    train(params, spec, ids, targets, steps=6, **kw)
    assert calls == []


def test_applies():
    assert sweep.applies(5, None, "all")
    assert sweep.applies(5, 5, "all")  # a window as long as the text cuts nothing
    assert not sweep.applies(5, 4, "all")
    assert not sweep.applies(5, None, "readout")
    assert not sweep.applies(5, None, "all", batched=True)
