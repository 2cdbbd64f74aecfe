"""The store is shared by every worker process and survives restarts: two `rnnscope serve`
processes on one data directory, two workers of one, writers racing for the last byte."""

from __future__ import annotations

import json
import multiprocessing
import urllib.request
from pathlib import Path

from rnnscope.core.checkpoints import import_file
from rnnscope.server.store import ModelStore, StoreFull

from .processes import post, rnnscope_serve
from .stored import fixture


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def delete(url: str) -> int:
    with urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=30) as r:
        return r.status


def ids(base: str) -> list[str]:
    return [m["id"] for m in get(base + "/api/v1/models")["models"]]


def test_two_servers_share_one_store_and_it_survives_a_restart(tmp_path):
    with rnnscope_serve(tmp_path) as a, rnnscope_serve(tmp_path, workers=2) as b:
        assert post(a, "lstm.npz") == 201
        (model_id,) = ids(a)
        for _ in range(8):  # both workers of b, whichever answers
            assert ids(b) == [model_id]
        assert post(b, "gru_whole_model.pt") == 201
        assert len(ids(a)) == 2
        assert delete(f"{b}/api/v1/models/{model_id}") == 204
        assert model_id not in ids(a)
        kept = ids(a)
    with rnnscope_serve(tmp_path) as again:
        assert ids(again) == kept
        body = get(f"{again}/api/v1/models/{kept[0]}")
        assert body["format"] == "pytorch" and body["cell"] == "gru"


def _fill(root: str, names: list[str]) -> list[str]:
    """In a separate process: put each fixture; the outcome of each."""
    store = ModelStore(Path(root), 2**20, 14_000, 100)
    out = []
    for name in names:
        data, vocab = fixture(name)
        try:
            out.append("new" if store.put(import_file(data, vocab=vocab), name)[1] else "same")
        except StoreFull:
            out.append("full")
    return out


def test_racing_writers_never_exceed_the_quota(tmp_path):
    """Two processes put models at once into a store with room for about two: every put is
    stored whole or refused whole, and the bytes stay under the quota."""
    names = ["lstm.npz", "gru_whole_model.pt", "rnn_relu_checkpoint.pth", "lstm_cells.pt"]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.starmap(_fill, [(str(tmp_path), names), (str(tmp_path), names[::-1])])
    store = ModelStore(tmp_path, 2**20, 14_000, 100)
    records = store.list()
    assert sum(r.bytes for r in records) <= 14_000
    assert sum(out.count("new") for out in results) == len(records) >= 2
    files = sorted(p.name for p in (tmp_path / "weights").iterdir())
    assert files == sorted(f"{r.sha256}.safetensors" for r in records)
    for record in records:
        assert store.load(record).spec.cell == record.cell
