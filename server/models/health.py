"""Response of /healthz."""

from typing import Literal

from pydantic import BaseModel


class CacheStats(BaseModel):
    """This worker's trace cache (each worker process has its own)."""

    entries: int
    bytes: int
    hits: int
    misses: int


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    cache: CacheStats
