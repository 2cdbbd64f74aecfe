"""Training the readout alone, as an echo state network does: the recurrent weights stay as
they were drawn (the reservoir), only y_t = W_hy s_t + b_y learns, where s_t is what the top
layer passes on (its h_t).

Its gradient needs no backpropagation through time: L_t depends on W_hy only through y_t, so
dL/dW_hy = sum_t dy_t s_t^T and dL/db_y = sum_t dy_t (readout_grads).

Or in closed form (ridge regression, the classic ESN readout): with S = [s_t, 1] (T, H+1) and
Y the one-hot targets (T, V), the least-squares fit of the logits to Y with the penalty
ridge * ||W_hy||^2 (the bias is not penalised) solves the normal equations
    (S^T S + ridge * D) [W_hy, b_y]^T = S^T Y,     D = diag(1, ..., 1, 0)
It fits the logits to the one-hot targets, not the softmax to the cross-entropy: the loss a
trace reports afterwards is the cross-entropy of those logits.
"""

from __future__ import annotations

import numpy as np

from .model import Forward

READOUT = ("readout.weight", "readout.bias")


def readout_grads(fwd: Forward, seeds: np.ndarray) -> dict[str, np.ndarray]:
    """dL/dW_hy (V, H) and dL/db_y (V,) from the loss gradients seeds (T, [B,] V)."""
    s = fwd.outputs[-1].reshape(-1, fwd.outputs[-1].shape[-1])  # (T*B, H)
    dy = seeds.reshape(-1, seeds.shape[-1])  # (T*B, V)
    return {"readout.weight": dy.T @ s, "readout.bias": dy.sum(axis=0)}


def ridge_fit(states: np.ndarray, targets: np.ndarray, vocab: int, ridge: float):
    """(W_hy (V, H), b_y (V,)) solving the normal equations above; states (T, H), targets (T,)."""
    S = np.hstack([states, np.ones((len(states), 1))])  # (T, H+1)
    Y = np.eye(vocab)[targets]  # (T, V)
    D = np.eye(S.shape[1])
    D[-1, -1] = 0.0  # the bias is not penalised
    with np.errstate(all="ignore"):
        A = S.T @ S + ridge * D  # positive definite for ridge > 0: ||S v||^2 + ridge ||v_W||^2
        try:
            W = np.linalg.solve(A, S.T @ Y).T  # (V, H+1)
        except np.linalg.LinAlgError:  # states not finite
            W = np.full((vocab, S.shape[1]), np.nan)
    return W[:, :-1], W[:, -1]
