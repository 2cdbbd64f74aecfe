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
from .errors import CheckpointError, damaged, label

MAX_MEMBERS = 2 * L.MAX_CHECKPOINT_TENSORS + 16
# Inflating more than this many times the compressed size is what bombs do; float weights
# compress to ~90 %, so only members over BOMB_FLOOR bytes are judged by their ratio.
BOMB_RATIO = 200
BOMB_FLOOR = 2**20


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """An open archive whose members are all checked for count, size and ratio."""
    broken = damaged(what.split()[0])  # zip, .npz, torch.save
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, NotImplementedError, struct.error, ...
        msg = f"not a readable {what} (a zip archive): {exc}"
        raise CheckpointError("file", msg, broken) from None
    if len(infos) > MAX_MEMBERS:
        msg = f"{len(infos)} members in the {what}; at most {MAX_MEMBERS}"
        ctx = {"rule": "size_max", "what": "members", "n": len(infos), "max": MAX_MEMBERS}
        raise CheckpointError("file", msg, ctx)
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise CheckpointError("file", f"the {what} names a member twice", broken)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            member = label(info.filename)
            ctx = {"rule": "zip_encrypted", "member": member}
            raise CheckpointError("file", f"member {member} is encrypted", ctx)
        if info.file_size > BOMB_FLOOR and info.file_size > BOMB_RATIO * info.compress_size:
            raise CheckpointError(
                "file",
                f"member {label(info.filename)} would inflate {info.compress_size} bytes to "
                f"{info.file_size} (a zip bomb?)",
                {
                    "rule": "zip_bomb",
                    "member": label(info.filename),
                    "n": info.file_size,
                    "packed": info.compress_size,
                },
                too_large=True,
            )
        total += info.file_size
    if total > L.MAX_CHECKPOINT_BYTES:
        raise CheckpointError(
            "file",
            f"the {what} inflates to {total} bytes; the limit is {L.MAX_CHECKPOINT_BYTES}",
            {"rule": "bytes_max", "what": "inflated", "n": total, "max": L.MAX_CHECKPOINT_BYTES},
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
        msg = f"the archive has no member {label(name)}"
        raise CheckpointError("file", msg, damaged("zip")) from None
    except Exception as exc:  # BadZipFile (CRC), zlib.error, NotImplementedError, ...
        msg = f"member {label(name)} is damaged: {exc}"
        raise CheckpointError("file", msg, damaged("zip")) from None
    if len(raw) != info.file_size:
        msg = f"member {label(name)} is not the size it declares"
        raise CheckpointError("file", msg, damaged("zip"))
    return raw
