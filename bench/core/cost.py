"""Does core.estimate_cost track what a request really costs? Measured / estimated, at lecture
sizes: traces and comparisons, untrained and trained.

    python -m bench.core.cost          # the lecture grid: measured / estimated per request
    python -m bench.core.cost --fit    # refit core/cost.py's constants, write them, then the grid

Measured: the CPU seconds of what the server does for the request's answer (each cell's
core.trace.run, its JSON and its gzip; server/traces.py), the least of a few runs in this
process. Estimated: what server/traces.py `prepare` estimates for it (core.estimate_cost per
cell, summed). The target (issue 10): the median of measured / estimated between 0.6 and 1.0
and none above 2, so that the budget (COST_BUDGET) means seconds and the page offers what the
server accepts. --fit times random requests, fits the per-unit times of core.cost.counts (least
squares on the relative error, none negative), scales them so that the median request takes
TARGET of its estimate, and writes them into core/cost.py.
The recall task's estimate: `python -m bench.core.cost_recall`; through HTTP: `cost_http`.
"""

from __future__ import annotations

import importlib
import statistics
import string
import sys
import time

import numpy as np

from rnnscope.core import cost
from rnnscope.core import limits as L
from rnnscope.core.trace import run
from rnnscope.server.jsonbytes import JSON, dumps
from rnnscope.server.params import CompareQuery
from rnnscope.server.payload import Payload
from rnnscope.server.traces import prepare

from .fitted import fit_relative, write_block

# The lessons' texts and a lecture's sentences (10-90 characters), as the page sends them.
TEXTS = {
    "hello": "hello",
    "lesson": "hello world, hello rnn",
    "ko": "순환 신경망은 기울기가 사라진다",
    "fox": "the quick brown fox jumps over the lazy dog",
    "prose": "A recurrent network reads a sentence one character at a time and keeps what it saw.",
}
MODES = {"rnn": ["rnn"], "lstm": ["lstm"], "gru": ["gru"], "compare": ["rnn", "lstm", "gru"]}
TARGET = 0.8  # median measured / estimated after a fit
LONGEST = 4.0  # estimated seconds: longer requests are not timed (nothing offers them)


def grid() -> list[dict]:
    """Every text and mode, untrained and trained as the page offers it, at the page's hidden
    size; larger sizes and stacks on two texts."""
    cases = [
        {"text": text, "mode": mode, "hidden": 8, "train_steps": train}
        for text in TEXTS
        for mode in MODES
        for train in (0, 50, 200, 1000)
    ]
    cases += [
        {"text": text, "mode": mode, "hidden": hidden, "train_steps": train, "layers": layers}
        for text in ("lesson", "fox")
        for mode in ("lstm", "compare")
        for hidden, layers in ((32, 1), (64, 1), (16, 3))
        for train in (0, 200)
    ]
    return cases


def query(case: dict) -> tuple[CompareQuery, list[str]]:
    cells = MODES[case["mode"]]
    given = {k: v for k, v in case.items() if k not in ("mode", "text")}
    text = TEXTS.get(case["text"], case["text"])
    return CompareQuery.model_validate({**given, "text": text, "cells": ",".join(cells)}), cells


def estimate(case: dict) -> float:
    q, cells = query(case)
    return sum(prepare(q, cells, within_budget=False).costs.values())


def measure(case: dict, repeats: int = 2) -> float:
    """CPU seconds of the server's work for this request, the least of `repeats` runs."""
    q, cells = query(case)
    prepared = prepare(q, cells, within_budget=False)
    best = np.inf
    for _ in range(repeats):
        t0 = time.process_time()
        for cell in cells:
            Payload.build(dumps(run(prepared.options[cell], prepared.enc).to_dict()), JSON)
        best = min(best, time.process_time() - t0)
    return float(best)


def report(cases: list[dict]) -> None:
    print(f"{'text':6} {'mode':7} {'H':>3} {'L':>1} {'train':>5} {'est s':>7} {'meas s':>7} "
          f"{'meas/est':>8}")  # fmt: skip
    ratios = []
    measure({"text": "hello", "mode": "lstm", "hidden": 4})  # warm-up
    for case in cases:
        est = estimate(case)
        if est > LONGEST:
            continue
        took = measure(case, 3 if est < 0.2 else 2)
        ratios.append(took / est)
        print(
            f"{case['text']:6} {case['mode']:7} {case['hidden']:>3} {case.get('layers', 1):>1} "
            f"{case['train_steps']:>5} {est:7.3f} {took:7.3f} {took / est:8.2f}",
            flush=True,
        )
    median, worst = statistics.median(ratios), max(ratios)
    ok = 0.6 <= median <= 1.0 and worst <= 2.0
    print(
        f"{len(ratios)} requests: median measured/estimated {median:.2f}, max {worst:.2f}, "
        f"min {min(ratios):.2f} ({'within' if ok else 'OUTSIDE'} the target: median in "
        "[0.6, 1.0], none above 2)"
    )


