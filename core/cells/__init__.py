"""The three cells. Each module: GATES, G, SHARED_GRAD, step(params, x, state) -> StepRecord and
backward(params, record, dh, dc) -> StepGrad (core.cells.record)."""

from . import gru, lstm, rnn

CELLS = {"rnn": rnn, "lstm": lstm, "gru": gru}
