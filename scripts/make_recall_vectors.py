"""Write tests/core/vectors/recall_small.json: small recall runs' final numbers, the reference
that tests/core/test_train_path.py holds training to.

    python scripts/make_recall_vectors.py

The recall task's LSTM is chaotic (python -m bench.experiments.recall_sensitivity): a change
to core that rounds differently moves these numbers, and with them the lessons' tables. When
the test says so and the change is meant, run this script, regenerate docs/lessons-recall.md's
tables with python -m bench.experiments.recall_seeds (the doc gives the seeds), and update
any lesson text that quotes them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from rnnscope.core.recall import train_recall  # noqa: E402

OUT = ROOT / "tests" / "core" / "vectors" / "recall_small.json"
SETUP = {
    "hidden": 8,
    "n_distract": 4,
    "steps": 40,
    "batch": 8,
    "eval_size": 16,
    "n_evals": 3,
    "seed": 3,
}
OPTIONS = {"rnn": {}, "lstm": {"forget_bias": 5.0}, "gru": {"update_bias": 2.0}}
REGENERATE = (
    "if the change is meant, run python scripts/make_recall_vectors.py and regenerate "
    "docs/lessons-recall.md with python -m bench.experiments.recall_seeds --seeds 0-9"
)


def main() -> None:
    runs = {}
    for cell, options in OPTIONS.items():
        end = train_recall(cell, **SETUP, **options)["end"]
        runs[cell] = {"options": options, **{k: end[k] for k in ("accuracy", "loss", "grad_ratio")}}
    data = {"what": __doc__.split("\n")[0], "setup": SETUP, "runs": runs, "regenerate": REGENERATE}
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
