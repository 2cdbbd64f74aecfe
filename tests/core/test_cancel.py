"""should_stop: long computations stop at their next checkpoint, and only when asked to."""

from __future__ import annotations

import numpy as np
import pytest

from rnnscope import core
from rnnscope.core.cancel import Cancelled
from rnnscope.core.recall import train_recall


class StopAfter:
    """should_stop that says yes at its n-th question (never if n is None)."""

    def __init__(self, n: int | None) -> None:
        self.n, self.asked = n, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.n is not None and self.asked >= self.n


def test_a_trace_that_is_never_stopped_is_the_same_trace():
    plain = core.trace("hello", cell="gru", train_steps=20).to_dict()
    asked = StopAfter(None)
    watched = core.trace("hello", cell="gru", train_steps=20, should_stop=asked).to_dict()
    assert watched == plain
    assert asked.asked == 21 + 3  # before each training step and the last loss, 3 passes


@pytest.mark.parametrize("at", [1, 10, 21, 22, 24])
def test_a_trace_stops_at_the_checkpoint_that_says_so(at):
    asked = StopAfter(at)
    with pytest.raises(Cancelled):
        core.trace("hello", cell="lstm", train_steps=20, should_stop=asked)
    assert asked.asked == at  # no question after the one that said stop


def test_an_untrained_trace_is_asked_between_its_passes():
    asked = StopAfter(None)
    core.trace("hello", cell="rnn", should_stop=asked)
    assert asked.asked == 3


def test_recall_training_stops_and_is_unchanged_when_not_stopped():
    kw = dict(cell="gru", hidden=8, n_distract=5, steps=12, batch=4, eval_size=8, n_evals=3)
    asked = StopAfter(None)
    watched = train_recall(**kw, should_stop=asked)
    assert asked.asked == 13
    plain = train_recall(**kw)
    assert np.allclose(watched["end"]["grad_norms"], plain["end"]["grad_norms"], rtol=0, atol=0)
    assert watched["curve"] == plain["curve"]
    stop = StopAfter(5)
    with pytest.raises(Cancelled):
        train_recall(**kw, should_stop=stop)
    assert stop.asked == 5
