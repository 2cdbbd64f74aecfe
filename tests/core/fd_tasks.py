"""An independent forward pass of the classifier and the encoder-decoder, for finite differences.

Built only from the cells' `step` functions and NumPy: no core.model, core.stacked or core.bptt.
A pad under the mask keeps the state: h_t = h_{t-1} where mask[t] is False.
"""

from __future__ import annotations

import numpy as np

from rnnscope.core.cells import CELLS
from rnnscope.core.params import LAYER_KEYS

from .fd import central, slope  # noqa: F401 (the tests take central from here)


def layers_forward(
    params, cell, act, hidden, layers, ids, mask=None, bidirectional=False, state0=None, nudge=None
):
    """Run the stack over ids (T, B). Returns (top output (T, B, dirs*H), finals[k][j] states).
    nudge = (k, j, t, vec (B, H)) adds vec to the cell's output h at step t of layer k,
    direction j, before the mask decides whether the step's state is kept."""
    step = CELLS[cell].step
    T, B = ids.shape
    emb = params.get("embedding.weight")
    if emb is not None:
        xs = emb[ids]
    else:
        width = params["weight_ih_l0"].shape[1]
        xs = np.eye(width)[ids]
    finals = []
    for k in range(layers):
        outs, fin = [], []
        for j, suffix in enumerate(("", "_reverse")[: 1 + bidirectional]):
            p = {key: params[f"{key}_l{k}{suffix}"] for key in LAYER_KEYS}
            if state0 is not None:
                state = state0[k]
            else:
                h = np.zeros((B, hidden))
                state = (h, h.copy()) if cell == "lstm" else (h,)
            hs = np.zeros((T, B, hidden))
            for t in range(T - 1, -1, -1) if suffix else range(T):
                new = list(step(p, xs[t], state, act).state)
                if nudge is not None and nudge[:3] == (k, j, t):
                    new[0] = new[0] + nudge[3]
                if mask is not None:
                    keep = mask[t][:, None]
                    new = [np.where(keep, n, s) for n, s in zip(new, state, strict=True)]
                state = tuple(new)
                hs[t] = state[0]
            outs.append(hs)
            fin.append(state)
        xs = np.concatenate(outs, axis=-1)
        finals.append(fin)
    return xs, finals


def cross_entropy(logits, targets):
    """Per-row -log softmax(logits)[target] (natural log)."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    picked = np.take_along_axis(shifted, targets[..., None], axis=-1)[..., 0]
    return np.log(np.exp(shifted).sum(axis=-1)) - picked


def classifier_loss(
    params, cell, act, hidden, layers, ids, y, mask=None, bidirectional=False, nudge=None
):
    """Mean cross-entropy of the classifier reading the top layer's final states."""
    _, finals = layers_forward(
        params, cell, act, hidden, layers, ids, mask, bidirectional, nudge=nudge
    )
    h = np.concatenate([state[0] for state in finals[-1]], axis=-1)
    logits = h @ params["classifier.weight"].T + params["classifier.bias"]
    return cross_entropy(logits, y).mean()


def close(analytic, numeric, what):
    analytic, numeric = np.asarray(analytic, float), np.asarray(numeric, float)
    scale = max(np.abs(numeric).max(), 1e-3)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-6 * scale, err_msg=what)


def seq2seq_loss(
    params,
    cell,
    act,
    hidden,
    layers,
    src,
    src_mask,
    dec_in,
    dec_out,
    dec_mask,
    bidirectional=False,
    nudge_enc=None,
    nudge_dec=None,
    nudge_ctx=None,
):
    """Mean cross-entropy over the real target tokens of the encoder-decoder (teacher forcing).
    nudge_ctx = (k, vec (B, dirs*H)) adds vec to layer k's context h (the decoder's h_0)."""

    def part(prefix):
        return {k[len(prefix) :]: v for k, v in params.items() if k.startswith(prefix)}

    _, finals = layers_forward(
        part("encoder."), cell, act, hidden, layers, src, src_mask, bidirectional, nudge=nudge_enc
    )
    ctx = []
    for k, dirs in enumerate(finals):
        state = [np.concatenate(parts, axis=-1) for parts in zip(*dirs, strict=True)]
        if nudge_ctx is not None and nudge_ctx[0] == k:
            state[0] = state[0] + nudge_ctx[1]
        ctx.append(tuple(state))
    width = hidden * (1 + bidirectional)
    top, _ = layers_forward(
        part("decoder."), cell, act, width, layers, dec_in, dec_mask, state0=ctx, nudge=nudge_dec
    )
    logits = top @ params["readout.weight"].T + params["readout.bias"]
    losses = cross_entropy(logits, dec_out)
    return losses[dec_mask].sum() / dec_mask.sum()


def check_params(run, f, what: str) -> None:
    """A task's run (its params, result.loss and result.param_grads) against the independent
    forward f: the same loss, then each parameter's gradient at sampled entries."""
    assert np.isclose(f(), run.result.loss, rtol=1e-12), "independent forward disagrees"
    for name, p in run.params.items():
        check_sampled(run.result.param_grads[name], f, p, f"{what}: {name}")


def check_sampled(analytic, f, x: np.ndarray, what: str, n: int = 12, seed: int = 0):
    """Central differences at n entries of x drawn at random (every entry if x has fewer),
    against the same entries of the analytic gradient: big tensors cost n, not x.size."""
    flat = x.reshape(-1)
    picks = np.random.default_rng(seed).permutation(flat.size)[:n]
    got = np.asarray(analytic, float).reshape(-1)[picks]
    close(got, np.array([slope(f, flat, i) for i in picks]), what)
