"""safetensors, read and written with NumPy alone.

Layout: 8 bytes little-endian N, then N bytes of UTF-8 JSON
    {name: {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}
then the data: each tensor little-endian in C order at [begin, end) of the bytes after the
header. Offsets are contiguous from 0 (no gap, no overlap) and the last end is the file's end.
Every rule is checked before an array is made; the arrays are views of `data`.
"""

from __future__ import annotations

import json
import math

import numpy as np

from .. import limits as L
from .errors import CheckpointError, damaged, label, need

DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "BF16": "<u2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U64": "<u8",
    "U32": "<u4",
    "U16": "<u2",
    "U8": "u1",
    "BOOL": "?",
}
WRITTEN = {np.dtype("<f8"): "F64", np.dtype("<f4"): "F32"}
ENTRY_KEYS = {"dtype", "shape", "data_offsets"}
BROKEN = damaged("safetensors")


def bf16_to_f32(raw: np.ndarray) -> np.ndarray:
    """bfloat16 is the top half of a float32: shift the 16 bits back into place."""
    return (raw.astype(np.uint32) << 16).view(np.float32)


def _no_duplicates(pairs: list) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise CheckpointError("file", "the safetensors header names a key twice", BROKEN)
    return dict(pairs)


def _header(data: bytes) -> tuple[dict, int]:
    need(len(data) >= 8, "file", f"{len(data)} bytes: too short for safetensors", BROKEN)
    n = int.from_bytes(data[:8], "little")
    if n > L.MAX_SAFETENSORS_HEADER:
        raise CheckpointError(
            "file",
            f"the safetensors header claims {n} bytes; the format allows at most "
            f"{L.MAX_SAFETENSORS_HEADER}",
            {"rule": "bytes_max", "what": "header", "n": n, "max": L.MAX_SAFETENSORS_HEADER},
            too_large=True,
        )
    need(
        8 + n <= len(data),
        "file",
        f"the safetensors header claims {n} bytes but the file has {len(data) - 8} after "
        "its length (truncated?)",
        BROKEN,
    )
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        if isinstance(exc, CheckpointError):
            raise
        raise CheckpointError("file", "the safetensors header is not UTF-8 JSON", BROKEN) from None
    need(isinstance(header, dict), "file", "the safetensors header is not a JSON object", BROKEN)
    return header, 8 + n


def _metadata(header: dict) -> dict[str, str]:
    meta = header.pop("__metadata__", None) or {}
    ok = isinstance(meta, dict) and all(isinstance(v, str) for v in meta.values())
    need(ok, "file", "safetensors __metadata__ must map strings to strings", BROKEN)
    return meta


def _entry(name: str, entry: object) -> tuple[str, list[int], int, int]:
    ok = isinstance(entry, dict) and set(entry) == ENTRY_KEYS
    need(ok, label(name), "needs exactly dtype, shape and data_offsets", BROKEN)
    assert isinstance(entry, dict)
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    msg = f"dtype {label(dtype)} is not one of {', '.join(DTYPES)}"
    need(dtype in DTYPES, label(name), msg, {"rule": "dtype", "dtype": label(dtype)})
    ints = isinstance(shape, list) and all(type(d) is int and d >= 0 for d in shape)
    msg = "shape must be a list of at most 8 sizes >= 0"
    need(ints and len(shape) <= 8, label(name), msg, BROKEN)
    pair = isinstance(offsets, list) and len(offsets) == 2
    need(
        pair and all(type(o) is int for o in offsets),
        label(name),
        "data_offsets must be [begin, end]",
        BROKEN,
    )
    begin, end = offsets
    need(0 <= begin <= end, label(name), f"data_offsets [{begin}, {end}] are not in order", BROKEN)
    size = math.prod(shape) * np.dtype(DTYPES[dtype]).itemsize
    need(
        end - begin == size,
        label(name),
        f"data_offsets [{begin}, {end}] hold {end - begin} bytes; shape {shape} of {dtype} "
        f"needs {size}",
        BROKEN,
    )
    return dtype, shape, begin, end


def read(data: bytes) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """(tensors, metadata) of a safetensors file; CheckpointError naming what is wrong."""
    header, start = _header(data)
    meta = _metadata(header)
    need(
        len(header) <= L.MAX_CHECKPOINT_TENSORS,
        "file",
        f"{len(header)} tensors; at most {L.MAX_CHECKPOINT_TENSORS}",
        {"rule": "size_max", "what": "tensors", "n": len(header), "max": L.MAX_CHECKPOINT_TENSORS},
    )
    entries = {name: _entry(name, e) for name, e in header.items()}
    at = 0
    for name, (_, _, begin, end) in sorted(entries.items(), key=lambda kv: kv[1][2:]):
        if begin != at:
            what = "overlaps the tensor before it" if begin < at else "leaves a gap before it"
            raise CheckpointError(label(name), f"data_offsets begin at {begin}: {what}", BROKEN)
        at = end
    need(
        start + at == len(data),
        "file",
        f"the tensors end at byte {start + at} but the file has {len(data)} bytes",
        BROKEN,
    )
    tensors = {}
    for name, (dtype, shape, begin, end) in entries.items():
        arr = np.frombuffer(
            data, DTYPES[dtype], (end - begin) // np.dtype(DTYPES[dtype]).itemsize, start + begin
        ).reshape(shape)
        tensors[name] = bf16_to_f32(arr) if dtype == "BF16" else arr
    return tensors, meta


def write(tensors: dict[str, np.ndarray], metadata: dict[str, str]) -> bytes:
    """A safetensors file of float64/float32 arrays in the given order; the header is padded
    with spaces to a multiple of 8 bytes, as the safetensors library writes it."""
    header: dict[str, object] = {"__metadata__": dict(metadata)}
    chunks, at = [], 0
    for name, arr in tensors.items():
        arr = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<"))
        raw = arr.tobytes()
        header[name] = {
            "dtype": WRITTEN[arr.dtype],
            "shape": list(arr.shape),
            "data_offsets": [at, at + len(raw)],
        }
        chunks.append(raw)
        at += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text + b"".join(chunks)
