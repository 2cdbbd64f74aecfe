"""One-to-many: generate text from a (trained) character model, one token at a time.

Each generated token is fed back as the next input:  x_{t+1} = one_hot(sample(p_t)),
p_t = softmax(y_t / temperature). Temperature below 1 sharpens, above 1 flattens.
"""

from __future__ import annotations

import numpy as np

from . import params as P
from .cells import CELLS
from .model import Spec, input_vectors, zero_state


def sample(
    params: dict,
    spec: Spec,
    vocab: list[str],
    start: int,
    length: int,
    temperature: float = 1.0,
    seed: int = 0,
) -> dict:
    """Generate `length` tokens after token index `start`; deterministic for a seed.

    Returns {tokens: [str] (length+1, start first), ids, probs (length, V)}.
    """
    rng = np.random.default_rng(seed)
    step = CELLS[spec.cell].step
    layers = [P.layer(params, k) for k in range(spec.layers)]
    states = [zero_state(spec) for _ in layers]
    ids, probs = [start], []
    for _ in range(length):
        x = input_vectors(params, spec, np.array([ids[-1]]))[0]
        for k, p in enumerate(layers):
            rec = step(p, x, states[k], spec.activation)
            states[k], x = rec.state, rec.h
        y = (x @ params["readout.weight"].T + params["readout.bias"]) / temperature
        e = np.exp(y - y.max())
        prob = e / e.sum()
        probs.append(prob)
        ids.append(int(rng.choice(len(vocab), p=prob)))
    return {"tokens": [vocab[i] for i in ids], "ids": ids, "probs": np.array(probs)}
