"""What /api/v1/cells and the page say about each cell: gates, equations, parameter counts.

The Greek sigma in the equations is the lecture's symbol for the logistic sigmoid.

Equations use the symbols of the fields in the trace (i, f, g, o, c, h; r, z, n, h), in
PyTorch's gate order; `in` is the input size (V one-hot, E embedding, H above layer 0).
"""

from __future__ import annotations

from . import CELLS

# ruff: noqa: RUF001

EQUATIONS = {
    "rnn": [
        "a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh",
        "h_t = act(a_t),  act = tanh | relu | sigmoid",
    ],
    "lstm": [
        "i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)",
        "f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)",
        "g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)",
        "o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)",
        "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t",
        "h_t = o_t ⊙ tanh(c_t)",
    ],
    "gru": [
        "r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)",
        "z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)",
        "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))",
        "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}",
    ],
}

GATE_NAMES = {
    "i": "input gate",
    "f": "forget gate",
    "g": "candidate (cell input)",
    "o": "output gate",
    "r": "reset gate",
    "z": "update gate",
    "n": "candidate (new state)",
}

DECAY_FACTOR = {
    "rnn": "||diag(act'(a_t)) W_hh||_2: the step Jacobian dh_t/dh_{t-1}",
    "lstm": "f_t: the cell path dc_t/dc_{t-1} = diag(f_t)",
    "gru": "z_t: the direct path h_t = ... + z_t ⊙ h_{t-1}",
}


def describe(name: str) -> dict:
    """Everything static about one cell, as plain data."""
    g = CELLS[name].G
    keras_bias = 2 if name == "gru" else 1  # Keras GRU(reset_after=True) keeps two biases
    return {
        "name": name,
        "gates": list(CELLS[name].GATES),
        "gate_names": {k: GATE_NAMES[k] for k in CELLS[name].GATES},
        "state": ["h", "c"] if name == "lstm" else ["h"],
        "rows_per_unit": g,
        "equations": EQUATIONS[name],
        "decay_factor": DECAY_FACTOR[name],
        "param_count": {
            "pytorch": f"{g}*H*(in + H) + 2*{g}*H",
            "keras": f"{g}*H*(in + H) + {keras_bias * g}*H" if g > 1 else "H*(in + H) + H",
        },
    }
