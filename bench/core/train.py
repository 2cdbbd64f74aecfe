"""How long `hello` takes to learn (total loss below 0.05), per cell, against the same
training written in PyTorch (same initial weights, Adam, same learning rate).

    python -m bench.core.train

Figures are CPU time of this process, best of 5, both sides on one thread, side by side.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import time  # noqa: E402

from rnnscope.core import optim, trace  # noqa: E402
from rnnscope.core.train import grads_of  # noqa: E402

TARGET, LR, MAX_STEPS = 0.05, 0.05, 500

try:
    import torch
    import torch.nn.functional as F

    from bench.core.torch_ref import build, unroll

    torch.set_num_threads(1)
except ImportError:
    torch = None


def ours(tr) -> int:
    """Adam steps until the total loss is below TARGET (the loss is checked before each step)."""
    params, spec, ins, tgs = dict(tr.params), tr.spec, tr.enc.inputs, tr.enc.targets
    state = optim.init_state("adam", params)
    for step in range(MAX_STEPS):
        fwd, _, grads = grads_of(params, spec, ins, tgs)
        if fwd.loss.sum() < TARGET:
            return step
        params, state = optim.update("adam", LR, params, grads, state)
    return MAX_STEPS


def theirs(tr) -> int:
    cell, H, V = tr.spec.cell, tr.spec.hidden, tr.spec.vocab
    mod, out = build(cell, tr.params, V, H)
    opt = torch.optim.Adam([*mod.parameters(), *out.parameters()], lr=LR)
    x = F.one_hot(torch.from_numpy(tr.enc.inputs), V).double()
    y = torch.from_numpy(tr.enc.targets)
    for step in range(MAX_STEPS):
        hs, _ = unroll(mod, cell, x, torch.zeros(1, H, dtype=torch.float64))
        loss = F.cross_entropy(out(torch.cat(hs)), y, reduction="sum")
        if loss.item() < TARGET:
            return step
        opt.zero_grad()
        loss.backward()
        opt.step()
    return MAX_STEPS


def best(fn, *args, repeat: int = 5):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn(*args)
        times.append(time.process_time() - t0)
    return min(times), result


def main() -> None:
    print(f"hello, hidden 16, Adam lr {LR}: steps and CPU time until the total loss < {TARGET}")
    print("| cell | steps (rnnscope) | rnnscope ms | steps (torch) | torch ms | torch / rnnscope |")
    print("|---|---:|---:|---:|---:|---:|")
    for cell in ("rnn", "lstm", "gru"):
        tr = trace("hello", cell=cell, hidden=16, seed=0)
        t_ours, n_ours = best(ours, tr)
        row = f"| {cell} | {n_ours} | {1e3 * t_ours:.0f} |"
        if torch is not None:
            t_torch, n_torch = best(theirs, tr)
            row += f" {n_torch} | {1e3 * t_torch:.0f} | {t_torch / t_ours:.1f} |"
        else:
            row += " - | - | - |"
        print(row)


if __name__ == "__main__":
    main()
