"""The recall experiment (many-to-one) and sampling (one-to-many)."""

import numpy as np
import pytest

from rnnscope.core import trace
from rnnscope.core.jsonable import jsonable
from rnnscope.core.model import Spec
from rnnscope.core.recall import make_batch, train_recall, vocab
from rnnscope.core.sample import sample


def test_recall_batch_layout():
    inputs, targets = make_batch(np.random.default_rng(0), 4, 5, 3)
    assert inputs.shape == (7, 3)
    assert (inputs[0] < 4).all() and ((inputs[1:6] >= 4) & (inputs[1:6] < 8)).all()
    assert (inputs[-1] == 8).all() and (targets[-1] == inputs[0]).all()
    assert vocab(4) == ["A", "B", "C", "D", "a", "b", "c", "d", "?"]


def test_recall_is_reproducible_and_short_delays_are_learned():
    kw = dict(hidden=16, n_distract=3, steps=80, n_evals=3, eval_size=64)
    a = train_recall("gru", **kw)
    assert jsonable(a) == jsonable(train_recall("gru", **kw))
    assert a["curve"][0]["accuracy"] < 0.5 < a["end"]["accuracy"]
    assert a["T"] == 5 and len(a["end"]["grad_norms"]) == 5
    assert a["curve"][-1]["step"] == 80


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_recall_gradient_ratio_is_measured(cell):
    r = train_recall(cell, hidden=8, n_distract=10, steps=0, n_evals=1, eval_size=16)
    norms = r["start"]["grad_norms"]  # geometric means over sequences, so their ratio is
    assert r["start"]["grad_ratio"] == pytest.approx(norms[0] / norms[-1], rel=1e-9)
    assert 0 < r["start"]["grad_ratio"] < 1  # untrained: the gradient fades going back


def test_sampling_a_trained_model_spells_hello():
    tr = trace("hello", cell="gru", train_steps=100)
    spec = Spec("gru", 4, 16)
    out = sample(tr.params, spec, tr.enc.vocab, start=0, length=4, temperature=0.05, seed=0)
    assert "".join(out["tokens"]) == "hello"
    np.testing.assert_allclose(out["probs"].sum(axis=1), 1.0)


def test_sampling_temperature_and_seed():
    tr = trace("abcabd", cell="lstm", hidden=8)
    spec = Spec("lstm", 4, 8)
    a = sample(tr.params, spec, tr.enc.vocab, 0, 20, 1.0, seed=1)
    assert jsonable(a) == jsonable(sample(tr.params, spec, tr.enc.vocab, 0, 20, 1.0, seed=1))
    hot = sample(tr.params, spec, tr.enc.vocab, 0, 20, 5.0, seed=1)["probs"]
    cold = sample(tr.params, spec, tr.enc.vocab, 0, 20, 0.2, seed=1)["probs"]
    assert hot.max(axis=1).mean() < cold.max(axis=1).mean()


def test_recall_cost_grows_with_the_work():
    from rnnscope.core.recall import RecallWork, estimate_cost

    def cost(**kw):
        return estimate_cost(RecallWork(**kw))

    base, none = cost(cell="lstm"), cost(cell="lstm", steps=0)
    assert none > 0  # evaluations cost even without training
    assert cost(cell="lstm", steps=600) - base == pytest.approx(base - none)
    assert cost(cell="lstm", n_distract=80) > base > cost(cell="rnn")
