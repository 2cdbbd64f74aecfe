"""NumPy `.npz` archives (np.savez): one `.npy` member per array, read without pickles.

Each member's `.npy` header (dtype, shape) is checked against the member's size before
np.load(allow_pickle=False) reads it, so a header cannot make us allocate more than the
archive holds; the archive itself is bounded as every zip (zips.open_zip).
"""

from __future__ import annotations

import io
import math

import numpy as np

from .errors import CheckpointError, damaged, label
from .zips import open_zip, read_member

KINDS = "fiub"  # floats, integers, booleans; U and S (text) only for a vocabulary
BROKEN = damaged(".npz")


def _check_header(name: str, raw: bytes) -> None:
    f = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
    except (ValueError, SyntaxError, TypeError, OverflowError) as exc:
        raise CheckpointError(label(name), f"not a .npy array: {exc}", BROKEN) from None
    if dtype.hasobject or dtype.kind not in KINDS + "US":
        msg = f"dtype {dtype} holds no numbers (pickled objects?)"
        ctx = {"rule": "dtype", "dtype": str(dtype)}
        raise CheckpointError(label(name), msg, ctx)
    size = math.prod(shape) * dtype.itemsize
    if size != len(raw) - f.tell():
        raise CheckpointError(
            label(name),
            f"shape {shape} of {dtype} needs {size} bytes, the member has {len(raw) - f.tell()}",
            BROKEN,
        )


def read(data: bytes) -> dict[str, np.ndarray]:
    """{name: array} of an .npz archive (names without `.npy`)."""
    archive = open_zip(data, ".npz file")
    out = {}
    for info in archive.infolist():
        name = info.filename.removesuffix(".npy")
        if name == info.filename:
            msg = f"member {label(info.filename)} is not a .npy array"
            raise CheckpointError("file", msg, BROKEN)
        raw = read_member(archive, info.filename)
        _check_header(name, raw)
        out[name] = np.load(io.BytesIO(raw), allow_pickle=False)
    return out
