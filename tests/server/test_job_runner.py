"""A job's request becomes its training run: every option of POST /api/v1/jobs reaches the
Trainer, and a job stored before lr_decay and dropout existed trains as it did. A failed job
says why with a `reason` and its numbers, for the page to say it in its language."""

from __future__ import annotations

import numpy as np

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


# Alternation to learn, then a validation tail that breaks it: the validation loss falls while
# the model learns how often each character comes, then rises as it learns the alternation.
PARTED = "ab" * 450 + "c" + "aabb" * 25


def test_keep_best_stores_the_check_with_the_lowest_validation_loss(tmp_path):
    asked = {**TINY, "corpus": {"text": PARTED}, "lr": 0.01, "steps": 24, "val_every": 3}
    config = JobIn.model_validate({**asked, "keep": "best"}).model_dump(exclude={"corpus"})
    (tmp_path / "corpora").mkdir()
    jobs, models = JobStore(tmp_path, 1), ModelStore(tmp_path, 2**26, 2**30, 10)
    job = jobs.create({**config, "corpus_name": "a text"}, PARTED)
    status, data = run(jobs, models, job)
    vals = {d["step"]: d["val_loss"] for _, kind, d in jobs.events(job) if kind == "val"}
    assert list(vals) == list(range(0, 25, 3))  # every val_every steps, from the start
    lowest = min((v, s) for s, v in vals.items() if s > 0)[1]
    assert status == "done" and data["kept_step"] == lowest
    assert 0 < lowest < 24 and vals[24] > vals[lowest]  # not the last: the case this is about
    trainer = trainer_of(config, Corpus.of(PARTED, config["val_fraction"]))
    for _ in range(lowest):
        trainer.step()
    got = models.load(models.get(data["model_id"])).params
    assert all(np.array_equal(got[k], w) for k, w in trainer.params.items())


def test_keep_last_stores_the_last_step_and_says_so(tmp_path):
    jobs, job = _stored_job(tmp_path)
    status, data = run(jobs, ModelStore(tmp_path, 2**26, 2**30, 10), job)
    assert status == "done" and data["kept_step"] == TINY["steps"]
    vals = [d["step"] for _, kind, d in jobs.events(job) if kind == "val"]
    assert vals == [0, *range(1, 13)]  # unset val_every: steps // 20, at least 1


def test_a_stored_rnns_activation_is_trained_and_stored_with_it(tmp_path):
    """A ReLU RNN goes on as a ReLU RNN: core.lm's cells take the stored model's activation."""
    from rnnscope.server.job_checks import from_model

    from .test_job_checks import stored

    vocab = sorted(set(TEXT))
    model = stored(tmp_path, "rnn", 8, vocab=vocab, activation="relu")
    job = JobIn.model_validate({**TINY, "cell": "rnn", "corpus": {"text": TEXT}, "init": model})
    models = ModelStore(tmp_path, 2**26, 2**30, 10)
    config = {**job.model_dump(exclude={"corpus"}), **from_model(models, job, TEXT)}
    assert config["activation"] == "relu"
    (tmp_path / "corpora").mkdir()
    jobs = JobStore(tmp_path, 1)
    status, data = run(jobs, models, jobs.create({**config, "corpus_name": "a text"}, TEXT))
    assert status == "done"
    assert models.get(data["model_id"]).activation == "relu"


def test_a_stored_residual_model_is_trained_and_stored_with_its_skip_connections(tmp_path):
    """The job trains the model as it is traced: the Trainer of a residual spec, bit for bit."""
    from rnnscope.core import params as P
    from rnnscope.core.model import Spec
    from rnnscope.server.job_checks import from_model

    from .test_job_checks import stored

    vocab = sorted(set(TEXT))
    model = stored(tmp_path, "gru", 8, layers=3, vocab=vocab, residual=True)
    body = {**TINY, "layers": 3, "corpus": {"text": TEXT}, "init": model}
    job = JobIn.model_validate(body)
    models = ModelStore(tmp_path, 2**26, 2**30, 10)
    config = {**job.model_dump(exclude={"corpus"}), **from_model(models, job, TEXT)}
    assert config["residual"] is True
    (tmp_path / "corpora").mkdir()
    jobs = JobStore(tmp_path, 1)
    status, data = run(jobs, models, jobs.create({**config, "corpus_name": "a text"}, TEXT))
    assert status == "done"
    trained = models.get(data["model_id"])
    assert trained.residual is True and models.load(trained).spec.residual is True
    spec = Spec("gru", len(vocab), 8, 3, residual=True)
    start = P.init("gru", len(vocab), 8, 3, 0, 0)
    t = Trainer(Corpus.of(TEXT, 0.1, vocab), spec, 16, 4, 0.003, 0, start=start)
    for _ in range(TINY["steps"]):
        t.step()
    for name, value in models.load(trained).params.items():
        assert np.array_equal(value, t.params[name]), name
