"""What the cost fits share: a least-squares fit on the relative error with no negative time,
and writing the fitted constants into core/cost.py (between markers, never by hand)."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import numpy as np

COST_PY = Path(__file__).resolve().parents[2] / "core" / "cost.py"


def fit_relative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-unit times c >= 0 minimizing sum((x @ c / y - 1)^2): every request weighs the same
    whatever its size. x (n, k) counts, y (n,) measured seconds. Exhaustive over the subsets
    of terms (k is small): the best solution with no negative time."""
    a = x / y[:, None]
    scale = np.maximum(a.max(axis=0), 1e-30)  # columns of comparable size for lstsq
    best, coef = np.inf, np.zeros(x.shape[1])
    for k in range(1, x.shape[1] + 1):
        for cols in itertools.combinations(range(x.shape[1]), k):
            idx = list(cols)
            sol, _, _, _ = np.linalg.lstsq(a[:, idx] / scale[idx], np.ones(len(y)), rcond=None)
            if (sol >= 0).all():
                trial = np.zeros(x.shape[1])
                trial[idx] = sol / scale[idx]
                residual = float(np.sum((a @ trial - 1.0) ** 2))
                if residual < best:
                    best, coef = residual, trial
    return coef


def write_block(name: str, values: dict[str, float], comments: dict[str, str], note: str) -> None:
    """Replace the block `# fitted: <name> ...` .. `# end of fitted: <name>` of core/cost.py
    with `values` (each with its comment), headed by `note` and today's date."""
    text = COST_PY.read_text(encoding="utf-8")
    pattern = re.compile(rf"# fitted: {name}\b.*?# end of fitted: {name}\n", re.S)
    if not pattern.search(text):
        raise SystemExit(f"core/cost.py has no block '# fitted: {name}' .. '# end of fitted'")
    lines = [f"# fitted: {name} by `{note}` on {date.today()}; do not edit by hand"]
    lines += [f"{key} = {value:.3g}  # {comments[key]}" for key, value in values.items()]
    lines.append(f"# end of fitted: {name}\n")
    COST_PY.write_text(pattern.sub(lambda _: "\n".join(lines), text), encoding="utf-8")
    print(f"wrote {len(values)} constants into {COST_PY.name} ({name})")
