"""Norms that keep float64's whole range: a gradient of 1e-200 is shown as 1e-200, not 0.

Squaring (as sqrt(sum x^2) and M M^T do) would underflow below ~1e-154 and overflow above
~1e154, exactly where vanishing and exploding gradients live; so every vector and matrix is
divided by its largest entry first and the norm multiplied back.
"""

from __future__ import annotations

import numpy as np


def max_abs(a: np.ndarray, axes) -> np.ndarray:
    """Largest finite |entry| over `axes`, 1 where that is 0 (so dividing by it is safe)."""
    m = np.abs(np.where(np.isfinite(a), a, 0.0)).max(axis=axes)
    return np.where(m > 0, m, 1.0)


def row_norms(rows: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row of (T, H); NaN or inf where the row holds them."""
    scale = max_abs(rows, 1)
    with np.errstate(invalid="ignore"):
        return scale * np.sqrt(np.sum((rows / scale[:, None]) ** 2, axis=1))


def norm(a: np.ndarray) -> float:
    """Euclidean norm of a whole array (a tensor's gradient), range kept as above."""
    return float(row_norms(np.reshape(a, (1, -1)))[0])


def spectral_norms(mats: np.ndarray) -> np.ndarray:
    """Largest singular value of each (H, H) in (T, H, H); NaN where a matrix is not finite."""
    finite = np.isfinite(mats).all(axis=(1, 2))
    scale = max_abs(mats, (1, 2))
    unit = mats / scale[:, None, None]
    return scale * top_singular(unit @ unit.transpose(0, 2, 1), finite)


def top_singular(grams: np.ndarray, finite: np.ndarray) -> np.ndarray:
    """sqrt of the top eigenvalue of each Gram matrix M M^T (T, H, H), NaN where M was not
    finite: the first singular value of M, ~2x faster than an SVD. Callers scale M to entries
    of at most 1 first, so the squares neither underflow (norms of 1e-200 are common when
    gradients vanish over a long text) nor overflow."""
    out = np.full(len(grams), np.nan)
    if finite.any():
        out[finite] = np.sqrt(np.maximum(np.linalg.eigvalsh(grams[finite])[:, -1], 0.0))
    return out
