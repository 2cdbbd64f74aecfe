"""`rnnscope serve` in a child process on a free loopback port, and what its workers use.

    with served(workers=2) as srv:      # waits for /healthz; always stops the server
        srv.base                         # "http://127.0.0.1:PORT"
        srv.worker_pids()                # the uvicorn worker processes (or the server itself)
        srv.rss_bytes(), srv.cpu_seconds()

The server runs in a session of its own, so stopping it stops its workers too (SIGTERM, then
SIGKILL after a grace period); nothing else on the machine is touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc)."""
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
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

    def worker_pids(self) -> list[int]:
        """Processes that answer requests: uvicorn's spawned workers, or the server itself."""
        return [self.proc.pid] if self.workers == 1 else _workers(self.proc.pid)

    def rss_bytes(self) -> dict[int, int]:
        return {pid: rss_bytes(pid) for pid in self.worker_pids()}

    def cpu_seconds(self) -> float:
        """CPU time of the server and all its workers."""
        return cpu_seconds(self.proc.pid) + sum(cpu_seconds(p) for p in children(self.proc.pid))


def _workers(pid: int) -> list[int]:
    return sorted(p for p in children(pid) if "multiprocessing.spawn" in cmdline(p))


def _wait_healthy(base: str, proc: subprocess.Popen, workers: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"rnnscope serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                # every worker must be up, not only the first one to bind
                if r.status == 200 and (workers == 1 or len(_workers(proc.pid)) >= workers):
                    time.sleep(2)  # let the last worker finish its lifespan (gzip of Plotly)
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"rnnscope serve did not answer /healthz within {timeout} s")


@contextlib.contextmanager
def served(
    workers: int = 1, root: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 60.0
) -> Iterator[Served]:
    """Start `rnnscope serve --workers N` of the checkout `root` on 127.0.0.1, yield it, always
    stop it. The page's files are served from a copy taken now, so that edits made in the tree
    meanwhile do not change what is measured."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # `python -m server.cli` is the `rnnscope` command, importing the checkout in `root`
    command = [
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with tempfile.TemporaryDirectory(prefix="rnnscope-page-") as page:
        shutil.copytree(root / "static", Path(page) / "static")
        shutil.copytree(root / "templates", Path(page) / "templates")
        full_env = {
            **os.environ,
            "RNNSCOPE_LOG_LEVEL": "warning",
            "RNNSCOPE_STATIC_DIR": f"{page}/static",
            "RNNSCOPE_TEMPLATES_DIR": f"{page}/templates",
            **(env or {}),
        }
        proc = subprocess.Popen(command, cwd=root, env=full_env, start_new_session=True)
        try:
            _wait_healthy(base, proc, workers, timeout)
            yield Served(proc, base, workers)
        finally:
            stop(proc)


def stop(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM the server's own process group, SIGKILL it if it has not exited in `grace` s."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
