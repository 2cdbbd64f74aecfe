"""Response of /healthz."""

from typing import Literal

from pydantic import BaseModel, Field


class CacheStats(BaseModel):
    """This worker's trace cache (each worker process has its own)."""

    entries: int
    bytes: int
    hits: int  # answers sent from it, those answered by their URL before routing included
    misses: int


class SharedStats(BaseModel):
    """The answers shared by every worker on disk (server/shared.py): entries and bytes of
    all, and this worker's counters."""

    entries: int
    bytes: int
    hits: int = Field(description="answers this worker read that another had computed")
    waits: int = Field(description="keys another worker was computing when this one asked")
    stores: int = Field(description="answers this worker computed and stored")


class ComputeStats(BaseModel):
    """This worker's pool of child processes for trainings and recall runs (server/pool.py)."""

    processes: int = Field(description="child processes alive")
    runs: int = Field(description="computations sent to them")
    stopped: int = Field(description="computations stopped because their client left")
    slots: int = Field(description="the machine's compute slots, shared by every worker")
    held: int = Field(description="slots held now by all workers")
    shared: SharedStats | None = None


class WarmStats(BaseModel):
    """The recall lesson's offered runs (core/recall_lesson.py) ready in this worker."""

    kept: int = Field(description="runs computed or found kept on disk since the start")
    of: int = Field(description="runs the lesson offers")
    warming: bool = Field(description="whether this worker computes them (RNNSCOPE_WARM_RECALL)")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    cache: CacheStats
    compute: ComputeStats | None = Field(
        None, description="null when the server computes everything in its own threads"
    )
    recall_lesson: WarmStats | None = None
