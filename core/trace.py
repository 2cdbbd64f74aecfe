"""trace(): run the model on a text and keep every intermediate and gradient the page shows.

The dict of Trace.to_dict() is the JSON of GET /api/v1/trace (docs/trace-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import params as P
from .bptt import Grads, backward, clip_global, first_reached, loss_seeds, param_grads
from .cancel import ShouldStop, checkpoint
from .inner import gate_grads, step_contributions, w_hh_spectrum
from .jacobian import decay_factor, jacobian_norms, rnn_bound
from .jsonable import answer, jsonable
from .model import Forward, Spec, forward, stack
from .norms import norm, row_norms
from .options import Options, check_tokens, normalize
from .tokens import Encoded, encode, one_hot
from .train import train


@dataclass
class Trace:
    """Everything computed for one request; `to_dict()` gives the JSON structure."""

    options: Options
    enc: Encoded
    spec: Spec
    params: dict[str, np.ndarray]
    fwd: Forward
    total: Grads  # BPTT of the whole loss
    last: Grads  # BPTT of the last step's loss only
    grads: dict[str, np.ndarray]  # per-tensor, before clipping
    clipped: dict[str, np.ndarray]
    global_norms: tuple[float, float, bool]
    layer_extras: list[dict]  # jacobian and factor per layer
    train_log: dict | None

    def to_dict(self) -> dict:
        """The trace's JSON structure; its floats rounded to `options.digits` significant
        digits when set (the request stays as given: re-running it reproduces the trace)."""
        d = answer(self._raw(), self.options.digits, **self._nonfinite_steps())
        d["request"] = jsonable(self.options.as_dict())
        return d

    def _raw(self) -> dict:
        o, enc, spec, fwd = self.options, self.enc, self.spec, self.fwd
        steps = len(enc.inputs)
        reach = first_reached(steps, o.truncate, o.truncate_mode)  # by the last loss
        layers = []
        for k, recs in enumerate(fwd.records):
            lstm = spec.cell == "lstm"
            total, last = self.total.layers[k], self.last.layers[k]
            grad = {
                "dL_dh": row_norms(total.dh),
                "dLlast_dh": row_norms(last.dh),
                "dL_dc": None if total.dc is None else row_norms(total.dc),
                "dLlast_dc": None if last.dc is None else row_norms(last.dc),
                "dL_dh_vec": total.dh,
                "dL_dc_vec": total.dc,
                "dL_dh0": norm(total.dh0),
                **step_contributions(total, fwd, k),
                "gates": gate_grads(total, spec),
                **self.layer_extras[k],
                "truncated_at": reach - 1 if reach > 0 else None,
            }
            layers.append(
                {
                    "input": fwd.layer_input(k),
                    "h": stack(recs, "h"),
                    "c": stack(recs, "c") if lstm else None,
                    "gates": {g: np.array([r.gates[g] for r in recs]) for g in recs[0].gates},
                    "pre": {g: np.array([r.pre[g] for r in recs]) for g in recs[0].pre},
                    "grad": grad,
                    "w_hh_spectrum": w_hh_spectrum(self.params, spec, k),
                }
            )
        g_before, g_after, did = self.global_norms
        return {
            "request": o.as_dict(),
            "vocab": enc.vocab,
            "tokens": enc.tokens,
            "inputs": enc.inputs,
            "targets": enc.targets,
            "x": one_hot(enc.inputs, spec.vocab),
            "embedded": fwd.x if spec.embedding else None,
            "layers": layers,
            "logits": fwd.logits,
            "probs": fwd.probs,
            "predicted": [enc.vocab[i] for i in _argmax(fwd.probs)],
            "loss": fwd.loss,
            "total_loss": float(fwd.loss.sum()),
            "param_grad_norms": {
                "before": {n: norm(g) for n, g in self.grads.items()},
                "after": {n: norm(g) for n, g in self.clipped.items()},
                "global_before": g_before,
                "global_after": g_after,
                "clipped": did,
            },
            "param_count": spec.param_count(),
            "weights": dict(self.params),
            "train": self.train_log,
            "backward_steps": {
                "total": self.total.walked,
                "last": self.last.walked,
                "train": self.train_log["backward_steps"] if self.train_log else 0,
            },
        }

    def _nonfinite_steps(self) -> dict:
        fwd_bad = ~np.isfinite(self.fwd.logits).all(axis=1) | ~np.isfinite(self.fwd.loss)
        bwd_bad = np.zeros(len(fwd_bad), dtype=bool)
        for recs in self.fwd.records:
            fwd_bad |= ~np.isfinite(stack(recs, "h")).all(axis=1)
        for acc in (self.total, self.last):
            for lg in acc.layers:
                for arr in (lg.dh, lg.dc, lg.d_ih, lg.d_hh):
                    if arr is not None:
                        bwd_bad |= ~np.isfinite(arr).all(axis=1)
        return {"forward": np.flatnonzero(fwd_bad), "backward": np.flatnonzero(bwd_bad)}


def _argmax(probs: np.ndarray) -> np.ndarray:
    return np.argmax(np.nan_to_num(probs, nan=-1.0), axis=1)


def trace(
    text: str, weights: dict | None = None, should_stop: ShouldStop = None, **options: Any
) -> Trace:
    """Run `text` through the model and trace every intermediate and gradient.

    Options are those of the `trace` endpoint in core/options.py (cell, hidden, seed, layers,
    activation, embedding, init_scale, ...), with its defaults; docs/trace-format.md lists them.
    `weights`, a state_dict of nested lists, replaces the seeded initialisation.
    Raises OptionError (a ValueError naming the option) for anything out of range, and
    core.cancel.Cancelled when `should_stop()` says the answer is no longer wanted (asked
    before each training step and between the passes).
    """
    o = normalize(text, **options)
    enc = encode(o.text, o.tokens)
    check_tokens(len(enc.tokens), len(enc.vocab))
    return run(o, enc, weights, should_stop)


def spec_of(o: Options, enc: Encoded) -> Spec:
    """The model the options describe, on the tokens of `enc`."""
    return Spec(o.cell, len(enc.vocab), o.hidden, o.layers, o.embedding, o.activation, o.residual)


def run(
    o: Options, enc: Encoded, weights: dict | None = None, should_stop: ShouldStop = None
) -> Trace:
    """The work of trace() on checked options and tokens; no limits applied (benchmarks)."""
    spec = spec_of(o, enc)
    if weights is not None:
        params = P.load(weights, spec.cell, spec.vocab, spec.hidden, spec.layers, spec.embedding)
    else:
        params = P.init(
            spec.cell,
            spec.vocab,
            spec.hidden,
            spec.layers,
            spec.embedding,
            o.seed,
            o.init_scale,
            o.w_hh_sigma,
            o.forget_bias,
            o.update_bias,
            o.init,
            o.spectral_radius,
        )
    log = None
    if o.train_steps:
        params, log = train(
            params,
            spec,
            enc.inputs,
            enc.targets,
            o.train_steps,
            o.optimizer,
            o.lr,
            o.clip,
            o.truncate,
            should_stop=should_stop,
            truncate_mode=o.truncate_mode,
            trainable=o.train,
            ridge=o.ridge,
        )
    checkpoint(should_stop)
    with np.errstate(all="ignore"):
        fwd = forward(params, spec, enc.inputs, enc.targets)
        seeds = loss_seeds(fwd, enc.targets)
        total = backward(params, spec, fwd, seeds, o.truncate, o.truncate_mode)
        checkpoint(should_stop)
        grads = param_grads(params, spec, fwd, total, seeds, enc.inputs)
        clipped, before, after, did = clip_global(grads, o.clip)
        only_last = loss_seeds(fwd, enc.targets, only=len(enc.targets) - 1)
        last = backward(params, spec, fwd, only_last, o.truncate, o.truncate_mode)
        checkpoint(should_stop)
        extras: list[dict[str, Any]] = [
            {
                "jacobian": jacobian_norms(params, spec, fwd, k),
                "factor": decay_factor(params, spec, fwd, k),
            }
            for k in range(spec.layers)
        ]
        if spec.cell == "rnn" and extras[-1]["factor"]["sigma_max"] is not None:
            top = extras[-1]["factor"]
            top["bound"] = rnn_bound(top, row_norms(last.dh[-1]))
    return Trace(
        o, enc, spec, params, fwd, total, last, grads, clipped, (before, after, did), extras, log
    )
