"""Helpers of the model-store tests: an app whose store lives in a temporary directory, seen
from this machine (a loopback client), and the fixture files written by the real libraries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "models"
LOCAL = {"base_url": "http://127.0.0.1", "client": ("127.0.0.1", 50000)}


@contextmanager
def store_client(data_dir: Path, local: bool = True, **settings) -> Iterator[TestClient]:
    """A started TestClient of an app storing models in `data_dir`; `local` requests come
    from 127.0.0.1 to 127.0.0.1 (else from TestClient's non-address `testclient`)."""
    app = create_app(Settings(data_dir=data_dir, **settings))
    with TestClient(app, **(LOCAL if local else {})) as client:
        yield client


def fixture(name: str) -> tuple[bytes, list[str]]:
    """A fixture file's bytes and the vocabulary it was trained with."""
    ref = json.loads((FIXTURES / f"{name}.json").read_text())
    return (FIXTURES / name).read_bytes(), ref["vocab"]


def upload(client: TestClient, file: str, data: bytes | None = None, **fields):
    """POST /api/v1/models with fixture `file` (or `data` under that file name)."""
    if data is None:
        data, vocab = fixture(file)
        fields.setdefault("vocab", json.dumps(vocab))
    headers = fields.pop("headers", {})
    return client.post("/api/v1/models", files={"file": (file, data)}, data=fields, headers=headers)
