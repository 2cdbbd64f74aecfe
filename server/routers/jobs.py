"""/api/v1/jobs: train a character language model on a corpus, follow it live, cancel it.

Starting and cancelling follow the write rule (server/writes.py); anyone may follow a job.
The jobs live in SQLite (server/jobs.py), so any worker answers for any job.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from rnnscope.core import corpus as C
from rnnscope.core import limits as L
from rnnscope.core.options import OptionError

from ..errors import ErrorBody, refuse
from ..job_checks import check_lengths, from_model
from ..jobs import TERMINAL, JobStore
from ..models.jobs import JobIn, JobOut
from ..settings import Settings, get_settings
from ..writes import check_write

router = APIRouter(prefix="/api/v1", tags=["jobs"])

JobId = Annotated[
    str, Path(pattern=r"^[0-9a-f]{16}$", description="A job's id.", examples=["0123456789abcdef"])
]
MAX_BODY = 4 * L.MAX_CORPUS_CHARS + 64 * 1024  # the corpus as JSON (UTF-8, escapes)
POLL = 0.5  # seconds between two looks for new events
KEEPALIVE = 15.0  # a comment line this often keeps proxies from closing a quiet stream
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Writes need `Authorization: Bearer <RNNSCOPE_ADMIN_TOKEN>`."},
    403: {"description": "No token is set and the server does not listen on a loopback address."},
    404: {"description": "No job has this id."},
    413: {"description": "The request is larger than a corpus may be."},
    422: {"model": ErrorBody},
}


def get_jobs(request: Request) -> JobStore:
    jobs: JobStore = request.app.state.jobs
    return jobs


Jobs = Annotated[JobStore, Depends(get_jobs)]
Config = Annotated[Settings, Depends(get_settings)]


def _found(jobs: JobStore, job: str) -> dict[str, Any]:
    found = jobs.get(job)
    if found is None:
        raise refuse(404, ["path", "id"], f"id: no job {job}", "not_found")
    return found


async def _job_in(request: Request) -> JobIn:
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise refuse(411, ["header", "content-length"], "content-length: required", "length")
    if int(length) > MAX_BODY:
        msg = f"corpus: {length} bytes; a corpus has at most {L.MAX_CORPUS_CHARS} characters"
        ctx = {"rule": "corpus_bytes", "n": int(length), "max": L.MAX_CORPUS_CHARS}
        raise refuse(413, ["body", "corpus", "text"], msg, "too_large", ctx=ctx)
    try:
        return JobIn.model_validate(json.loads(await request.body()))
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None
    except ValueError:
        raise refuse(422, ["body"], "body: must be JSON", "json") from None


def _corpus(job: JobIn) -> tuple[str, str]:
    """(text, name) of the job's corpus; OptionError -> 422 naming corpus.text/builtin."""
    try:
        if job.corpus.builtin is not None:
            return C.builtin(job.corpus.builtin), f"{job.corpus.builtin}.py"
        assert job.corpus.text is not None
        return C.checked(job.corpus.text), "a text"
    except OptionError as exc:
        loc = ["body", *exc.field.split(" ")[0].split(".")]
        raise refuse(422, loc, str(exc), "corpus", ctx=exc.ctx) from None


@router.post(
    "/jobs",
    status_code=202,
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": JobIn.model_json_schema()}},
        }
    },
)
async def start_job(request: Request, jobs: Jobs, settings: Config) -> JSONResponse:
    """Queue a training on a corpus (`{corpus: {text} or {builtin}, cell, hidden, ...}`)."""
    check_write(request, settings)
    job = await _job_in(request)
    text, name = await run_in_threadpool(_corpus, job)
    check_lengths(job, text)
    config = {**job.model_dump(exclude={"corpus"}), "corpus_name": name, "corpus_chars": len(text)}
    if job.init is not None:  # the stored model's architecture, checked against the request
        config.update(await run_in_threadpool(from_model, request.app.state.store, job, text))
    job_id = await run_in_threadpool(jobs.create, config, text)
    await run_in_threadpool(jobs.dispatch)
    found = jobs.get(job_id) or {"status": "queued"}
    return JSONResponse(
        {"id": job_id, "status": found["status"]},
        status_code=202,
        headers={"Location": f"/api/v1/jobs/{job_id}", "Cache-Control": "no-store"},
    )


@router.get("/jobs/{job_id}", response_model=JobOut, responses=ERRORS)
def get_job(job_id: JobId, jobs: Jobs) -> JSONResponse:
    """A job's status, step, losses and, once done, the id of its stored model."""
    jobs.dispatch()  # a training that died is marked failed; a free core takes the next job
    return JSONResponse(_found(jobs, job_id), headers={"Cache-Control": "no-store"})


@router.delete("/jobs/{job_id}", response_model=JobOut, responses=ERRORS)
def cancel_job(job_id: JobId, request: Request, jobs: Jobs, settings: Config) -> JSONResponse:
    """Cancel a job: a queued one at once, a running one at its next step."""
    check_write(request, settings)
    _found(jobs, job_id)
    jobs.cancel(job_id)
    return JSONResponse(_found(jobs, job_id), headers={"Cache-Control": "no-store"})


@router.get(
    "/jobs/{job_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **ERRORS},
)
async def job_events(job_id: JobId, request: Request, jobs: Jobs) -> StreamingResponse:
    """Server-sent events: step (losses, bits per character, time left), val, sample, and
    the end (done with model_id, failed, cancelled). Last-Event-ID resumes a stream."""
    _found(jobs, job_id)
    given = request.headers.get("last-event-id", "0")
    after = int(given) if given.isdigit() else 0

    async def stream() -> AsyncIterator[str]:
        last, quiet = after, 0.0
        while True:
            for seq, kind, data in await run_in_threadpool(jobs.events, job_id, last):
                yield f"id: {seq}\nevent: {kind}\ndata: {json.dumps(data)}\n\n"
                last, quiet = seq, 0.0
                if kind in TERMINAL:
                    return
            if await request.is_disconnected():
                return
            await asyncio.sleep(POLL)
            quiet += POLL
            if quiet >= KEEPALIVE:
                yield ": still training\n\n"
                quiet = 0.0

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
