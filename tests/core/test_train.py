"""Training learns `hello`, deterministically, with each optimiser."""

import numpy as np
import pytest

from rnnscope.core import trace


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_hello_is_learned_with_defaults(cell):
    d = trace("hello", cell=cell, train_steps=100).to_dict()
    assert d["total_loss"] < 0.05
    assert d["predicted"] == ["e", "l", "l", "o"]
    curve = d["train"]["loss"]
    assert len(curve) == 101 and curve[0] > 4 and curve[-1] == pytest.approx(d["total_loss"])
    snaps = d["train"]["snapshots"]
    assert [s["step"] for s in snaps] == [0, 25, 50, 75, 100]
    assert np.array(snaps[-1]["dLlast_dh"]) == pytest.approx(
        np.array([d["layers"][0]["grad"]["dLlast_dh"]])
    )


@pytest.mark.parametrize("optimizer,lr", [("sgd", 0.5), ("adagrad", 0.2), ("adam", 0.05)])
def test_every_optimizer_lowers_the_loss(optimizer, lr):
    d = trace("hello", cell="gru", train_steps=60, optimizer=optimizer, lr=lr).to_dict()
    assert d["train"]["loss"][-1] < 0.5 * d["train"]["loss"][0]


def test_training_is_deterministic():
    kw = dict(cell="lstm", train_steps=30, clip=0.5, truncate=2, seed=5)
    assert trace("hello", **kw).to_dict() == trace("hello", **kw).to_dict()


def test_clipping_changes_the_trajectory():
    a = trace("hello", cell="rnn", train_steps=20, optimizer="sgd", lr=1.0).to_dict()
    b = trace("hello", cell="rnn", train_steps=20, optimizer="sgd", lr=1.0, clip=0.01).to_dict()
    assert a["train"]["loss"][1] != b["train"]["loss"][1]
    # with a tiny clip each SGD step moves the weights by at most lr * clip
    assert b["train"]["loss"][0] - b["train"]["loss"][1] < 0.1
