"""BPTT's inner numbers, per layer: what the notes mean by "the input and recurrent weights are
updated with the errors of every step summed".

Each step t adds d_ih_t x_t^T to dL/dW_ih and d_hh_t h_{t-1}^T to dL/dW_hh (core.bptt.param_grads
sums them). Each contribution is an outer product, so its Frobenius norm is the product of two
vector norms: ||d_ih_t|| ||x_t|| and ||d_hh_t|| ||h_{t-1}||. The gate blocks of d_ih_t are the
gradients of the gates' pre-activations (the LSTM note's backward pass: d_i, d_f, d_g, d_o).
The spectrum of W_hh decides between vanishing and exploding: core.recurrent.spectrum.
"""

from __future__ import annotations

import numpy as np

from . import params as P
from .bptt import LayerGrads
from .cells import CELLS
from .cells.record import blocks
from .limits import JACOBIAN_MAX_HIDDEN
from .model import Forward, Spec, stack
from .norms import row_norms
from .recurrent import spectrum


def step_contributions(lg: LayerGrads, fwd: Forward, k: int) -> dict[str, np.ndarray]:
    """||step t's contribution|| to dL/dW_ih and dL/dW_hh of layer k, (T,) each."""
    h_prev = stack(fwd.records[k], "h_prev")
    with np.errstate(over="ignore", invalid="ignore"):
        return {
            "dW_ih_t": row_norms(lg.d_ih) * row_norms(fwd.layer_input(k)),
            "dW_hh_t": row_norms(lg.d_hh) * row_norms(h_prev),
        }


def gate_grads(lg: LayerGrads, spec: Spec) -> dict[str, np.ndarray]:
    """dL/d(pre-activation) per gate, (T, H) each: {i, f, g, o}, {r, z, n}, or the RNN's {a}."""
    names = CELLS[spec.cell].GATES or ("a",)
    return dict(zip(names, blocks(lg.d_ih, len(names)), strict=True))


def w_hh_spectrum(params: dict, spec: Spec, k: int) -> dict | None:
    """{singular, eig_abs}: per gate block of layer k's W_hh, (H,) each, largest first; None
    when H > JACOBIAN_MAX_HIDDEN (SVDs of every block) or W_hh is not finite."""
    if spec.hidden > JACOBIAN_MAX_HIDDEN:
        return None
    return spectrum(P.layer(params, k)["weight_hh"], spec.hidden)
