"""Service settings, read from `RNNSCOPE_*` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "RNNSCOPE_"


class Settings(BaseModel):
    """Everything an operator may change; defaults serve a laptop in a lecture hall.

    `Settings()` is the defaults, `Settings(workers=2)` overrides them (tests), and
    `Settings.from_env()` reads `RNNSCOPE_WORKERS=2` and friends (the running service).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    log_level: str = "info"

    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "static"

    # In-process payload cache, per worker: bounded both in entries and in bytes.
    cache_entries: int = Field(512, ge=0)
    cache_bytes: int = Field(256 * 2**20, ge=0)
    # Traces (and samples) computed at once per worker; more wait instead of thrashing 2 cores.
    max_concurrent_traces: int = Field(2, ge=1)
    # Recall trainings take seconds: a lane of their own, so traces never queue behind them.
    max_concurrent_recalls: int = Field(1, ge=1)

    # glibc malloc arenas a worker may keep (server/memory.py); 0 leaves glibc's default.
    malloc_arenas: int = Field(2, ge=0, le=64)

    api_max_age: int = Field(3600, ge=0, description="Cache-Control max-age of API answers")
    vendor_max_age: int = Field(7 * 86400, ge=0, description="max-age of /vendor files")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, replaced by every `RNNSCOPE_<FIELD>` variable that is set.

        Values are strings that pydantic converts and checks (a bad one raises a
        ValidationError naming the field); other `RNNSCOPE_*` variables are ignored.
        """
        env = os.environ if environ is None else environ
        given = {name: env[ENV_PREFIX + name.upper()] for name in cls.model_fields
                 if ENV_PREFIX + name.upper() in env}  # fmt: skip
        return cls.model_validate(given)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests pass their own to `create_app` instead."""
    return Settings.from_env()
