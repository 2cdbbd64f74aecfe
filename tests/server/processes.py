"""`rnnscope serve` in a subprocess, as a lecturer starts it, for tests that need real worker
processes (a shared store, a restart, the address a server listens on)."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.loopback import serve_command

from .stored import fixture


@contextlib.contextmanager
def rnnscope_serve(
    data_dir: Path, host: str = "127.0.0.1", workers: int = 1, **env: str
) -> Iterator[str]:
    """Run `rnnscope serve --host HOST --port P --workers N` with RNNSCOPE_DATA_DIR=data_dir
    (and RNNSCOPE_<KEY>=value for each of `env`); yield http://127.0.0.1:P; stop it."""
    environ: dict[str, str | None] = {"RNNSCOPE_DATA_DIR": str(data_dir)}
    environ["RNNSCOPE_ADMIN_TOKEN"] = None  # unless the test sets it
    environ.update({f"RNNSCOPE_{k.upper()}": v for k, v in env.items()})
    with serve_command(host=host, workers=workers, env=environ) as (_, url):
        yield url


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
