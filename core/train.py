"""Training the next-token model: forward, BPTT, clip, optimiser step; deterministic."""

from __future__ import annotations

import numpy as np

from . import optim
from .bptt import backward, clipped, loss_seeds, param_grads
from .cancel import ShouldStop, checkpoint
from .model import Spec, forward
from .norms import row_norms


def grads_of(params: dict, spec: Spec, inputs, targets, truncate: int | None = None):
    """(forward, per-step grads, per-tensor grads) of the summed loss at these params."""
    fwd = forward(params, spec, inputs, targets)
    seeds = loss_seeds(fwd, targets)
    acc = backward(params, spec, fwd, seeds, truncate)
    return fwd, acc, param_grads(params, spec, fwd, acc, seeds, inputs)


def decay_curve(params: dict, spec: Spec, fwd, targets, truncate: int | None = None):
    """||dL_T/dh_t|| per layer and step, (L, T): the last step's loss only."""
    seeds = loss_seeds(fwd, targets, only=len(targets) - 1)
    last = backward(params, spec, fwd, seeds, truncate)
    return np.array([row_norms(d) for d in last.dh]), last


def train(params: dict, spec: Spec, inputs, targets, steps: int, optimizer: str = "adam",
          lr: float = 0.05, clip: float | None = None, truncate: int | None = None,
          n_snapshots: int = 5, should_stop: ShouldStop = None):  # fmt: skip
    """Run `steps` updates. Returns (params, log) with log = {optimizer, lr, steps,
    loss (steps+1,) total loss before each step and after the last, snapshots}.
    `should_stop` is asked before each step (core.cancel)."""
    state = optim.init_state(optimizer, params)
    snap_at = set(np.linspace(0, steps, min(n_snapshots, steps + 1)).round().astype(int).tolist())
    losses, snapshots = [], []
    with np.errstate(all="ignore"):
        for i in range(steps + 1):
            checkpoint(should_stop)
            fwd, _, grads = grads_of(params, spec, inputs, targets, truncate)
            losses.append(float(fwd.loss.sum()))
            if i in snap_at:
                curve, _ = decay_curve(params, spec, fwd, targets, truncate)
                snapshots.append({"step": i, "dLlast_dh": curve})
            if i == steps:
                break
            grads = clipped(grads, clip)
            params, state = optim.update(optimizer, lr, params, grads, state)
    log = {"optimizer": optimizer, "lr": lr, "steps": steps, "loss": np.array(losses)}
    log["snapshots"] = snapshots
    return params, log


def descend(params: dict, loss_and_grads, steps: int, optimizer: str = "adam", lr: float = 0.05,
            clip: float | None = None, n_snapshots: int = 5,
            should_stop: ShouldStop = None):  # fmt: skip
    """Gradient descent on any model: `loss_and_grads(params) -> (loss, grads, facts)`, where
    facts is a small dict kept at the snapshots (an accuracy). Clip, step, repeat.
    Returns (params, log) with log = {optimizer, lr, steps, loss (steps+1,), snapshots}, the
    same keys as train's."""
    state = optim.init_state(optimizer, params)
    snap_at = set(np.linspace(0, steps, min(n_snapshots, steps + 1)).round().astype(int).tolist())
    losses, snapshots = [], []
    with np.errstate(all="ignore"):
        for i in range(steps + 1):
            checkpoint(should_stop)
            loss, grads, facts = loss_and_grads(params)
            losses.append(float(loss))
            if i in snap_at:
                snapshots.append({"step": i, **facts})
            if i == steps:
                break
            params, state = optim.update(optimizer, lr, params, clipped(grads, clip), state)
    log = {"optimizer": optimizer, "lr": lr, "steps": steps, "loss": np.array(losses)}
    log["snapshots"] = snapshots
    return params, log
