"""Zip archives from uploads (.npz, torch.save files, .keras), read with every size bounded.

A zip bomb declares small members that inflate to gigabytes, or lies about their size. Each
member's declared size is checked against MAX_CHECKPOINT_BYTES before anything is inflated,
and zipfile stops inflating at the declared size (a member that inflates past it fails its
CRC). So no upload makes us hold more than MAX_CHECKPOINT_BYTES of decoded bytes.
"""

from __future__ import annotations

import io
import zipfile

from .. import limits as L
from .errors import CheckpointError, label

MAX_MEMBERS = 2 * L.MAX_CHECKPOINT_TENSORS + 16
# Inflating more than this many times the compressed size is what bombs do; float weights
# compress to ~90 %, so only members over BOMB_FLOOR bytes are judged by their ratio.
BOMB_RATIO = 200
BOMB_FLOOR = 2**20


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """An open archive whose members are all checked for count, size and ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, NotImplementedError, struct.error, ...
        raise CheckpointError("file", f"not a readable {what} (a zip archive): {exc}") from None
    if len(infos) > MAX_MEMBERS:
        raise CheckpointError("file", f"{len(infos)} members in the {what}; at most {MAX_MEMBERS}")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise CheckpointError("file", f"the {what} names a member twice")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise CheckpointError("file", f"member {label(info.filename)} is encrypted")
        if info.file_size > BOMB_FLOOR and info.file_size > BOMB_RATIO * info.compress_size:
            raise CheckpointError(
                "file",
                f"member {label(info.filename)} would inflate {info.compress_size} bytes to "
                f"{info.file_size} (a zip bomb?)",
                too_large=True,
            )
        total += info.file_size
    if total > L.MAX_CHECKPOINT_BYTES:
        raise CheckpointError(
            "file",
            f"the {what} inflates to {total} bytes; the limit is {L.MAX_CHECKPOINT_BYTES}",
            too_large=True,
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, exactly its declared size (open_zip has bounded that)."""
    try:
        info = archive.getinfo(name)
        with archive.open(info) as f:
            raw = f.read(info.file_size + 1)
    except KeyError:
        raise CheckpointError("file", f"the archive has no member {label(name)}") from None
    except Exception as exc:  # BadZipFile (CRC), zlib.error, NotImplementedError, ...
        raise CheckpointError("file", f"member {label(name)} is damaged: {exc}") from None
    if len(raw) != info.file_size:
        raise CheckpointError("file", f"member {label(name)} is not the size it declares")
    return raw
