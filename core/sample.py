"""One-to-many: generate text from a (trained) character model, one token at a time.

Each generated token is fed back as the next input:  x_{t+1} = one_hot(sample(p_t)),
p_t = softmax(y_t / temperature). Temperature below 1 sharpens, above 1 flattens.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import params as P
from .cells import CELLS
from .model import Spec, input_vectors, layer_output, zero_state
from .option import OptionError
from .trace import Trace


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
            with np.errstate(over="ignore"):  # sigmoid's e^-a (core.cells.record.sigmoid)
                rec = step(p, x, states[k], spec.activation)
            states[k], x = rec.state, layer_output(spec, k, rec.h, x)
        y = (x @ params["readout.weight"].T + params["readout.bias"]) / temperature
        e = np.exp(y - y.max())
        prob = e / e.sum()
        probs.append(prob)
        ids.append(int(rng.choice(len(vocab), p=prob)))
    return {"tokens": [vocab[i] for i in ids], "ids": ids, "probs": np.array(probs)}


def start_index(vocab: list[str], start: str, tokens: str = "char") -> int:
    """Where `start` sits in `vocab`; OptionError naming `start` when it is not a token of it."""
    if start not in vocab:
        raise OptionError(
            "start",
            f"must be one of the {len(vocab)} distinct tokens ({tokens}) of text",
            ctx={"rule": "start_token", "n": len(vocab)},
        )
    return vocab.index(start)


def generate(tr: Trace, start: int, length: int, temperature: float = 1.0,
             seed: int = 0) -> dict[str, Any]:  # fmt: skip
    """One-to-many from a trace's (trained) model: {vocab, tokens, probs} after token `start`.
    A model whose probabilities overflow is refused with OptionError on `sample`."""
    return generate_from(tr.params, tr.spec, tr.enc.vocab, start, length, temperature, seed)


def generate_from(params: dict, spec: Spec, vocab: list[str], start: int, length: int,
                  temperature: float = 1.0, seed: int = 0) -> dict[str, Any]:  # fmt: skip
    """generate() from the parameters of a model trained before (server/work.py keeps them)."""
    try:
        with np.errstate(all="ignore"):  # overflow is answered below, not logged
            out = sample(params, spec, vocab, start, length, temperature, seed)
    except ValueError as exc:  # every argument is checked: only NaN probabilities remain
        raise OptionError(
            "sample",
            "the model overflowed (its probabilities are not finite); "
            "lower init_scale, w_hh_sigma or lr",
        ) from exc
    return {"vocab": vocab, "tokens": out["tokens"], "probs": out["probs"]}
