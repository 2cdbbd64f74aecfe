"""Service settings, read from `RNNSCOPE_*` environment variables."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr

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
    # Threads per worker for requests that compute (anyio's default is 40). A request waiting
    # for a compute slot holds one; with 40, in a lecture hall the others waited first come
    # first served for a thread, before the slots' cheapest-first queue (bench/load/lecture.py).
    max_threads: int = Field(400, ge=1, le=4096)

    # Trainings and recall runs (estimated at `pool_above` seconds or more) are computed in
    # child processes (server/pool.py), at most `compute_processes` at once across all workers
    # (the machine's slots, server/board.py): one per core. 0 computes everything in the
    # workers' own threads, as `max_concurrent_*` say. 0.02 s: every training of 200 steps or
    # more the page offers, most of 50, and the largest untrained traces; the hop costs the
    # worker ~0.5 ms of CPU (bench.server.pool_split; docs/architecture.md, D14).
    compute_processes: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=0, le=256)
    pool_above: float = Field(0.02, ge=0)
    # Start them with the worker (`rnnscope serve` does) rather than at the first training.
    compute_prestart: bool = False
    # The workers' own threads (HTTP, small traces) run this much nicer than the compute
    # processes, which then get the cores first (`rnnscope serve`: 5). On 2 cores in a lecture
    # hall they shared them equally, and trainings ran at half speed behind the workers
    # (bench/load/lecture.py: trained p99 5.2 s at 0, 2.5 s at 5). Linux: per thread.
    worker_nice: int = Field(0, ge=0, le=19)
    # Compute the recall lesson's offered seeds in the background at start (server/warm.py;
    # `rnnscope serve` does, once per code version: they are kept on disk).
    warm_recall: bool = False
    # Their answers, shared by every worker and kept across restarts (server/shared.py).
    shared_cache_bytes: int = Field(512 * 2**20, ge=0, description="0: no shared cache")

    # glibc malloc arenas a worker may keep (server/memory.py); 0 leaves glibc's default.
    malloc_arenas: int = Field(2, ge=0, le=64)

    # The model store (server/store.py): None is the per-user data directory (data_home()).
    data_dir: Path | None = None
    store_max_file_bytes: int = Field(64 * 2**20, ge=1, description="largest upload or model")
    store_max_bytes: int = Field(2**30, ge=0, description="all stored weights together")
    store_max_models: int = Field(200, ge=0)
    # Uploads, trainings and deletions need `Authorization: Bearer <admin_token>` when set;
    # unset, only a server listening on a loopback address accepts them (server/writes.py).
    admin_token: SecretStr | None = None
    # Corpus trainings (server/jobs.py) running at once across all workers: one per core.
    max_training_jobs: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64)

    # CSP frame-ancestors: who may show the page in a frame ('none'; a course site's origin).
    frame_ancestors: str = Field("'none'", pattern=r"^[\w\-.:/*' ]+$", max_length=1000)

    # How long a shared cache (nginx) may keep an API answer before revalidating it by ETag
    # (`s-maxage`); browsers revalidate every time (server/answered.py cache_control).
    api_max_age: int = Field(60, ge=0, description="Cache-Control s-maxage of API answers")
    # The page asks for /vendor files with their digest in the URL (server/vendor.py), kept for
    # good; this is for their fixed URL, which names no version: short, so an upgrade is seen.
    vendor_max_age: int = Field(3600, ge=0, description="max-age of /vendor files at fixed URLs")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, replaced by every `RNNSCOPE_<FIELD>` variable that is set.

        Values are strings that pydantic converts and checks (a bad one raises a
        ValidationError naming the field); other `RNNSCOPE_*` variables are ignored.
        """
        env = os.environ if environ is None else environ
        given = {
            name: env[ENV_PREFIX + name.upper()]
            for name in cls.model_fields
            if ENV_PREFIX + name.upper() in env
        }
        return cls.model_validate(given)


def data_home() -> Path:
    """The per-user data directory of rnnscope: XDG on Linux, the platforms' own elsewhere."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "rnnscope"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests pass their own to `create_app` instead."""
    return Settings.from_env()
