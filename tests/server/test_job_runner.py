"""A job's request becomes its training run: every option of POST /api/v1/jobs reaches the
Trainer, and a job stored before lr_decay and dropout existed trains as it did."""

from __future__ import annotations

from rnnscope.core.lm import Corpus
from rnnscope.server.job_runner import trainer_of
from rnnscope.server.models.jobs import JobIn

from .test_jobs import TINY

CORPUS = Corpus.of("the quick brown fox jumps over the lazy dog. " * 20)


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
