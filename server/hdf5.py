"""HDF5 (Keras weights) -> {dataset path: array}, with pyfive: pure Python, NumPy-based.

pyfive is the one reader of HDF5 here (core stays NumPy-only and gets this function passed
in). Every dataset's shape and dtype is checked before its data is read: numbers only, and
no more in all than core's MAX_CHECKPOINT_BYTES; groups at most MAX_DEPTH deep, MAX_NODES in
all (a file whose links loop cannot walk forever).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pyfive

from rnnscope.core import limits as L
from rnnscope.core.checkpoints.errors import CheckpointError, damaged, label

MAX_DEPTH = 12
MAX_NODES = 4 * L.MAX_CHECKPOINT_TENSORS
BROKEN = damaged("HDF5")


def _dataset(path: str, ds: pyfive.Dataset, budget: list[int]) -> np.ndarray:
    shape, dtype = tuple(ds.shape or ()), np.dtype(ds.dtype)
    if dtype.kind not in "fiub":
        ctx = {"rule": "dtype", "dtype": str(dtype)}
        raise CheckpointError(label(path), f"dtype {dtype} holds no numbers", ctx)
    size = math.prod(shape) * dtype.itemsize
    budget[0] -= size
    if budget[0] < 0:
        msg = f"the datasets hold more than {L.MAX_CHECKPOINT_BYTES} bytes"
        big = {"rule": "file_over", "max": L.MAX_CHECKPOINT_BYTES}
        raise CheckpointError("file", msg, big, too_large=True)
    arr = np.asarray(ds[()])
    if arr.shape != shape or arr.dtype != dtype:
        raise CheckpointError(label(path), "its data does not match its declared shape", BROKEN)
    return arr


def read_h5(data: bytes) -> dict[str, np.ndarray]:
    """Every dataset of an HDF5 file by its path (`layers/lstm/cell/vars/0`)."""
    out: dict[str, np.ndarray] = {}
    # Keras stores weights uncompressed: datasets cannot hold much more than the file does.
    budget, nodes = [min(L.MAX_CHECKPOINT_BYTES, 8 * len(data) + 2**20)], 0
    try:
        stack = [("", pyfive.File(io.BytesIO(data)), 0)]
        while stack:
            prefix, group, depth = stack.pop()
            for name in group:
                nodes += 1
                if nodes > MAX_NODES or depth > MAX_DEPTH:
                    msg = "the HDF5 file has too many or too deep groups"
                    raise CheckpointError("file", msg, BROKEN)
                obj = group[name]
                if isinstance(obj, pyfive.Dataset):
                    out[prefix + name] = _dataset(prefix + name, obj, budget)
                elif isinstance(obj, pyfive.Group):
                    stack.append((f"{prefix}{name}/", obj, depth + 1))
    except CheckpointError:
        raise
    except Exception as exc:  # pyfive's errors on a damaged file: ValueError, KeyError, ...
        msg = f"not a readable HDF5 file ({type(exc).__name__})"
        raise CheckpointError("file", msg, BROKEN) from None
    return out
