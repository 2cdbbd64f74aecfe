"""/api/v1/models: upload a model trained elsewhere, list, describe, export and delete.

Uploads and deletions follow the write rule (server/writes.py); listing and exporting are
everyone's. Import runs core.checkpoints (no code from the file runs) in a worker thread.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from core.checkpoints import CheckpointError, Imported, import_file

from ..errors import ErrorBody, refuse
from ..hdf5 import read_h5
from ..models.stored import StoredModel, StoredModels, StoreUsage
from ..settings import Settings, get_settings
from ..store import ModelStore, Record, StoreFull
from ..writes import check_write

log = logging.getLogger("rnnscope.models")
router = APIRouter(prefix="/api/v1", tags=["models"])

ModelId = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{16}$", description="A stored model's id.", examples=["0123456789abcdef"]
    ),
]
MAX_NAME = 80
MAX_FIELD = 64 * 1024  # the vocab field: 1024 tokens of up to 64 characters, as JSON
FORM_SLACK = 64 * 1024  # multipart boundaries and the small fields around the file
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Writes need `Authorization: Bearer <RNNSCOPE_ADMIN_TOKEN>`."},
    403: {"description": "No token is set and the server does not listen on a loopback address."},
    404: {"description": "No stored model has this id."},
    413: {"description": "The file, the model or the store would exceed a quota."},
    422: {"model": ErrorBody},
}
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "safetensors, .npz, .pt/.pth, .weights.h5, .keras",
                        },
                        "vocab": {
                            "type": "string",
                            "description": "JSON list of tokens or a string of characters, "
                            "in row order (else the file's)",
                        },
                        "tokens": {"type": "string", "enum": ["char", "word"]},
                        "name": {"type": "string", "maxLength": MAX_NAME},
                    },
                }
            }
        },
    }
}


def get_store(request: Request) -> ModelStore:
    store: ModelStore = request.app.state.store
    return store


Store = Annotated[ModelStore, Depends(get_store)]
Config = Annotated[Settings, Depends(get_settings)]


def _found(store: ModelStore, model_id: str) -> Record:
    record = store.get(model_id)
    if record is None:
        raise refuse(404, ["path", "id"], f"id: no stored model {model_id}", "not_found")
    return record


def _clean_name(name: str, filename: str | None) -> str:
    if not name:
        stem = PurePath(filename or "model").name.split(".")[0]
        name = re.sub(r"\s+", " ", stem)[:MAX_NAME] or "model"
    name = unicodedata.normalize("NFC", name).strip()
    bad = any(unicodedata.category(c) in ("Cc", "Cs", "Cf") for c in name)
    if bad or not name or len(name) > MAX_NAME:
        raise refuse(422, ["body", "name"], f"name: 1 to {MAX_NAME} printable characters", "name")
    return name


async def _form(request: Request, settings: Settings) -> tuple[UploadFile, dict[str, str]]:
    """The multipart form, its size bounded by Content-Length before a byte is read."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise refuse(411, ["header", "content-length"], "content-length: required", "length")
    limit = settings.store_max_file_bytes + FORM_SLACK
    if int(length) > limit:
        raise refuse(
            413,
            ["body", "file"],
            f"file: the upload has {length} bytes; at most "
            f"{settings.store_max_file_bytes} (RNNSCOPE_STORE_MAX_FILE_BYTES)",
            "too_large",
        )
    try:
        form = await request.form(max_files=1, max_fields=3, max_part_size=MAX_FIELD)
    except Exception as exc:  # starlette's MultiPartException, a non-multipart body, ...
        raise refuse(
            422, ["body"], f"body: a multipart form with file is required ({exc})", "form"
        ) from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise refuse(422, ["body", "file"], "file: required (multipart field `file`)", "missing")
    fields = {}
    for key in ("vocab", "tokens", "name"):
        value = form.get(key)
        if value is not None and not isinstance(value, str):
            raise refuse(422, ["body", key], f"{key}: must be text, not a file", "form")
        fields[key] = value or ""
    unknown = set(form.keys()) - {"file", "vocab", "tokens", "name"}
    if unknown:
        raise refuse(
            422,
            ["body", sorted(unknown)[0][:64]],
            "unknown form field; allowed: file, vocab, tokens, name",
            "extra_forbidden",
        )
    return upload, fields


