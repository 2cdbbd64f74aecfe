"""How much cheaper is a training with core.sweep (the engine) than with the readable path
(core.model.forward + core.bptt + the cells), and are the trained weights the same?

    python -m bench.core.sweep [--steps 100] [--repeat 3]

Both in this process on one BLAS thread, alternating run by run so that load on a shared
machine hits both alike; each figure is the least CPU time of --repeat runs. Workloads:
    train   core.train.train, Adam, each cell, 1 layer, hidden 16/32/64, T = 10 and 40
            characters of the fox sentence
    trace   core.trace.run as a trained request does it (the training, then the whole trace):
            the lessons' text at the page's hidden 8, and 2 layers of 16 with an embedding
The readable path is what core.train does where the engine does not apply (sweep.applies
answering False). `differs` is the largest difference of a trained weight, relative to its
tensor's largest entry.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import numpy as np  # noqa: E402

from rnnscope.core import params as P  # noqa: E402
from rnnscope.core import sweep  # noqa: E402
from rnnscope.core.model import Spec  # noqa: E402
from rnnscope.core.options import normalize  # noqa: E402
from rnnscope.core.tokens import encode  # noqa: E402
from rnnscope.core.trace import run  # noqa: E402
from rnnscope.core.train import train  # noqa: E402

FOX = "the quick brown fox jumps over the lazy dog while the cat sleeps."
LESSON = "hello world, hello rnn"
CELLS = ("rnn", "lstm", "gru")


@contextmanager
def readable():
    """core.train without the engine: sweep.applies says no while inside."""
    applies = sweep.applies
    sweep.applies = lambda *args: False  # type: ignore[assignment]
    try:
        yield
    finally:
        sweep.applies = applies  # type: ignore[assignment]


def side_by_side(fn, repeat: int):
    """(least CPU s readable, least CPU s engine, their results) alternating run by run."""
    times: dict[str, list[float]] = {"readable": [], "engine": []}
    results = {}
    for _ in range(repeat):
        for side in times:
            t0 = time.process_time()
            if side == "readable":
                with readable():
                    results[side] = fn()
            else:
                results[side] = fn()
            times[side].append(time.process_time() - t0)
    return min(times["readable"]), min(times["engine"]), results


def differs(a: dict, b: dict) -> float:
    return max(float(np.abs(a[k] - b[k]).max() / (np.abs(b[k]).max() or 1.0)) for k in b)


def train_rows(steps: int, repeat: int) -> None:
    print(f"\ncore.train, {steps} Adam steps, 1 layer: CPU ms readable / engine (ratio)")
    print("| T | H | " + " | ".join(CELLS) + " | differs |")
    print("|---:|---:|" + "---:|" * len(CELLS) + "---:|")
    for T in (10, 40):
        enc = encode(FOX[: T + 1])
        for H in (16, 32, 64):
            row, worst = f"| {T} | {H} |", 0.0
            for cell in CELLS:
                spec = Spec(cell, len(enc.vocab), H)
                params = P.init(cell, spec.vocab, H, seed=1)

                def fn(spec=spec, params=params, enc=enc):
                    return train(params, spec, enc.inputs, enc.targets, steps)[0]

                a, b, res = side_by_side(fn, repeat)
                worst = max(worst, differs(res["engine"], res["readable"]))
                row += f" {1e3 * a:.0f} / {1e3 * b:.0f} ({a / b:.2f}x) |"
            print(f"{row} {worst:.0e} |")


def trace_rows(repeat: int) -> None:
    print("\ncore.trace.run, trained (training and the whole trace): CPU ms readable / engine")
    print("| request | " + " | ".join(CELLS) + " |")
    print("|---|" + "---:|" * len(CELLS))
    cases = [
        ("lesson text, H 8, 200 steps", dict(hidden=8, train_steps=200)),
        ("lesson text, H 8, 1000 steps", dict(hidden=8, train_steps=1000)),
        ("lesson text, 2 x 16, embedding 8, 200 steps", dict(hidden=16, layers=2, embedding=8,
                                                              train_steps=200)),
    ]  # fmt: skip
    enc = encode(LESSON)
    for name, kw in cases:
        row = f"| {name} |"
        for cell in CELLS:
            o = normalize(LESSON, cell=cell, **kw)
            a, b, _ = side_by_side(lambda o=o: run(o, enc), repeat)
            row += f" {1e3 * a:.0f} / {1e3 * b:.0f} ({a / b:.2f}x) |"
        print(row)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=100, help="training steps of the train rows")
    ap.add_argument("--repeat", type=int, default=3, help="runs per side; the least CPU counts")
    args = ap.parse_args()
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}, one BLAS thread")
    train_rows(args.steps, args.repeat)
    trace_rows(args.repeat)


if __name__ == "__main__":
    main()
