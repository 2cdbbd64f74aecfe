"""The recall lesson's experiment (scene 10): its settings, its three runs and the seeds it
offers. The page's panel asks for exactly these (static/js/lessons/panel-recall.js, tested
equal in tests/browser/test_lessons.py); the server computes them once, before anyone asks,
and keeps them under its data directory (server/warm.py); the seed study of
docs/lessons-recall.md runs them (bench/experiments/recall_seeds.py).
"""

from __future__ import annotations

from typing import Any

# N = 40 distractors, 300 steps; gate biases for the gated cells (docs/lessons-recall.md).
SETUP: dict[str, Any] = {"n_distract": 40, "steps": 300, "batch": 32, "hidden": 32, "lr": 0.01}
RUNS: tuple[dict[str, Any], ...] = (
    {"cell": "rnn"},
    {"cell": "lstm", "forget_bias": 5.0},
    {"cell": "gru", "update_bias": 2.0},
)
# The seeds the lesson's seed box offers (0..9): ready before a student asks for them.
SEEDS = range(10)


def queries() -> list[dict[str, Any]]:
    """Every run the lesson offers, as /api/v1/recall's query: seed by seed, the page's own
    seed (0) first."""
    return [{**run, **SETUP, "seed": seed} for seed in SEEDS for run in RUNS]
