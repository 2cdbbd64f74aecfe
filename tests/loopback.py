"""The app on a real loopback port, for what TestClient cannot show: raw bytes on the wire,
closed connections, a browser, worker processes.

- `serving(app)`: uvicorn with h11 (what `rnnscope serve` runs) in a thread of this process.
  Used by the `serve` and `live_server` fixtures (tests/conftest.py) and by the page
  benchmarks (bench/page/).
- `serve_command(...)`: the `rnnscope serve` command itself in a child process, as a
  lecturer starts it (workers, a data directory, the address it listens on). Used by
  tests/server/processes.py and the load benchmarks (bench/load/server.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from .wait import wait_for

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` on a free 127.0.0.1 port in a thread; yield its base URL; stop it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started or not thread.is_alive(), "uvicorn to start", 60)
        if not server.started:
            raise RuntimeError("uvicorn did not start")
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(base: str) -> bool:
    """GET base/healthz answers 200."""
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def serve_command(
    *,
    host: str = "127.0.0.1",
    workers: int = 1,
    env: Mapping[str, str | None] | None = None,
    root: Path = ROOT,
    ready: Callable[[subprocess.Popen[bytes]], bool] | None = None,
    timeout: float = 90.0,
    program: list[str] | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`rnnscope serve --host HOST --port P --workers N` (as `python -m rnnscope.server.cli`,
    importing the checkout in `root`) in a process session of its own, with `env` added to this
    process's environment (None unsets a variable); `program`: another command than
    `python -m rnnscope.server.cli` (an installed `rnnscope`). Yields (process,
    http://127.0.0.1:P) once /healthz answers and `ready(process)` holds; always stops it and its
    workers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # a test's server does not compute the recall lesson's seeds unless asked (server/warm.py)
    # ... nor yield the cores to its compute processes (the tests' machine is shared)
    environ = {**os.environ, "RNNSCOPE_LOG_LEVEL": "warning", "RNNSCOPE_WARM_RECALL": "0",
               "RNNSCOPE_WORKER_NICE": "0"}  # fmt: skip
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    program = program or [sys.executable, "-m", "rnnscope.server.cli"]
    command = [*program, "serve", "--host", host, "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=root, env=environ, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for(
            lambda: proc.poll() is not None or (healthy(base) and (ready is None or ready(proc))),
            "rnnscope serve to answer",
            timeout,
            poll=0.1,
        )
        if proc.poll() is not None:
            raise RuntimeError(f"rnnscope serve exited with {proc.returncode}")
        yield proc, base
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the server's process group (it and its workers), SIGKILL after `grace` s."""
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
