"""GET /api/v1/classify: a many-to-one classifier over a padded batch (docs/tasks-format.md)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from ..models.tasks import ClassifyOut
from ..params import ClassifyQuery
from .common import QUERY_RESPONSES, TASK_NOTE, computed, single_valued

router = APIRouter(prefix="/api/v1", tags=["tasks"], dependencies=[Depends(single_valued)])


@router.get("/classify", response_model=ClassifyOut, responses=QUERY_RESPONSES,
            description=TASK_NOTE)  # fmt: skip
async def get_classify(request: Request, query: Annotated[ClassifyQuery, Query()]) -> Response:
    """Train a classifier on `examples` ([text, label] pairs), then trace every example:
    states, gates, the final state the classifier reads, probabilities, the gradient reaching
    each token."""
    tasks = request.app.state.tasks
    return await computed(request, tasks.cached("classify", query), partial(tasks.classify, query))
