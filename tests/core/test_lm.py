"""The corpus language model: its gradient is the mean loss's (central differences, float64),
with dropout too; carrying the state equals reading the text in one piece; the learning rate
decays as char-rnn's; training learns a text."""

from __future__ import annotations

import numpy as np
import pytest

from rnnscope.core import params as P
from rnnscope.core.lm import Corpus, Trainer, lm_grads, mean_loss, streams
from rnnscope.core.model import Spec, forward, zero_state


def grads_of(params, spec, inputs, targets, states, dropout):
    """lm_grads with the same dropout masks at every call (a fresh generator, one seed)."""
    return lm_grads(params, spec, inputs, targets, states, dropout, np.random.default_rng(7))


@pytest.mark.parametrize(
    "cell,embedding,dropout,residual",
    [
        ("lstm", 3, 0.0, False),
        ("gru", 0, 0.0, False),
        ("rnn", 2, 0.0, False),
        ("lstm", 0, 0.4, False),
        ("gru", 2, 0.0, True),
        ("lstm", 0, 0.4, True),
    ],
)
def test_gradient_is_the_mean_loss_gradient(cell, embedding, dropout, residual):
    spec = Spec(cell, 5, 4, 2, embedding, residual=residual)
    params = P.init(cell, 5, 4, 2, embedding, seed=3)
    rng = np.random.default_rng(0)
    inputs, targets = rng.integers(0, 5, (4, 3)), rng.integers(0, 5, (4, 3))
    states = [
        tuple(0.3 * rng.standard_normal(s.shape) for s in zero_state(spec, (3,))) for _ in range(2)
    ]
    loss, grads, _ = grads_of(params, spec, inputs, targets, states, dropout)
    assert set(grads) == set(params)
    if dropout:  # the masks drop something, and change the loss
        assert loss != pytest.approx(grads_of(params, spec, inputs, targets, states, 0.0)[0])
    eps = 1e-6
    for name, value in params.items():
        for idx in [tuple(rng.integers(0, n) for n in value.shape) for _ in range(4)]:
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += eps
            minus[name][idx] -= eps
            fd = (
                grads_of(plus, spec, inputs, targets, states, dropout)[0]
                - grads_of(minus, spec, inputs, targets, states, dropout)[0]
            ) / (2 * eps)
            assert grads[name][idx] == pytest.approx(fd, rel=1e-5, abs=1e-9), (name, idx)


@pytest.mark.parametrize("residual", [False, True])
def test_the_loss_is_core_models_with_or_without_skip_connections(residual):
    """From the zero state, lm_grads and mean_loss read the model as core.model.forward does
    (a stored residual model trains on, and is validated, as it is traced)."""
    spec = Spec("lstm", 5, 4, 3, residual=residual)
    params = P.init("lstm", 5, 4, 3, 0, seed=2)
    ids = np.random.default_rng(1).integers(0, 5, 9)
    want = forward(params, spec, ids[:-1], ids[1:]).loss.mean()
    loss, _, _ = lm_grads(params, spec, ids[:-1, None], ids[1:, None], [zero_state(spec, (1,))] * 3)
    assert loss == pytest.approx(want, rel=1e-12)
    assert mean_loss(params, spec, ids) == pytest.approx(want, rel=1e-12)


def test_learning_rate_decays_after_each_epoch_from_decay_after():
    corpus = Corpus.of("abcdefghij" * 10, val_fraction=0.0)  # 99 steps of 1 x 10: 9 per epoch
    trainer = Trainer(
        corpus, Spec("rnn", 10, 3), seq_len=10, batch=1, lr=0.1, lr_decay=0.5, decay_after=2
    )
    assert trainer.steps_per_epoch == 9
    rates = []
    for _ in range(4 * 9):
        rates.append(trainer.rate())
        trainer.step()
    # epochs 1 and 2 at lr; the decay applies at the end of epoch 2, then of each epoch
    assert rates == [0.1] * 18 + [0.05] * 9 + [0.025] * 9
    assert Trainer(corpus, Spec("rnn", 10, 3), seq_len=10, batch=1).rate() == 0.003


def test_carried_state_reads_the_text_as_one_piece():
    spec = Spec("lstm", 6, 5, 2)
    params = P.init("lstm", 6, 5, 2, 0, seed=1)
    ids = np.random.default_rng(2).integers(0, 6, 41)
    whole, _, _ = lm_grads(
        params, spec, ids[:-1, None], ids[1:, None], [zero_state(spec, (1,))] * 2
    )
    states, parts = [zero_state(spec, (1,))] * 2, []
    for a in range(0, 40, 8):
        loss, _, states = lm_grads(
            params, spec, ids[a : a + 8, None], ids[a + 1 : a + 9, None], states
        )
        parts.append(loss)
    assert np.mean(parts) == pytest.approx(whole, rel=1e-12)
    assert mean_loss(params, spec, ids, chunk=7) == pytest.approx(whole, rel=1e-12)


def test_streams_and_corpus():
    corpus = Corpus.of("abcdefghij" * 3, val_fraction=0.2)
    assert corpus.vocab == list("abcdefghij") and len(corpus.val) == 6
    inputs, targets = streams(np.arange(11), 2)
    assert inputs.T.tolist() == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert targets.T.tolist() == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]


@pytest.mark.parametrize("dropout", [0.0, 0.2])
def test_training_learns_a_repeating_text(dropout):
    corpus = Corpus.of("the quick brown fox jumps over the lazy dog. " * 40, val_fraction=0.1)
    trainer = Trainer(
        corpus, Spec("gru", len(corpus.vocab), 24), seq_len=16, batch=8, lr=0.01, dropout=dropout
    )
    first = trainer.val_loss()
    losses = [trainer.step() for _ in range(120)]
    assert trainer.val_loss() < 0.5 * first
    assert np.mean(losses[-10:]) < 0.5 * np.mean(losses[:10])
    assert "the" in trainer.generate(80, temperature=0.5)
