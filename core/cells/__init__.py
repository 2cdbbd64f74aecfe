"""The three cells. Each module: GATES, G, SHARED_GRAD, step(params, x, state) and backward(...)."""

from . import gru, lstm, rnn

CELLS = {"rnn": rnn, "lstm": lstm, "gru": gru}
