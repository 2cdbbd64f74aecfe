"""How sensitive the lesson's recall training is to rounding: perturb the initial weights by a
relative 1e-15 (about 5 units in the last place) and train again.

    .venv/bin/python -m bench.experiments.recall_sensitivity              # LSTM, seed 0
    .venv/bin/python -m bench.experiments.recall_sensitivity --cell gru --seed 3

Why a faster training path must give the same numbers to the bit (tests/core/test_train_path.py)
rather than to 1e-12: for the LSTM at the lesson's settings, a change of this size moves the
final accuracy, so any reordered sum would change docs/lessons-recall.md.
"""

from __future__ import annotations

import argparse

import numpy as np

import rnnscope.core.recall as R
from bench.experiments.recall_seeds import RUNS, SETUP
from rnnscope.core import params as P


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cell", default="lstm", choices=[r["cell"] for r in RUNS])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eps", type=float, default=1e-15)
    args = ap.parse_args()
    run = next(r for r in RUNS if r["cell"] == args.cell)
    real_init = P.init

    def nudged(*a, **kw):
        params = real_init(*a, **kw)
        rng = np.random.default_rng(12345)
        return {k: v * (1 + args.eps * rng.standard_normal(v.shape)) for k, v in params.items()}

    plain = R.train_recall(**SETUP, **run, seed=args.seed)
    R.P.init = nudged
    try:
        moved = R.train_recall(**SETUP, **run, seed=args.seed)
    finally:
        R.P.init = real_init
    print(f"{args.cell}, seed {args.seed}, initial weights x (1 + {args.eps:g} N(0,1)):")
    for name, out in (("as initialised", plain), ("nudged", moved)):
        print(
            f"  {name:15s} accuracy {out['end']['accuracy']:.3f}, "
            f"ratio {out['end']['grad_ratio']:.3g}"
        )


if __name__ == "__main__":
    main()
