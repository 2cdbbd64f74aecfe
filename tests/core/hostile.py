"""Builders of hostile checkpoint files for the tests: raw safetensors, torch.save-style zips
and pickles assembled opcode by opcode (no torch needed)."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import numpy as np


def safetensors_raw(header: dict, data: bytes, claimed: int | None = None) -> bytes:
    """A safetensors file with exactly this header; `claimed` overrides the length prefix."""
    text = json.dumps(header).encode()
    n = len(text) if claimed is None else claimed
    return struct.pack("<Q", n) + text + data


def tensors_header(tensors: dict[str, np.ndarray]) -> tuple[dict, bytes]:
    """A correct header and data for float32 arrays (to be broken by the caller)."""
    header, chunks, at = {}, [], 0
    for name, arr in tensors.items():
        raw = np.ascontiguousarray(arr, "<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(arr.shape),
            "data_offsets": [at, at + len(raw)],
        }
        chunks.append(raw)
        at += len(raw)
    return header, b"".join(chunks)


def torch_zip(pkl: bytes, storages: dict[str, bytes], top: str = "archive") -> bytes:
    """A torch.save-style zip: <top>/data.pkl, <top>/data/<key>, <top>/byteorder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{top}/data.pkl", pkl)
        z.writestr(f"{top}/byteorder", "little")
        for key, raw in storages.items():
            z.writestr(f"{top}/data/{key}", raw)
    return buf.getvalue()


# Pickle opcodes, enough to write what torch.save writes.
def text(s: str) -> bytes:
    raw = s.encode()
    return b"X" + struct.pack("<I", len(raw)) + raw


def integer(i: int) -> bytes:
    return b"J" + struct.pack("<i", i)


def glob(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def tup(*items: bytes) -> bytes:
    return b"(" + b"".join(items) + b"t"


def tensor(
    key: str, numel: int, offset: int, size: tuple, stride: tuple, storage: str = "FloatStorage"
) -> bytes:
    """torch._utils._rebuild_tensor_v2(persistent storage, offset, size, stride, False, {})."""
    pid = tup(text("storage"), glob("torch", storage), text(key), text("cpu"), integer(numel))
    args = tup(
        pid + b"Q",
        integer(offset),
        tup(*map(integer, size)),
        tup(*map(integer, stride)),
        b"\x89",
        glob("collections", "OrderedDict") + b")R",
    )
    return glob("torch._utils", "_rebuild_tensor_v2") + args + b"R"


def state_dict(entries: dict[str, bytes]) -> bytes:
    """A protocol-2 pickle of a dict of the given pickled values; ends with STOP."""
    body = b"".join(text(k) + v for k, v in entries.items())
    return b"\x80\x02}(" + body + b"u."
