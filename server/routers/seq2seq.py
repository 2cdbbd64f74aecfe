"""GET /api/v1/seq2seq: an encoder-decoder with teacher forcing (docs/tasks-format.md)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.tasks import Seq2SeqOut
from ..params import Seq2SeqQuery
from .common import QUERY_RESPONSES, TASK_NOTE, computed, single_valued

router = APIRouter(prefix="/api/v1", tags=["tasks"], dependencies=[Depends(single_valued)])


@router.get("/seq2seq", response_model=Seq2SeqOut, responses=QUERY_RESPONSES,
            description=TASK_NOTE)  # fmt: skip
async def get_seq2seq(request: Request, query: Annotated[Seq2SeqQuery, Query()]) -> Response:
    """Train an encoder-decoder on `pairs` ([source, target]): the encoder's final state is the
    context that starts the decoder; trace both halves and the gradient through the context."""
    tasks = request.app.state.tasks
    return await computed(request, tasks.cached("seq2seq", query), partial(tasks.seq2seq, query))
