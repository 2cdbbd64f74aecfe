"""Work for tests/server/test_pool.py that a compute process imports (a child of the pool
runs in the repository root, so `tests.server.poolwork` is importable there)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from rnnscope.core.cancel import Cancelled, ShouldStop


def until_stopped(marker: str, stop: ShouldStop) -> dict[str, Any]:
    """Say where it runs (its pid in `marker`), then work until asked to stop; say so."""
    Path(marker).write_text(str(os.getpid()))
    assert stop is not None
    while not stop():
        time.sleep(0.01)  # simulated work: one training step
    Path(marker + ".stopped").write_text(str(os.getpid()))
    raise Cancelled


def until_told(marker: str, stop: ShouldStop) -> dict[str, Any]:
    """Say where it runs (its pid in `marker`), then work until `marker`.go exists."""
    Path(marker).write_text(str(os.getpid()))
    while not Path(marker + ".go").exists():
        time.sleep(0.01)  # simulated work: one training step
    return {"pid": os.getpid()}


def where(stop: ShouldStop) -> dict[str, Any]:
    """The process that computed this."""
    return {"pid": os.getpid()}


def niceness(stop: ShouldStop) -> dict[str, Any]:
    """The nice value the computation ran at."""
    return {"nice": os.nice(0)}


def fails(stop: ShouldStop) -> dict[str, Any]:
    raise ZeroDivisionError("on purpose")


def refuses(stop: ShouldStop) -> dict[str, Any]:
    """An import's refusal, raised in the child (core/checkpoints)."""
    from rnnscope.core.checkpoints import CheckpointError

    raise CheckpointError("file", "is too large", {"rule": "bytes_max", "max": 9}, too_large=True)
