"""Training's paths: the last-step readout gives the full readout's numbers to the last bit,
training's gradients are finite differences, and the recall runs give the reference numbers
of tests/core/vectors/recall_small.json.

The recall task's LSTM is chaotic (a relative change of 1e-15 in its initial weights moves
seed 0's results after 300 steps: python -m bench.experiments.recall_sensitivity), so a change
that rounds differently changes the lessons' numbers (docs/lessons-recall.md): the reference
test says so when it happens. Then regenerate both, with the commands that the vector file names.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core.bptt import loss_seeds
from rnnscope.core.model import Spec, forward
from rnnscope.core.params import init
from rnnscope.core.recall import train_recall
from rnnscope.core.train import grads_of

from . import fd

CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh")]


def setup(cell, act, layers, emb, batch):
    spec = Spec(cell, vocab=5, hidden=4, layers=layers, embedding=emb, activation=act)
    params = init(cell, 5, 4, layers, emb, seed=3, init_scale=2.0)
    rng = np.random.default_rng(1)
    ids = rng.integers(0, 5, size=(8, *batch))
    return spec, params, ids, rng.integers(0, 5, size=ids.shape)


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("batch", [(1,), (3,)])
def test_reading_out_the_last_step_alone_is_the_full_readout(cell, act, batch):
    """recall reads out only its last step (read_from): the same numbers, and the same seeds."""
    spec, params, ids, targets = setup(cell, act, 2, 0, batch)
    full = forward(params, spec, ids, targets)
    last = forward(params, spec, ids, targets, read_from=len(ids) - 1)
    for name in ("logits", "probs", "loss"):
        np.testing.assert_array_equal(getattr(last, name)[0], getattr(full, name)[-1])
    only = loss_seeds(full, targets, only=len(ids) - 1)
    np.testing.assert_array_equal(loss_seeds(last, targets), only)


@pytest.mark.parametrize("cell,act", CELLS)
@pytest.mark.parametrize("layers,emb,trunc", [(1, 0, None), (2, 3, 3)])
def test_training_gradients_are_finite_differences(cell, act, layers, emb, trunc):
    spec, params, ids, targets = setup(cell, act, layers, emb, ())
    fwd, _, grads = grads_of(params, spec, ids, targets, trunc)
    for name, p in params.items():
        numeric = fd.central(lambda: fd.loss(params, spec, ids, targets, fwd, trunc), p)
        scale = max(np.abs(numeric).max(), 1e-3)
        what = f"{cell}/{act} L{layers} E{emb} k{trunc}: {name}"
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-6, atol=1e-6 * scale, err_msg=what)


RECALL = json.loads((Path(__file__).parent / "vectors" / "recall_small.json").read_text())


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_recall_numbers_are_the_reference(cell):
    ref = RECALL["runs"][cell]
    r = train_recall(cell, **RECALL["setup"], **ref["options"])
    end = r["end"]
    hint = f"{cell}: the recall numbers moved; {RECALL['regenerate']}"
    assert end["accuracy"] == ref["accuracy"], hint
    np.testing.assert_allclose(
        [end["loss"], end["grad_ratio"]], [ref["loss"], ref["grad_ratio"]], rtol=1e-9, err_msg=hint
    )
