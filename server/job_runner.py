"""One training job, in a process of its own:
`python -m rnnscope.server.job_runner <data dir> <job>`.

Started by server.jobs.JobStore.dispatch. Trains core.lm on the job's corpus (from a stored
model's weights with `init`, a fresh Adam), writes progress and events (losses, bits per
character, a validation check and a sample every `val_every` steps) to the job store, stops
when asked, stores the trained model in the model store (the last weights, or with `keep: best`
those of the check with the lowest validation loss), then starts the next queued job.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rnnscope.core.lm import LN2, Corpus, Trainer
from rnnscope.core.model import Spec

from .jobs import JobStore
from .settings import Settings
from .store import ModelStore
from .uploads import imported_params

WRITE_EVERY = 1.0  # seconds between two writes of progress (each step's loss is kept)
Weights = dict[str, np.ndarray]
Kept = tuple[int, float, Weights]  # (step, validation loss, weights) of a check


def run(jobs: JobStore, models: ModelStore, job: str) -> tuple[str, dict[str, Any]]:
    """Train; (status, data) of the end: done {model_id, kept_step}, cancelled, or failed
    {error, reason}."""
    config, text = jobs.corpus_of(job)
    start = None
    if config.get("init"):  # a stored model's weights and vocabulary (checked at POST time)
        record = models.get(config["init"])
        if record is None:
            error = f"the stored model {config['init']} was deleted before the training began"
            return "failed", {"error": error, "reason": "init_missing"}
        start = models.load(record)
    vocab = None if start is None else start.vocab
    corpus = Corpus.of(text, config["val_fraction"], vocab)
    trainer = trainer_of(config, corpus, None if start is None else start.params)
    steps = config["steps"]
    every = max(1, steps // 400)  # about 400 points of the training curve
    check = config.get("val_every") or max(1, steps // 20)  # validation and a sample
    best = config.get("keep") == "best"
    kept: Kept | None = None  # (step, val loss, weights) of the lowest
    val = trainer.val_loss()
    events: list[tuple[str, dict[str, Any]]] = [("val", _val(0, val))]
    start_time = written = time.monotonic()
    for i in range(1, steps + 1):
        loss = trainer.step()
        if not math.isfinite(loss):
            # `reason` and its numbers (not a refusal rule): the page says it in its language
            error = f"the loss overflowed at step {i}: lower lr"
            return "failed", {"error": error, "reason": "loss_overflow", "step": i}
        now = time.monotonic()
        if i % every == 0 or i == steps:
            eta = (now - start_time) / i * (steps - i)
            events.append(
                (
                    "step",
                    {
                        "step": i,
                        "train_loss": loss,
                        "train_bpc": loss / LN2,
                        "elapsed": now - start_time,
                        "eta": eta,
                    },
                )
            )
        val = None
        if i % check == 0 or i == steps:
            val = trainer.val_loss()
            events.append(("val", _val(i, val)))
            events.append(("sample", {"step": i, "text": trainer.generate(240, 0.8, seed=i)}))
            if best and val is not None and _lower(val, kept):
                kept = (i, val, trainer.params)  # each step makes new arrays: no copy needed
        if val is not None or now - written >= WRITE_EVERY or i == steps:
            if jobs.progress(job, i, loss, val, events):
                return "cancelled", {}
            events, written = [], now
    kept_step, params = (kept[0], kept[2]) if kept else (steps, trainer.params)
    spec = trainer.spec
    model = imported_params(params, corpus.vocab, "char", spec.activation, "corpus", spec.residual)
    name = config.get("name") or f"{config['cell']} {config['hidden']} on {config['corpus_name']}"
    record, _ = models.put(model, name[:80])
    return "done", {"model_id": record.id, "kept_step": kept_step}


def trainer_of(config: dict[str, Any], corpus: Corpus, start: Weights | None = None) -> Trainer:
    """The job's training run, from `start` (a stored model's weights) or from its seed (a
    job stored before lr_decay and dropout existed has neither; one of a stored model, its
    activation and skip connections)."""
    spec = Spec(
        config["cell"],
        len(corpus.vocab),
        config["hidden"],
        config["layers"],
        config["embedding"],
        config.get("activation", "tanh"),
        config.get("residual", False),
    )
    return Trainer(
        corpus,
        spec,
        config["seq_len"],
        config["batch"],
        config["lr"],
        config["seed"],
        lr_decay=config.get("lr_decay", 1.0),
        decay_after=config.get("decay_after", 10),
        dropout=config.get("dropout", 0.0),
        start=start,
    )


def _lower(val: float, kept: Kept | None) -> bool:
    """A finite validation loss below the kept one's (the earlier check wins a tie)."""
    return math.isfinite(val) and (kept is None or val < kept[1])


def _val(step: int, loss: float | None) -> dict[str, Any]:
    bpc = None if loss is None else loss / LN2
    return {"step": step, "val_loss": loss, "val_bpc": bpc}


def main(argv: list[str]) -> int:
    root, job = Path(argv[0]), argv[1]
    settings = Settings.from_env()
    jobs = JobStore(root, settings.max_training_jobs)
    models = ModelStore(
        root, settings.store_max_file_bytes, settings.store_max_bytes, settings.store_max_models
    )
    try:
        status, data = run(jobs, models, job)
    except Exception as exc:  # a failed training must say so, never leave the job running
        error = f"{type(exc).__name__}: {exc}"[:500]
        status, data = "failed", {"error": error, "reason": "exception"}
    jobs.finish(job, status, data)
    jobs.dispatch()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
