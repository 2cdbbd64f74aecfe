"""CPU time of the lesson's recall runs (scene 10) and of core.train, and, with --against, the
same runs of another checkout side by side: their ratio, and whether the results agree.

    python -m bench.core.recall                          # this checkout alone
    git worktree add /tmp/before HEAD~1                  # the commit to compare with
    python -m bench.core.recall --against /tmp/before --seeds 0,1,2

Workloads: `recall` is core.recall.train_recall exactly as bench/experiments/recall_seeds.py
calls it (N = 40, hidden 32, batch 32, Adam lr 0.01, clip 1, 300 steps; LSTM forget_bias 5, GRU
update_bias 2), one seed after the other; `train` is core.train.train on a 64-character
text, hidden 32, 200 Adam steps with clipping, as a trace with train_steps does it
(core.trace.run; --train-only or --recall-only to time one of them).

Each run happens in a child process that imports `core` from one checkout, with one BLAS
thread; the checkouts alternate, run after run, and each figure is the least CPU time over
--repeat runs, so that other work on a shared machine counts as little as possible. The
results of the two checkouts must agree to rtol 1e-9 (every number of the recall result
and the trained weights and loss curve); the bench says whether they are identical to the
bit and exits 1 if they are not within 1e-9.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECALL_SETUP = {"n_distract": 40, "steps": 300, "batch": 32, "hidden": 32, "lr": 0.01}
RECALL_RUNS = {"rnn": {}, "lstm": {"forget_bias": 5.0}, "gru": {"update_bias": 2.0}}
TRAIN_TEXT = "the quick brown fox jumps over the lazy dog while the cat sleeps."  # T = 64
TRAIN_SETUP = {"hidden": 32, "train_steps": 200, "optimizer": "adam", "lr": 0.01, "clip": 1.0}


def child(work: str, cell: str, seed: int) -> None:
    """Run one workload with the `core` on PYTHONPATH (see run); print {cpu, result} as JSON."""
    import time

    from rnnscope.core.jsonable import jsonable

    if work == "recall":
        from rnnscope.core.recall import train_recall

        t0 = time.process_time()
        result = train_recall(cell, **RECALL_RUNS[cell], **RECALL_SETUP, seed=seed)
        cpu = time.process_time() - t0
    else:
        from rnnscope.core import params as P
        from rnnscope.core.model import Spec
        from rnnscope.core.tokens import encode
        from rnnscope.core.train import train

        enc = encode(TRAIN_TEXT)
        spec = Spec(cell, len(enc.vocab), TRAIN_SETUP["hidden"])
        params = P.init(cell, spec.vocab, spec.hidden, seed=seed)
        kw = {k: TRAIN_SETUP[k] for k in ("optimizer", "lr", "clip")}
        t0 = time.process_time()
        trained, log = train(
            params, spec, enc.inputs, enc.targets, TRAIN_SETUP["train_steps"], **kw
        )
        cpu = time.process_time() - t0
        result = {"params": trained, "log": log}
    print(json.dumps({"cpu": cpu, "result": jsonable(result)}))


def run(root: Path, work: str, cell: str, seed: int) -> dict:
    # `core` comes from `root`: first on the path, and -P keeps this file's folder off it
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    cmd = [sys.executable, "-P", __file__, "--child", work, cell, str(seed)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def worst_difference(a, b) -> float:
    """Largest relative difference between two JSON trees of the same shape (inf: shapes or
    non-numbers differ)."""
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return float("inf")
        return max((worst_difference(a[k], b[k]) for k in a), default=0.0)
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            return float("inf")
        return max((worst_difference(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    if isinstance(a, float) and isinstance(b, float):
        return 0.0 if a == b else abs(a - b) / max(abs(a), abs(b))
    return 0.0 if a == b else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", type=Path, help="another checkout (e.g. the commit before)")
    parser.add_argument("--seeds", default="0", help="comma-separated seeds, e.g. 0,1,2")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; least CPU time")
    parser.add_argument("--recall-only", action="store_true")
    parser.add_argument("--train-only", action="store_true")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    works = ["recall"] * (not args.train_only) + ["train"] * (not args.recall_only)
    sides = {"now": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    head = "| work | cell | seeds | CPU s now |"
    if args.against:
        head += f" CPU s {args.against} | ratio | results |"
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    ok, totals = True, {side: 0.0 for side in sides}
    for work in works:
        for cell in RECALL_RUNS:
            best = {side: 0.0 for side in sides}
            worst, identical = 0.0, True
            for seed in seeds:
                times = {side: [] for side in sides}
                results = {}
                for _ in range(args.repeat):
                    for side, root in sides.items():  # alternate: load changes hit both
                        r = run(root, work, cell, seed)
                        times[side].append(r["cpu"])
                        results[side] = r["result"]
                for side in sides:
                    best[side] += min(times[side])
                if args.against:
                    diff = worst_difference(results["now"], results["against"])
                    worst = max(worst, diff)
                    identical &= results["now"] == results["against"]
            for side in sides:
                totals[side] += best[side]
            row = f"| {work} | {cell} | {args.seeds} | {best['now']:.2f} |"
            if args.against:
                same = "identical" if identical else f"max rel. diff {worst:.1e}"
                ok &= worst <= 1e-9
                row += f" {best['against']:.2f} | {best['against'] / best['now']:.2f} | {same} |"
            print(row, flush=True)
    if args.against:
        ratio = totals["against"] / totals["now"]
        print(
            f"\ntotal CPU s: now {totals['now']:.2f}, {args.against} {totals['against']:.2f}, "
            f"ratio {ratio:.2f}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not ok:
        print("results differ by more than rtol 1e-9")
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
