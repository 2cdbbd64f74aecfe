"""Service settings, read from `RNNSCOPE_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything an operator may change; defaults serve a laptop in a lecture hall."""

    model_config = SettingsConfigDict(env_prefix="RNNSCOPE_", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    log_level: str = "info"

    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "static"

    # In-process trace cache, per worker: bounded both in entries and in bytes.
    cache_entries: int = Field(512, ge=0)
    cache_bytes: int = Field(256 * 2**20, ge=0)
    # Traces computed at once per worker; more requests wait instead of thrashing 2 cores.
    max_concurrent_traces: int = Field(2, ge=1)

    api_max_age: int = Field(3600, ge=0, description="Cache-Control max-age of API answers")
    vendor_max_age: int = Field(7 * 86400, ge=0, description="max-age of /vendor files")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests pass their own to `create_app` instead."""
    return Settings()