def _imported(data: bytes, vocab: str, tokens: str) -> Imported:
    """import_file in a worker thread: CheckpointError -> 422 (413 for size) naming the field."""
    try:
        return import_file(data, vocab=vocab or None, tokens=tokens or None, read_h5=read_h5)
    except CheckpointError as exc:
        status = 413 if exc.too_large else 422
        raise refuse(status, ["body", exc.field], str(exc), "checkpoint") from None
    except Exception:  # a reader's bug must still answer cleanly, and be seen in the log
        log.exception("import failed")
        raise refuse(
            422, ["body", "file"], "file: could not be read as a model", "checkpoint"
        ) from None


@router.post(
    "/models",
    status_code=201,
    response_model=StoredModel,
    responses={200: {"description": "The same model was stored already."}, **ERRORS},
    openapi_extra=UPLOAD_BODY,
)
async def upload_model(request: Request, store: Store, settings: Config) -> JSONResponse:
    """Import a model file (multipart `file`; optional `vocab`, `tokens`, `name`) and store it."""
    check_write(request, settings)
    upload, fields = await _form(request, settings)
    data = await upload.read(settings.store_max_file_bytes + 1)
    if len(data) > settings.store_max_file_bytes:
        raise refuse(
            413,
            ["body", "file"],
            f"file: more than {settings.store_max_file_bytes} "
            "bytes (RNNSCOPE_STORE_MAX_FILE_BYTES)",
            "too_large",
        )
    name = _clean_name(fields["name"], upload.filename)
    model = await run_in_threadpool(_imported, data, fields["vocab"], fields["tokens"])
    try:
        record, created = await run_in_threadpool(store.put, model, name)
    except StoreFull as exc:
        raise refuse(413, ["body", "file"], f"store: {exc}", "quota") from None
    return JSONResponse(
        record.public(),
        status_code=201 if created else 200,
        headers={"Location": f"/api/v1/models/{record.id}", "Cache-Control": "no-store"},
    )


@router.get("/models", response_model=StoredModels)
def list_models(
    request: Request, store: Store, settings: Config, response: Response
) -> dict[str, Any]:
    """Every stored model (oldest first), what the store holds, and whether you may write."""
    response.headers["Cache-Control"] = "no-store"
    records = store.list()
    try:
        check_write(request, settings)
        writable = True
    except HTTPException:
        writable = False
    usage = StoreUsage(
        models=len(records),
        max_models=settings.store_max_models,
        bytes=sum(r.bytes for r in records),
        max_bytes=settings.store_max_bytes,
        max_file_bytes=settings.store_max_file_bytes,
        writable=writable,
        token_required=settings.admin_token is not None,
    )
    return {"models": [r.public() for r in records], "store": usage}


@router.get("/models/{model_id}", response_model=StoredModel, responses=ERRORS)
def get_model(model_id: ModelId, store: Store, response: Response) -> dict[str, Any]:
    """One stored model: its cell, sizes, vocabulary and where each tensor came from."""
    response.headers["Cache-Control"] = "no-store"
    return _found(store, model_id).public()


@router.get(
    "/models/{model_id}/weights.safetensors",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS},
)
def export_weights(model_id: ModelId, store: Store) -> Response:
    """The weights in PyTorch names, vocabulary and options in the metadata (safetensors)."""
    record = _found(store, model_id)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", record.name)[:60] or "model"
    return Response(
        store.weights_bytes(record),
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{safe}.safetensors"',
            "Cache-Control": "public, max-age=31536000, immutable",  # content-addressed
            "ETag": f'"{record.sha256}"',
        },
    )


@router.delete("/models/{model_id}", status_code=204, response_class=Response, responses=ERRORS)
def delete_model(model_id: ModelId, request: Request, store: Store, settings: Config) -> Response:
    """Remove a stored model and its weights."""
    check_write(request, settings)
    if not store.delete(model_id):
        raise refuse(404, ["path", "id"], f"id: no stored model {model_id}", "not_found")
    return Response(status_code=204)
