"""The lesson's long-term dependency experiment (scene 10) for several seeds, with its cost.

    python -m bench.experiments.recall_seeds             # seeds 0-4, core.recall in this process
    python -m bench.experiments.recall_seeds --seeds 0-9
    python -m bench.experiments.recall_seeds --api http://127.0.0.1:8000   # via /api/v1/recall

Runs exactly what the lesson's panel asks for (static/js/lessons/panel-recall.js: N = 40
distractors, 4 symbols, hidden 32, batch 32, lr 0.01, Adam, clip 1, 300 steps; LSTM with
forget_bias 5, GRU with update_bias 2, the RNN with PyTorch's initialisation), one cell after
the other (the page asks for the three at once; the server trains RNNSCOPE_MAX_CONCURRENT_RECALLS
of them at a time, 1 by default). Prints a Markdown table: accuracy and ||dL/dh_1|| / ||dL/dh_T||
before and after training, and per seed the wall time and the CPU time of the three cells
(with --api, the wall time of the requests; the server's cache must be cold for that to be
the training time: use a fresh server or new seeds). The load average is printed too: on a
shared machine, wall time is CPU time plus waiting.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import urllib.request
from urllib.parse import urlencode

from rnnscope.core.recall import train_recall
from rnnscope.core.recall_lesson import RUNS, SETUP  # the lesson's runs, declared once


def seeds(spec: str) -> list[int]:
    lo, _, hi = spec.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def run(run_args: dict, seed: int, api: str | None) -> dict:
    if api is None:
        return train_recall(**run_args, **SETUP, seed=seed)
    query = urlencode({**run_args, **SETUP, "seed": seed})
    with urllib.request.urlopen(f"{api}/api/v1/recall?{query}", timeout=300) as response:
        return json.load(response)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0-4", help="a seed or a range, e.g. 0-9")
    parser.add_argument("--api", default=None, help="base URL of a running rnnscope server")
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average before: {load}, {os.cpu_count()} CPUs")
    print()
    print(
        "| seed | cell | accuracy start → end | ‖∂L/∂h₁‖/‖∂L/∂h_T‖ start → end | wall s | CPU s |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    totals = []
    for seed in seeds(args.seeds):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for run_args in RUNS:
            w, c = time.perf_counter(), time.process_time()
            r = run(run_args, seed, args.api)
            w, c = time.perf_counter() - w, time.process_time() - c
            s, e = r["start"], r["end"]
            cpu = "n/a" if args.api else f"{c:.2f}"
            print(
                f"| {seed} | {r['cell']} | {s['accuracy']:.3f} → {e['accuracy']:.3f} "
                f"| {s['grad_ratio']:.2e} → {e['grad_ratio']:.2e} | {w:.2f} | {cpu} |"
            )
        totals.append((time.perf_counter() - wall0, time.process_time() - cpu0))
    print()
    print("| seed | three cells: wall s | CPU s |")
    print("| --- | --- | --- |")
    for seed, (w, c) in zip(seeds(args.seeds), totals, strict=True):
        print(f"| {seed} | {w:.2f} | {'n/a' if args.api else f'{c:.2f}'} |")
    print()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
