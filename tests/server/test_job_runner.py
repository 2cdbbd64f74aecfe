"""A job's request becomes its training run: every option of POST /api/v1/jobs reaches the
Trainer, and a job stored before lr_decay and dropout existed trains as it did. A failed job
says why with a `reason` and its numbers, for the page to say it in its language."""

from __future__ import annotations

from rnnscope.core.lm import Corpus, Trainer
from rnnscope.server.job_runner import run, trainer_of
from rnnscope.server.jobs import JobStore
from rnnscope.server.models.jobs import JobIn
from rnnscope.server.store import ModelStore

from .test_jobs import TINY

TEXT = "the quick brown fox jumps over the lazy dog. " * 20
CORPUS = Corpus.of(TEXT)


def test_the_request_sets_the_trainer():
    asked = {**TINY, "layers": 2, "lr": 0.01, "seed": 3, "lr_decay": 0.97, "decay_after": 4}
    config = JobIn.model_validate({**asked, "dropout": 0.25}).model_dump(exclude={"corpus"})
    t = trainer_of(config, CORPUS)
    assert (t.spec.cell, t.spec.hidden, t.spec.layers, t.spec.vocab) == ("gru", 8, 2, 28)
    assert (t.seq_len, t.batch, t.lr, t.seed) == (16, 4, 0.01, 3)
    assert (t.lr_decay, t.decay_after, t.dropout) == (0.97, 4, 0.25)


def test_a_job_stored_before_the_decay_and_dropout_trains_as_before():
    config = JobIn.model_validate(TINY).model_dump(exclude={"corpus"})
    for key in ("lr_decay", "decay_after", "dropout"):
        del config[key]
    t = trainer_of(config, CORPUS)
    assert (t.lr_decay, t.dropout) == (1.0, 0.0)
    for _ in range(11 * t.steps_per_epoch):  # past char-rnn's 10 epochs before a decay
        t.step()
    assert t.rate() == 0.003


def _stored_job(tmp_path) -> tuple[JobStore, str]:
    (tmp_path / "corpora").mkdir(exist_ok=True)
    jobs = JobStore(tmp_path, 1)
    config = JobIn.model_validate(TINY).model_dump(exclude={"corpus"})
    return jobs, jobs.create({**config, "corpus_name": "a text"}, TEXT)


def test_a_loss_that_overflows_fails_the_job_with_its_reason_and_step(tmp_path, monkeypatch):
    jobs, job = _stored_job(tmp_path)
    models = ModelStore(tmp_path, 2**26, 2**30, 10)
    monkeypatch.setattr(Trainer, "step", lambda self: float("nan"))
    status, data = run(jobs, models, job)
    assert status == "failed"
    assert data == {"error": "the loss overflowed at step 1: lower lr",
                    "reason": "loss_overflow", "step": 1}  # fmt: skip


def test_a_training_process_that_stopped_fails_the_job_with_its_reason(tmp_path):
    jobs, job = _stored_job(tmp_path)
    with jobs.write() as con:  # running, its last heartbeat long ago: the process is gone
        con.execute("UPDATE jobs SET status = 'running', heartbeat = 0 WHERE id = ?", (job,))
    assert jobs.dispatch() == []
    kind, data = jobs.events(job)[-1][1:]
    assert (kind, data) == ("failed", {"error": "the training process stopped",
                                       "reason": "process_stopped"})  # fmt: skip
