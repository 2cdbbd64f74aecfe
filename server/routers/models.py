"""/api/v1/models: upload a model trained elsewhere, store a trace's, list, export, delete.

Uploads, saves and deletions follow the write rule (server/writes.py); listing and exporting
are everyone's. Import runs core.checkpoints (no code from the file runs) in a worker thread.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from rnnscope.core.checkpoints import Imported

from ..errors import ErrorBody, refuse
from ..models.stored import StoredModel, StoredModels, StoreUsage
from ..params import TraceQuery
from ..payload import IMMUTABLE
from ..settings import Settings, get_settings
from ..store import ModelStore, Record, StoreFull
from ..uploads import MAX_NAME, clean_name, file_stem, imported_file, imported_trace, read_form
from ..writes import check_write

router = APIRouter(prefix="/api/v1", tags=["models"])

ModelId = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{16}$", description="A stored model's id.", examples=["0123456789abcdef"]
    ),
]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Writes need `Authorization: Bearer <RNNSCOPE_ADMIN_TOKEN>`."},
    403: {"description": "No token is set and the server does not listen on a loopback address."},
    404: {"description": "No stored model has this id."},
    413: {"description": "The file, the model or the store would exceed a quota."},
    422: {"model": ErrorBody},
}
CREATED = {
    200: {"description": "The same model was stored already."},
    400: {"description": "The body could not be parsed (not JSON, or not UTF-8)."},
    **ERRORS,
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


def _gone(model_id: str) -> HTTPException:
    """The 404 of an id no stored model has (deleted, or another server's)."""
    msg, ctx = f"id: no stored model {model_id}", {"rule": "not_found", "id": model_id}
    return refuse(404, ["path", "id"], msg, "not_found", ctx=ctx)


def _found(store: ModelStore, model_id: str) -> Record:
    record = store.get(model_id)
    if record is None:
        raise _gone(model_id)
    return record


async def _stored(store: ModelStore, model: Imported, name: str, field: str) -> JSONResponse:
    """Put `model` in the store: 201 with its record, 200 when it was there, 413 when full."""
    try:
        record, created = await run_in_threadpool(store.put, model, name)
    except StoreFull as exc:
        raise refuse(413, ["body", field], f"store: {exc}", "quota", ctx=exc.ctx) from None
    return JSONResponse(
        record.public(),
        status_code=201 if created else 200,
        headers={"Location": f"/api/v1/models/{record.id}", "Cache-Control": "no-store"},
    )


@router.post(
    "/models",
    status_code=201,
    response_model=StoredModel,
    responses=CREATED,
    openapi_extra=UPLOAD_BODY,
)
async def upload_model(request: Request, store: Store, settings: Config) -> JSONResponse:
    """Import a model file (multipart `file`; optional `vocab`, `tokens`, `name`) and store it."""
    check_write(request, settings)
    upload, fields = await read_form(request, settings)
    data = await upload.read(settings.store_max_file_bytes + 1)
    if len(data) > settings.store_max_file_bytes:
        msg = f"file: over {settings.store_max_file_bytes} bytes (RNNSCOPE_STORE_MAX_FILE_BYTES)"
        ctx = {"rule": "file_over", "max": settings.store_max_file_bytes}
        raise refuse(413, ["body", "file"], msg, "too_large", ctx=ctx)
    name = clean_name(fields["name"], file_stem(upload.filename))
    model = await run_in_threadpool(imported_file, data, fields["vocab"], fields["tokens"])
    return await _stored(store, model, name, "file")


class SaveTrace(BaseModel):
    """A trace to store: the query string of its /api/v1/trace URL, and a name."""

    query: str = Field(max_length=16 * 1024, examples=["text=hello&cell=lstm&train_steps=100"])
    name: str = Field("", max_length=MAX_NAME)


@router.post(
    "/models/from-trace",
    status_code=201,
    response_model=StoredModel,
    responses={**CREATED, 400: {"description": "The body is not JSON."}},
)
async def save_trace(
    body: SaveTrace, request: Request, store: Store, settings: Config
) -> JSONResponse:
    """Store the model a trace trained (its weights after `train_steps`, its vocabulary)."""
    check_write(request, settings)
    pairs = parse_qsl(body.query, keep_blank_values=True)
    if len({k for k, _ in pairs}) != len(pairs):
        msg, ctx = "query: a parameter given twice", {"rule": "query_twice"}
        raise refuse(422, ["body", "query"], msg, "query", ctx=ctx)
    try:
        query = TraceQuery.model_validate(dict(pairs))
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", "query", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None
    query = query.model_copy(update={"digits": None})  # the weights as trained, not as drawn
    traces = request.app.state.traces
    payload = traces.cached(query) or await run_in_threadpool(traces.trace, query)
    model = imported_trace(json.loads(payload.raw))
    return await _stored(
        store, model, clean_name(body.name, f"{query.cell} {query.text[:40]}"), "query"
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
            "Cache-Control": IMMUTABLE,  # content-addressed
            "ETag": f'"{record.sha256}"',
        },
    )


@router.delete("/models/{model_id}", status_code=204, response_class=Response, responses=ERRORS)
def delete_model(model_id: ModelId, request: Request, store: Store, settings: Config) -> Response:
    """Remove a stored model and its weights."""
    check_write(request, settings)
    if not store.delete(model_id):
        raise _gone(model_id)
    return Response(status_code=204)