# Per-unit times of core.cost.counts' terms, and what each stands for.
TERMS = {
    "base": ("BASE_S", "one trace: initialising, tokens, assembling the dict, gzip"),
    "cells_rnn": ("CELL_RNN_S", "one RNN step (forward or backward) of one layer: its calls"),
    "cells_lstm": ("CELL_LSTM_S", "one LSTM step (forward or backward) of one layer"),
    "cells_gru": ("CELL_GRU_S", "one GRU step (forward or backward) of one layer"),
    "calls_rnn": ("CALL_RNN_S", "one fixed NumPy call of an RNN training step (optimiser, grads)"),
    "calls_lstm": ("CALL_LSTM_S", "one fixed NumPy call of an LSTM training step"),
    "calls_gru": ("CALL_GRU_S", "one fixed NumPy call of a GRU training step"),
    "flops": ("FLOP_S", "one floating-point operation in matrix-vector work"),
    "jac_flops": ("BATCH_FLOP_S", "matrix-matrix work (the Jacobians: H seeds at once)"),
    "eig": ("EIG_S", "per H^3 of one spectral norm (Gram matrix and its eigenvalues)"),
    "floats": ("FLOAT_S", "one number converted and serialised to JSON"),
    "train_cells_rnn": ("TRAIN_CELL_RNN_S", "one RNN step of a training in core.sweep, fwd or bwd"),
    "train_cells_lstm": ("TRAIN_CELL_LSTM_S", "one LSTM step of a training in core.sweep"),
    "train_cells_gru": ("TRAIN_CELL_GRU_S", "one GRU step of a training in core.sweep"),
}


def random_case(rng: np.random.Generator, lecture: bool) -> dict:
    """A request of any size the API takes (text, vocabulary, cell, hidden, stack, training),
    or one of a lecture's (a sentence, small hidden sizes, one layer, the page's training)."""
    alphabet = string.ascii_letters + string.digits + "가나다라마바사아자차카타파하"
    vocab = int(rng.choice([4, 10, 20] if lecture else [4, 10, 26, 60]))
    steps = int(rng.choice([4, 10, 20, 40, 80] if lecture else [4, 12, 24, 48, 96, 256]))
    hidden = [4, 8, 8, 16, 32, 64] if lecture else [4, 8, 16, 32, 64, 128, 256]
    return {
        "text": "".join(rng.choice(list(alphabet[:vocab]), steps + 1)),
        "mode": str(rng.choice(list(MODES))),
        "hidden": int(rng.choice(hidden)),
        "layers": 1 if lecture else int(rng.choice([1, 1, 2, 3])),
        "embedding": 0 if lecture else int(rng.choice([0, 0, 0, 8])),
        "train_steps": int(rng.choice([0, 50, 200, 500, 1000] if lecture else [0, 0, 10, 50, 200])),
        "truncate": None if lecture or rng.random() < 0.8 else int(rng.choice([4, 16])),
    }


def counts_of(case: dict) -> list[float]:
    q, cells = query(case)
    prepared = prepare(q, cells, within_budget=False)
    rows = []
    for cell in cells:
        o, enc = prepared.options[cell], prepared.enc
        c = cost.counts(cost.Work.of(o, len(enc.tokens), len(enc.vocab)))
        per_cell = {f"{k}_{name}": c[k] if name == cell else 0.0
                    for k in ("cells", "calls", "train_cells")
                    for name in L.CELL_NAMES}  # fmt: skip
        rows.append([1.0] + [per_cell.get(k, c.get(k, 0.0)) for k in list(TERMS)[1:]])
    return list(np.sum(rows, axis=0))


def fit_main(n: int = 120) -> None:
    """Time `n` random requests (estimated at most LONGEST s now; half of them of a lecture's
    sizes), fit, write, report."""
    rng = np.random.default_rng(0)
    rows, measured = [], []
    measure({"text": "hello", "mode": "lstm", "hidden": 4})  # warm-up
    while len(rows) < n:
        case = random_case(rng, lecture=len(rows) % 2 == 0)
        if estimate(case) > LONGEST:
            continue
        rows.append(counts_of(case))
        measured.append(measure(case))
    x, y = np.array(rows), np.maximum(np.array(measured), 1e-4)
    coef = fit_relative(x, y)
    scale = float(np.median((x @ coef) / y)) * TARGET  # the median request at TARGET
    coef = coef / scale
    ratio = y / (x @ coef)
    print(f"fitted on {n} random requests: measured/estimated median {np.median(ratio):.2f}, "
          f"max {ratio.max():.2f}, min {ratio.min():.2f}")  # fmt: skip
    values = {name: float(c) for (name, _), c in zip(TERMS.values(), coef, strict=True)}
    comments = dict(TERMS.values())
    write_block("trace", values, comments, "python -m bench.core.cost --fit")
    importlib.reload(cost)  # the grid below with the constants just written
    report(grid())


if __name__ == "__main__":
    if "--fit" in sys.argv[1:]:
        fit_main()
    else:
        report(grid())
    sys.exit(0 if L.COST_BUDGET > 0 else 1)
