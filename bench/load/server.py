"""`rnnscope serve` in a child process on a free loopback port, and what its workers use.

    with served(workers=2) as srv:      # waits for /healthz; always stops the server
        srv.base                         # "http://127.0.0.1:PORT"
        srv.worker_pids()                # the uvicorn worker processes (or the server itself)
        srv.rss_bytes(), srv.cpu_seconds()

The server is started by the tests' `serve_command` (tests/loopback.py): a session of its own,
so stopping it stops its workers too (SIGTERM, then SIGKILL after a grace period); nothing
else on the machine is touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.loopback import serve_command

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc)."""
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    return out


def descendants(pid: int) -> list[int]:
    """`pid` and every process under it."""
    out = [pid]
    for child in children(pid):
        out += descendants(child)
    return out


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rss_bytes(pid: int) -> int:
    """Resident set size of one process, 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except OSError:
        return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except OSError:
        return 0.0


@dataclass
class Served:
    proc: subprocess.Popen
    base: str
    workers: int
    data_dir: Path | None = None  # RNNSCOPE_DATA_DIR: stored models, shared answers, the board

    def worker_pids(self) -> list[int]:
        """Processes that answer requests: uvicorn's spawned workers, or the server itself."""
        return [self.proc.pid] if self.workers == 1 else _workers(self.proc.pid)

    def rss_bytes(self) -> dict[int, int]:
        return {pid: rss_bytes(pid) for pid in self.worker_pids()}

    def cpu_seconds(self) -> float:
        """CPU time of the server, its workers and their compute processes (descendants)."""
        return sum(cpu_seconds(p) for p in descendants(self.proc.pid))

    def compute_cpu_seconds(self) -> float:
        """CPU time of the compute processes alive now (server/pool.py's children)."""
        pids = descendants(self.proc.pid)
        return sum(cpu_seconds(p) for p in pids if "rnnscope.server.pool" in cmdline(p))


def _workers(pid: int) -> list[int]:
    return sorted(p for p in children(pid) if "multiprocessing.spawn" in cmdline(p))


@contextlib.contextmanager
def served(
    workers: int = 1, root: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 60.0
) -> Iterator[Served]:
    """Start `rnnscope serve --workers N` of the checkout `root` on 127.0.0.1 (the tests'
    serve_command), yield it, always stop it. The page's files are served from a copy taken
    now, so that edits made in the tree meanwhile do not change what is measured; its data
    directory (stored models, shared answers) is a fresh one unless `env` names one."""

    def all_workers(proc: subprocess.Popen[bytes]) -> bool:
        # every worker must be up, not only the first one to bind
        return workers == 1 or len(_workers(proc.pid)) >= workers

    with tempfile.TemporaryDirectory(prefix="rnnscope-page-") as page:
        shutil.copytree(root / "static", Path(page) / "static")
        shutil.copytree(root / "templates", Path(page) / "templates")
        dirs = {
            "RNNSCOPE_STATIC_DIR": f"{page}/static",
            "RNNSCOPE_TEMPLATES_DIR": f"{page}/templates",
            "RNNSCOPE_DATA_DIR": f"{page}/data",  # a fresh one: no answer computed before
            "RNNSCOPE_WORKER_NICE": None,  # as `rnnscope serve` does (not as the tests)
        }
        with serve_command(
            workers=workers,
            env={**dirs, **(env or {})},
            root=root,
            ready=all_workers,
            timeout=timeout,
        ) as (proc, base):
            # let the last worker finish its lifespan (gzip of Plotly) before measuring
            time.sleep(2)
            data = (env or {}).get("RNNSCOPE_DATA_DIR", dirs["RNNSCOPE_DATA_DIR"])
            yield Served(proc, base, workers, Path(data))
