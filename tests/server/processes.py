"""`rnnscope serve` in a subprocess, as a lecturer starts it, for tests that need real worker
processes (a shared store, a restart, the address a server listens on)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.wait import wait_for

from .stored import fixture

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def rnnscope_serve(
    data_dir: Path, host: str = "127.0.0.1", workers: int = 1, **env: str
) -> Iterator[str]:
    """Run `rnnscope serve --host HOST --port P --workers N` with RNNSCOPE_DATA_DIR=data_dir
    (and RNNSCOPE_<KEY>=value for each of `env`); yield http://127.0.0.1:P; stop it."""
    port = free_port()
    environ = {**os.environ, "RNNSCOPE_DATA_DIR": str(data_dir), "RNNSCOPE_LOG_LEVEL": "warning"}
    environ.pop("RNNSCOPE_ADMIN_TOKEN", None)
    environ.update({f"RNNSCOPE_{k.upper()}": v for k, v in env.items()})
    cmd = [
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=environ, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _up(url) or proc.poll() is not None, "rnnscope serve to answer", 90)
        assert proc.poll() is None, "rnnscope serve exited"
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def post(url: str, name: str, token: str | None = None) -> int:
    """POST fixture `name` and its vocabulary as a browser would; the HTTP status."""
    data, vocab = fixture(name)
    boundary = "rnnscopeboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="vocab"\r\n\r\n'
            f"{json.dumps(vocab)}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="file"; filename="{name}"\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url + "/api/v1/models", body, headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code
