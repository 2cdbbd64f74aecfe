"""W_hh's start and its spectrum: what decides whether a gradient vanishes or explodes.

Each cell's W_hh is G gate blocks of (H, H) stacked (PyTorch's layout: rows i, f, g, o or
r, z, n); everything here works block by block.

    pytorch     U(-1/sqrt(H), 1/sqrt(H)) (core.params.init draws it)
    orthogonal  Q of the QR decomposition of a standard normal matrix, its signs fixed by R's
                diagonal (torch.nn.init.orthogonal_): every singular value is 1
    identity    I (with the biases 0: the IRNN of Le, Jaitly and Hinton 2015): every singular
                value and every eigenvalue is 1

Then, if asked, each block is rescaled to a largest singular value (w_hh_sigma) or to a
spectral radius, its largest eigenvalue magnitude (spectral_radius: the echo state network's
knob: below 1 the state forgets where it started).
"""

from __future__ import annotations

import numpy as np

from . import limits as L

INITS = L.INITS


def blocks(w_hh: np.ndarray, hidden: int) -> list[np.ndarray]:
    """The (H, H) gate blocks of W_hh (G*H, H), as views."""
    return [w_hh[j * hidden : (j + 1) * hidden] for j in range(w_hh.shape[0] // hidden)]


def orthogonal(rng: np.random.Generator, hidden: int) -> np.ndarray:
    """An (H, H) orthogonal matrix drawn uniformly (Haar): QR of N(0, 1), signs from diag(R)."""
    q, r = np.linalg.qr(rng.standard_normal((hidden, hidden)))
    return q * np.sign(np.where(np.diag(r) == 0, 1.0, np.diag(r)))


def start(w_hh: np.ndarray, hidden: int, init: str, rng: np.random.Generator) -> None:
    """Set each gate block of W_hh in place for `init` (pytorch leaves the draw as it is)."""
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, not {init!r}")
    for block in blocks(w_hh, hidden):
        if init == "orthogonal":
            block[:] = orthogonal(rng, hidden)
        elif init == "identity":
            block[:] = np.eye(hidden)


def rescale(w_hh: np.ndarray, hidden: int, size: float, measure: str) -> None:
    """Scale each gate block in place so that its `measure` ("sigma": largest singular value,
    "radius": largest eigenvalue magnitude) is `size`; a block whose measure is 0 stays.

    The block is brought to a largest entry of 1 first: with a tiny `init_scale` (1e-310 is
    allowed) its singular value is subnormal and `size / top` would overflow."""
    for block in blocks(w_hh, hidden):
        biggest = np.abs(block).max()
        if not biggest > 0 or not np.isfinite(biggest):
            continue
        block /= biggest
        if measure == "sigma":
            top = np.linalg.norm(block, 2)
        else:
            top = np.abs(np.linalg.eigvals(block)).max()
        if top > 0:
            block *= size / top


def spectrum(w_hh: np.ndarray, hidden: int) -> dict[str, list[np.ndarray]] | None:
    """Per gate block: singular values and eigenvalue magnitudes, each (H,) largest first;
    None when W_hh is not finite."""
    if not np.isfinite(w_hh).all():
        return None
    out: dict[str, list[np.ndarray]] = {"singular": [], "eig_abs": []}
    for block in blocks(w_hh, hidden):
        m = np.abs(block).max()
        m = m if m > 0 else 1.0  # scaled to entries of at most 1, as core.norms does
        out["singular"].append(m * np.linalg.svd(block / m, compute_uv=False))
        out["eig_abs"].append(m * np.sort(np.abs(np.linalg.eigvals(block / m)))[::-1])
    return out
