"""How fast does core.lm train a character model on a corpus, against PyTorch on the CPU?

    /work/team/refvenv/bin/python -m bench.core.lm_throughput          # any Python with torch
    python -m bench.core.lm_throughput --hidden 128 --batch 32 --seq-len 100 --steps 20

The same training step on both sides: an LSTM (one layer, one-hot input) and a linear readout
over `batch` streams of argparse's source, `seq_len` characters each, the state carried in
from the step before and detached, mean cross-entropy, global-norm clip 5, Adam. Both start
from the same weights (PyTorch's state_dict names are ours). PyTorch runs nn.LSTM and
nn.Linear with autograd on one thread (torch.set_num_threads(1)), in float32 (as a notebook
would) and in float64 (core's precision). Figures: CPU time per step of this process, the
median of `--steps` steps after one warm-up step, characters per second, and the ratio to
core.lm; the first steps' losses are printed side by side as a check that the two train the
same model.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from rnnscope.core.corpus import builtin  # noqa: E402
from rnnscope.core.lm import Corpus, Trainer  # noqa: E402
from rnnscope.core.model import Spec  # noqa: E402


def timed(step, n: int) -> tuple[float, list[float]]:
    """Median CPU seconds of one call of step() over n calls (after one warm-up), losses."""
    losses = [step()]
    times = []
    for _ in range(n):
        t = time.process_time()
        losses.append(step())
        times.append(time.process_time() - t)
    return statistics.median(times), losses


def torch_trainer(trainer: Trainer, dtype):
    """The same training in PyTorch, from the trainer's initial weights; returns step()."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    torch.set_num_threads(1)
    s = trainer.spec
    lstm = nn.LSTM(s.vocab, s.hidden, dtype=dtype)
    out = nn.Linear(s.hidden, s.vocab, dtype=dtype)
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            getattr(lstm, name).copy_(torch.from_numpy(trainer.params[name]))
        out.weight.copy_(torch.from_numpy(trainer.params["readout.weight"]))
        out.bias.copy_(torch.from_numpy(trainer.params["readout.bias"]))
    weights = [*lstm.parameters(), *out.parameters()]
    opt = torch.optim.Adam(weights, lr=trainer.lr)
    inputs = torch.from_numpy(trainer.inputs)
    targets = torch.from_numpy(trainer.targets)
    eye = torch.eye(s.vocab, dtype=dtype)
    zero = torch.zeros(1, trainer.batch, s.hidden, dtype=dtype)
    state = {"pos": 0, "hc": (zero, zero)}

    def step() -> float:
        pos = state["pos"]
        if pos + trainer.seq_len > len(inputs):
            pos, state["hc"] = 0, (zero, zero)
        window = slice(pos, pos + trainer.seq_len)
        h, c = (t.detach() for t in state["hc"])
        ys, state["hc"] = lstm(eye[inputs[window]], (h, c))
        loss = F.cross_entropy(out(ys).reshape(-1, s.vocab), targets[window].reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(weights, trainer.clip)
        opt.step()
        state["pos"] = pos + trainer.seq_len
        return float(loss.detach())

    return step


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq-len", type=int, default=100)
    ap.add_argument("--steps", type=int, default=20)
    args = ap.parse_args()
    corpus = Corpus.of(builtin("argparse"), 0.1)
    spec = Spec("lstm", len(corpus.vocab), args.hidden)

    def fresh() -> Trainer:
        return Trainer(corpus, spec, args.seq_len, args.batch, 0.002, 0)

    chars = args.batch * args.seq_len
    print(f"# LSTM {args.hidden}, vocab {spec.vocab}, batch {args.batch}, seq_len "
          f"{args.seq_len} ({chars} characters a step); CPU time per step, median of "
          f"{args.steps}; one thread; {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}, NumPy "
          f"{np.__version__}")  # fmt: skip
    ours = fresh()
    base, losses = timed(ours.step, args.steps)
    rows = [("core.lm (NumPy, float64)", base, losses)]
    try:
        import torch

        for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            t, lt = timed(torch_trainer(fresh(), dtype), args.steps)
            rows.append((f"PyTorch {torch.__version__} autograd ({name})", t, lt))
    except ImportError:
        print("(PyTorch is not installed here: only core.lm is timed)")
    print(
        "| training step | ms / step | characters / s | time vs core.lm | loss at steps 1, 2, 3 |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, t, lt in rows:
        first = ", ".join(f"{v:.4f}" for v in lt[:3])
        print(f"| {name} | {1000 * t:.1f} | {chars / t:,.0f} | {t / base:.2f} | {first} |")


if __name__ == "__main__":
    main()
