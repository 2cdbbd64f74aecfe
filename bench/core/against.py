"""CPU time of traces and training at lecture sizes, this checkout against another one, side
by side in one process: the before/after ratio of a change to core, and whether the results
are the same to the bit.

    git archive HEAD~1 | (mkdir -p /tmp/before && tar -x -C /tmp/before)   # the commit before
    python -m bench.core.against /tmp/before [--quick] [--repeat 5] [--truncate 4]

Both copies of `core` are imported into this process (the other one as `core_against`, its
modules import each other relatively) and run on one BLAS thread, workload by workload,
alternating run by run, so that load on a shared machine hits both alike. Each figure is the
least CPU time of --repeat runs. Workloads:
    trace   core.trace.run: forward, BPTT of the whole and of the last loss, every norm and
            (H <= JACOBIAN_MAX_HIDDEN) the Jacobians; the alphabet as text (V = 26), T x H
            from 8 x 8 to 64 x 32 (lecture sizes) and 256 x 64, each cell; with --truncate k
            also the window-truncated trace
    train   core.train.train: `hello`, hidden 16, 100 Adam steps (the lessons' size), and a
            64-character text, hidden 32, 200 Adam steps with clipping
    recall  core.recall.train_recall as the lesson runs it (N = 40, hidden 32, batch 32), 60
            steps instead of 300: batched training
Results are compared as the JSON of trace.to_dict() and the trained weights and loss curve, on
the fields both sides have: identical to the bit, or their largest relative difference.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import string  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.core.recall import worst_difference  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TRAIN_TEXT = "the quick brown fox jumps over the lazy dog while the cat sleeps."  # T = 64


def load(root: Path, name: str):
    """Import the `core` package under `root` as `name`; returns a module getter."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, root / "core" / "__init__.py", submodule_search_locations=[str(root / "core")]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return lambda sub: importlib.import_module(f"{name}.{sub}")


def trace_work(core, cell: str, steps: int, hidden: int, truncate: int | None):
    text = (string.ascii_lowercase * 64)[: steps + 1]
    o = core("options").normalize(text, cell=cell, hidden=hidden, truncate=truncate)
    enc = core("tokens").encode(text)
    return lambda: core("trace").run(o, enc).to_dict()


def train_work(core, cell: str, text: str, hidden: int, steps: int, clip: float | None):
    enc = core("tokens").encode(text)
    spec = core("model").Spec(cell, len(enc.vocab), hidden)
    params = core("params").init(cell, spec.vocab, hidden, seed=0)
    train = core("train").train
    lr = 0.05 if clip is None else 0.01

    def run():
        trained, log = train(params, spec, enc.inputs, enc.targets, steps, "adam", lr, clip)
        return core("jsonable").jsonable({"params": trained, "log": log})

    return run


def recall_work(core, cell: str, steps: int):
    bias = {"lstm": {"forget_bias": 5.0}, "gru": {"update_bias": 2.0}}.get(cell, {})
    train_recall = core("recall").train_recall
    jsonable = core("jsonable").jsonable
    return lambda: jsonable(train_recall(cell, steps=steps, n_evals=2, **bias))


def common(a, b):
    """Both JSON trees cut to the fields both have (fields added since are not compared)."""
    if isinstance(a, dict) and isinstance(b, dict):
        pairs = {k: common(a[k], b[k]) for k in a.keys() & b.keys()}
        return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = [common(x, y) for x, y in zip(a, b, strict=True)]
        return [p[0] for p in pairs], [p[1] for p in pairs]
    return a, b


def timed(fn):
    t0 = time.process_time()
    result = fn()
    return time.process_time() - t0, result


def workloads(quick: bool, truncate: int | None):
    sizes = [(8, 8), (32, 16), (64, 32)] + ([] if quick else [(16, 8), (32, 32), (256, 64)])
    for cell in ("rnn", "lstm", "gru"):
        for steps, hidden in sorted(sizes):
            yield f"trace {cell} T={steps} H={hidden}", trace_work, (cell, steps, hidden, None)
            if truncate:
                yield (
                    f"trace {cell} T={steps} H={hidden} k={truncate}",
                    trace_work,
                    (cell, steps, hidden, truncate),
                )
    for cell in ("rnn", "lstm", "gru"):
        yield f"train {cell} hello H=16 100", train_work, (cell, "hello", 16, 100, None)
        if not quick:
            yield f"train {cell} T=64 H=32 200", train_work, (cell, TRAIN_TEXT, 32, 200, 1.0)
    for cell in ("rnn", "lstm", "gru"):
        yield f"recall {cell} 60 steps", recall_work, (cell, 20 if quick else 60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("against", type=Path, help="another checkout (e.g. the commit before)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per side; least CPU time")
    parser.add_argument("--quick", action="store_true", help="fewer sizes")
    parser.add_argument("--truncate", type=int, default=None, help="also window-truncated traces")
    parser.add_argument("--work", default="trace,train,recall", help="which workloads")
    args = parser.parse_args()
    sides = {"now": load(ROOT, "core_now"), "against": load(args.against.resolve(), "core_against")}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"| workload | ms now | ms {args.against} | {args.against} / now | results |")
    print("| --- | ---: | ---: | ---: | --- |")
    totals = {"trace": [0.0, 0.0], "train": [0.0, 0.0], "recall": [0.0, 0.0]}
    for label, make, work_args in workloads(args.quick, args.truncate):
        if label.split()[0] not in args.work.split(","):
            continue
        fns = {side: make(core, *work_args) for side, core in sides.items()}
        times = {side: [] for side in sides}
        results = {}
        for _ in range(args.repeat):
            for side, fn in fns.items():  # alternate: load changes hit both
                cpu, results[side] = timed(fn)
                times[side].append(cpu)
        now, then = min(times["now"]), min(times["against"])
        worst = worst_difference(*common(results["now"], results["against"]))
        same = "identical" if worst == 0 else f"max rel. diff {worst:.1e}"
        totals[label.split()[0]][0] += now
        totals[label.split()[0]][1] += then
        print(
            f"| {label} | {1e3 * now:.1f} | {1e3 * then:.1f} | {then / now:.2f} | {same} |",
            flush=True,
        )
    for work, (now, then) in totals.items():
        if not now:
            continue
        print(
            f"\n{work}: total CPU s now {now:.3f}, {args.against} {then:.3f}, "
            f"ratio {then / now:.2f}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
