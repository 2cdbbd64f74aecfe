"""What becomes a stored model: an uploaded file (multipart form) or a trace's trained weights.

Both end in core.checkpoints.import_file, so a trace's model passes the same checks (finite,
sizes, vocabulary) as a file from a notebook. Errors are HTTPExceptions in the 422 shape.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import replace
from pathlib import PurePath
from typing import Any

import numpy as np
from fastapi import Request
from starlette.datastructures import UploadFile

from rnnscope.core.checkpoints import CheckpointError, Imported, import_file
from rnnscope.core.checkpoints import safetensors as S
from rnnscope.core.limits import MAX_MODEL_NAME_CHARS

from .errors import refuse
from .hdf5 import read_h5
from .settings import Settings

log = logging.getLogger("rnnscope.models")

MAX_NAME = MAX_MODEL_NAME_CHARS
MAX_FIELD = 64 * 1024  # the vocab field: 1024 tokens of up to 64 characters, as JSON
FORM_SLACK = 64 * 1024  # multipart boundaries and the small fields around the file
FIELDS = ("vocab", "tokens", "name")


def clean_name(name: str, default: str) -> str:
    """The stored name: NFC, printable, 1..MAX_NAME characters; `default` when empty."""
    name = unicodedata.normalize("NFC", name or default).strip()
    bad = any(unicodedata.category(c) in ("Cc", "Cs", "Cf") for c in name)
    if bad or not name or len(name) > MAX_NAME:
        msg, ctx = f"name: 1 to {MAX_NAME} printable characters", {"rule": "name", "max": MAX_NAME}
        raise refuse(422, ["body", "name"], msg, "name", ctx=ctx)
    return name


def file_stem(filename: str | None) -> str:
    """`charrnn` of `runs/charrnn.weights.h5`: the default name of an upload."""
    stem = PurePath(filename or "model").name.split(".")[0]
    return re.sub(r"\s+", " ", stem)[:MAX_NAME] or "model"


async def read_form(request: Request, settings: Settings) -> tuple[UploadFile, dict[str, str]]:
    """The multipart form, its size bounded by Content-Length before a byte is read."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        msg, ctx = "content-length: required", {"rule": "length_required"}
        raise refuse(411, ["header", "content-length"], msg, "length", ctx=ctx)
    if int(length) > settings.store_max_file_bytes + FORM_SLACK:
        raise refuse(
            413,
            ["body", "file"],
            f"file: the upload has {length} bytes; at most {settings.store_max_file_bytes} "
            "(RNNSCOPE_STORE_MAX_FILE_BYTES)",
            "too_large",
            ctx={"rule": "file_bytes", "n": int(length), "max": settings.store_max_file_bytes},
        )
    try:
        form = await request.form(max_files=1, max_fields=len(FIELDS), max_part_size=MAX_FIELD)
    except Exception as exc:  # starlette's MultiPartException, a body that is not multipart
        msg = f"body: a multipart form with a file is required ({exc})"
        raise refuse(422, ["body"], msg, "form", ctx={"rule": "form"}) from None
    unknown = sorted(set(form.keys()) - {"file", *FIELDS})
    if unknown:
        allowed = ", ".join(("file", *FIELDS))
        msg = f"{unknown[0][:64]}: unknown form field; allowed: {allowed}"
        ctx = {"rule": "form_field", "allowed": allowed}
        raise refuse(422, ["body", unknown[0][:64]], msg, "extra_forbidden", ctx=ctx)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        msg, ctx = "file: required (multipart field `file`)", {"rule": "file_required"}
        raise refuse(422, ["body", "file"], msg, "missing", ctx=ctx)
    fields = {}
    for key in FIELDS:
        value = form.get(key)
        if value is not None and not isinstance(value, str):
            msg, ctx = f"{key}: must be text, not a file", {"rule": "form_text"}
            raise refuse(422, ["body", key], msg, "form", ctx=ctx)
        fields[key] = value or ""
    return upload, fields


def imported_file(data: bytes, vocab: str, tokens: str) -> Imported:
    """import_file (in a worker thread): CheckpointError -> 422, or 413 for size."""
    try:
        return import_file(data, vocab=vocab or None, tokens=tokens or None, read_h5=read_h5)
    except CheckpointError as exc:
        status = 413 if exc.too_large else 422
        raise refuse(status, ["body", exc.field], str(exc), "checkpoint", ctx=exc.ctx) from None
    except Exception:  # a reader's bug must still answer cleanly, and be seen in the log
        log.exception("import failed")
        msg = "file: could not be read as a model"
        raise refuse(422, ["body", "file"], msg, "checkpoint", ctx={"rule": "unreadable"}) from None


def imported_params(
    weights: dict[str, Any],
    vocab: list[str],
    tokens: str,
    activation: str,
    fmt: str,
    residual: bool = False,
) -> Imported:
    """A model made here (a trace's, a training's) through the checks of an imported file."""
    meta = {"vocab": json.dumps(vocab), "tokens": tokens, "activation": activation}
    if residual:
        meta["residual"] = "true"
    data = S.write({k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}, meta)
    return replace(import_file(data), format=fmt)


def imported_trace(trace: dict[str, Any]) -> Imported:
    """The model of a trace's JSON (GET /api/v1/trace): its trained weights, vocabulary and
    skip connections (`residual`: traced again, the model gives the trace's states)."""
    weights = trace["weights"]
    if any(v is None for w in weights.values() for v in np.ravel(np.array(w, dtype=object))):
        msg, ctx = "query: the trained weights overflowed", {"rule": "weights_overflow"}
        raise refuse(422, ["body", "query"], msg, "nonfinite", ctx=ctx)
    r = trace["request"]
    try:
        return imported_params(
            weights, trace["vocab"], r["tokens"], r["activation"], "rnnscope", r["residual"]
        )
    except CheckpointError as exc:  # a one-token vocabulary, for one
        raise refuse(422, ["body", "query"], f"query: {exc}", "checkpoint", ctx=exc.ctx) from None
