"""Time a full trace (forward, BPTT of the whole and of the last loss, every norm, Jacobians)
across T and H for the three cells; how it grows with T; and, where PyTorch is installed,
the ratio against computing the same quantities with autograd (bench/core/torch_ref.py).

    pip install torch==2.13.0   # optional
    python -m bench.core.trace [--quick]

Both sides run on one thread, in this process, one after the other, least CPU time of N
runs (process time: other processes on a shared machine do not count); the printed figures
are ratios measured side by side (absolute times on a shared machine are not results).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import string  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from rnnscope.core.limits import JACOBIAN_MAX_HIDDEN  # noqa: E402
from rnnscope.core.options import normalize  # noqa: E402
from rnnscope.core.tokens import encode  # noqa: E402
from rnnscope.core.trace import run  # noqa: E402

try:
    import torch

    torch.set_num_threads(1)
    from bench.core.torch_ref import torch_trace
except ImportError:
    torch = None


def best(fn, repeat: int) -> float:
    """Least CPU time of this process over `repeat` runs: on a shared machine, the time other
    processes take from us does not count (both sides run on one thread)."""
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def case(cell: str, steps: int, hidden: int, repeat: int) -> dict:
    text = (string.ascii_lowercase * 64)[: steps + 1]  # V = 26
    o = normalize(text, cell=cell, hidden=hidden)
    enc = encode(text)
    tr = run(o, enc)
    row = {"ours": best(lambda: run(o, enc), repeat)}
    if torch is not None:
        args = (
            cell,
            tr.params,
            enc.inputs,
            enc.targets,
            len(enc.vocab),
            hidden,
            hidden <= JACOBIAN_MAX_HIDDEN,
        )
        ref = torch_trace(*args)
        ours = tr.to_dict()["layers"][0]["grad"]
        ours["factor"] = ours["factor"]["max"]
        for key in ("dL_dh", "dLlast_dh") + (("jacobian", "factor") if args[-1] else ()):
            # torch's norm squares the entries: below ~1e-150 the squares are denormal and
            # its norm is inexact (ours scales first, core/norms.py), so compare above that
            a, b = np.array(ours[key], dtype=float), ref[key]
            keep = np.abs(b) > 1e-150
            err = np.max(np.abs(a - b)[keep] / np.abs(b[keep]), initial=0.0)
            assert err < 1e-8, f"{cell} T={steps} H={hidden} {key} differs from torch: {err}"
        row["torch"] = best(lambda: torch_trace(*args), repeat)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small grid, for a smoke run")
    a = ap.parse_args()
    Ts = [8, 32, 128] if a.quick else [8, 32, 64, 128, 256, 512, 1024]
    Hs = [8, 64] if a.quick else [8, 16, 32, 64, 128, 256]
    print(f"numpy {np.__version__}; torch {torch.__version__ if torch else 'not installed'}")
    print(f"{'cell':5} {'T':>5} {'H':>4} {'torch/ours':>10}")
    results = {}
    for cell in ("rnn", "lstm", "gru"):
        for hidden in Hs:
            for steps in Ts:
                repeat = 5 if steps * hidden <= 8192 else 3
                r = results[cell, steps, hidden] = case(cell, steps, hidden, repeat)
                ratio = f"{r['torch'] / r['ours']:10.1f}" if "torch" in r else f"{'-':>10}"
                print(f"{cell:5} {steps:5} {hidden:4} {ratio}", flush=True)
    if torch is not None:
        for cell in ("rnn", "lstm", "gru"):
            print(f"\n**{cell}**: torch time / rnnscope time\n")
            print("| T \\ H | " + " | ".join(map(str, Hs)) + " |")
            print("|---:|" + "---:|" * len(Hs))
            for steps in Ts:
                r = [results[cell, steps, h] for h in Hs]
                print(
                    f"| {steps} | " + " | ".join(f"{x['torch'] / x['ours']:.1f}" for x in r) + " |"
                )
    print("\ngrowth with T (slope of log time over log T, T >= 64; 1 = linear)")
    for cell in ("rnn", "lstm", "gru"):
        for hidden in Hs:
            pts = [(s, results[cell, s, hidden]["ours"]) for s in Ts if s >= min(64, Ts[-1])]
            if len(pts) >= 2:
                slope = np.polyfit(np.log([p[0] for p in pts]), np.log([p[1] for p in pts]), 1)[0]
                print(f"{cell:5} H={hidden:4} exponent {slope:.2f}")


if __name__ == "__main__":
    main()
