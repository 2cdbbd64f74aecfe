"""A batch (T, B) of sequences gives exactly the sum of the sequences run one by one."""

import numpy as np
import pytest

from rnnscope.core.bptt import backward, loss_seeds, param_grads
from rnnscope.core.model import Spec, forward
from rnnscope.core.params import init


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("embedding,truncate", [(0, None), (3, 2)])
def test_batch_is_the_sum_of_its_sequences(cell, embedding, truncate):
    spec = Spec(cell, vocab=5, hidden=4, layers=2, embedding=embedding)
    params = init(cell, 5, 4, 2, embedding, seed=1, init_scale=2.0)
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 5, size=(7, 3))  # (T, B)
    targets = rng.integers(0, 5, size=(7, 3))

    def grads(inputs, tgts, only=None):
        fwd = forward(params, spec, inputs, tgts)
        seeds = loss_seeds(fwd, tgts, only)
        acc = backward(params, spec, fwd, seeds, truncate)
        return fwd, acc, param_grads(params, spec, fwd, acc, seeds, inputs)

    for only in (None, 6):
        fwd, acc, batched = grads(ids, targets, only)
        singles = [grads(ids[:, b], targets[:, b], only) for b in range(3)]
        np.testing.assert_allclose(fwd.loss, np.stack([s[0].loss for s in singles], 1))
        for name, g in batched.items():
            np.testing.assert_allclose(
                g, sum(s[2][name] for s in singles), atol=1e-12, err_msg=name
            )
        np.testing.assert_allclose(acc.dh[0], np.stack([s[1].dh[0] for s in singles], 1))
