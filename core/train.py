"""Training the next-token model: forward, BPTT, clip, optimiser step; deterministic.

What learns: every weight (`trainable="all"`), or the readout alone (`"readout"`: the echo state
network, core.readout: no BPTT for its gradient). optimizer "ridge" fits the readout in closed
form instead of stepping: one solve, whatever the number of steps.

A step's loss and gradients come from core.sweep (the same equations with fewer NumPy calls,
tested equal) wherever it applies: full BPTT of one sequence, every weight learning; from the
readable path (forward, core.bptt) at the snapshots and everywhere else.
"""

from __future__ import annotations

import numpy as np

from . import limits as L
from . import optim, stacked, sweep
from . import params as P
from .bptt import backward, clipped, loss_seeds, param_grads
from .cancel import ShouldStop, checkpoint
from .model import Spec, forward
from .norms import row_norms
from .readout import READOUT, readout_grads, ridge_fit
from .task_options import TaskOptions

TRAINABLE = L.TRAINABLE


def grads_of(
    params: dict, spec: Spec, inputs, targets, truncate: int | None = None, mode: str = "window"
):
    """(forward, per-step grads, per-tensor grads) of the summed loss at these params."""
    fwd = forward(params, spec, inputs, targets)
    seeds = loss_seeds(fwd, targets)
    acc = backward(params, spec, fwd, seeds, truncate, mode)
    return fwd, acc, param_grads(params, spec, fwd, acc, seeds, inputs)


def decay_curve(
    params: dict, spec: Spec, fwd, targets, truncate: int | None = None, mode: str = "window"
):
    """||dL_T/dh_t|| per layer and step, (L, T): the last step's loss only."""
    seeds = loss_seeds(fwd, targets, only=len(targets) - 1)
    last = backward(params, spec, fwd, seeds, truncate, mode)
    return np.array([row_norms(d) for d in last.dh]), last


def train(
    params: dict,
    spec: Spec,
    inputs,
    targets,
    steps: int,
    optimizer: str = "adam",
    lr: float = 0.05,
    clip: float | None = None,
    truncate: int | None = None,
    n_snapshots: int = 5,
    should_stop: ShouldStop = None,
    truncate_mode: str = "window",
    trainable: str = "all",
    ridge: float = 1e-3,
):
    """Run `steps` updates. Returns (params, log) with log = {optimizer, lr, steps,
    loss (steps+1,) total loss before each step and after the last, snapshots, backward_steps
    (cell steps that training's BPTT walked)}. `should_stop` is asked before each step
    (core.cancel). With optimizer "ridge", one closed-form fit of the readout (`steps` >= 1)."""
    if optimizer == "ridge":
        return fit_ridge(params, spec, inputs, targets, steps, lr, ridge, truncate, truncate_mode)
    learning = _learning(params, trainable)
    theta = {"all": optim.joined(learning, learning)}  # one vector: the same steps, fewer calls
    state = optim.init_state(optimizer, theta)
    snap_at = set(np.linspace(0, steps, min(n_snapshots, steps + 1)).round().astype(int).tolist())
    engine = sweep.applies(len(inputs), truncate, trainable, np.ndim(inputs) > 1)  # fewer calls
    losses, snapshots, walked = [], [], 0
    with np.errstate(all="ignore"):
        for i in range(steps + 1):
            checkpoint(should_stop)
            if engine and i not in snap_at and i < steps:
                loss, grads = sweep.loss_and_grads(params, spec, inputs, targets)
                losses.append(loss)
                walked += len(inputs) * spec.layers
            else:  # the readable path, and the decay curve at a snapshot
                fwd = forward(params, spec, inputs, targets)
                losses.append(float(fwd.loss.sum()))
                if i in snap_at:
                    curve, _ = decay_curve(params, spec, fwd, targets, truncate, truncate_mode)
                    snapshots.append({"step": i, "dLlast_dh": curve})
                if i == steps:
                    break
                seeds = loss_seeds(fwd, targets)
                if trainable == "readout":
                    grads = readout_grads(fwd, seeds)
                else:
                    acc = backward(params, spec, fwd, seeds, truncate, truncate_mode)
                    grads = param_grads(params, spec, fwd, acc, seeds, inputs)
                    walked += acc.walked
            step = {"all": optim.joined(clipped(grads, clip), learning)}
            theta, state = optim.update(optimizer, lr, theta, step, state)
            params = {**params, **optim.split(theta["all"], learning)}
    log = {"optimizer": optimizer, "lr": lr, "steps": steps, "loss": np.array(losses)}
    log["snapshots"] = snapshots
    log["backward_steps"] = walked
    return params, log


def _learning(params: dict, trainable: str) -> dict:
    """The tensors that learn."""
    if trainable not in TRAINABLE:
        raise ValueError(f"trainable must be one of {', '.join(TRAINABLE)}, not {trainable!r}")
    return params if trainable == "all" else {name: params[name] for name in READOUT}


def fit_ridge(
    params: dict,
    spec: Spec,
    inputs,
    targets,
    steps: int,
    lr: float,
    ridge: float,
    truncate: int | None = None,
    truncate_mode: str = "window",
):
    """The readout fitted in closed form (core.readout.ridge_fit) when steps >= 1; the log as
    train's (lr unused, ridge added): the loss before and after (one step), snapshots of the
    decay curve at both."""
    losses, snapshots = [], []
    with np.errstate(all="ignore"):
        for i in range(2 if steps else 1):
            fwd = forward(params, spec, inputs, targets)
            losses.append(float(fwd.loss.sum()))
            curve, _ = decay_curve(params, spec, fwd, targets, truncate, truncate_mode)
            snapshots.append({"step": i, "dLlast_dh": curve})
            if i == 0 and steps:
                w, b = ridge_fit(fwd.outputs[-1], np.asarray(targets), spec.vocab, ridge)
                params = {**params, "readout.weight": w, "readout.bias": b}
    log = {"optimizer": "ridge", "lr": lr, "steps": min(steps, 1), "loss": np.array(losses)}
    log["snapshots"], log["ridge"] = snapshots, ridge
    log["backward_steps"] = 0
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


def fit_task(o: TaskOptions, shape: dict, weights: dict | None, loss_and_grads,
             should_stop: ShouldStop = None) -> tuple[dict, dict | None]:  # fmt: skip
    """A classifier's or a seq2seq model's weights: `weights` loaded in `shape` (PyTorch's
    names), or new ones from o.seed and o.init_scale (core.stacked.init); then o.train_steps
    full-batch steps of `descend`. Returns (params, the training's log or None)."""
    if weights is not None:
        params = P.load_as(weights, shape)
    else:
        params = stacked.init(shape, o.seed, o.init_scale)
    if not o.train_steps:
        return params, None
    steps, optimizer, lr, clip = o.train_steps, o.optimizer, o.lr, o.clip
    return descend(params, loss_and_grads, steps, optimizer, lr, clip, should_stop=should_stop)
