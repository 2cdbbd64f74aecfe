"""/api/v1/jobs: trainings on a corpus in processes of their own, followed live by server-sent
events from any worker, queued one per core, cancelled, refused with a 422 naming the field."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from tests.wait import wait_for

from .processes import rnnscope_serve
from .stored import store_client

TINY = {
    "corpus": {"builtin": "textwrap"},
    "cell": "gru",
    "hidden": 8,
    "seq_len": 16,
    "batch": 4,
    "steps": 12,
}


def events(client, job: str, after: int = 0) -> list[tuple[str, dict]]:
    """Every event of the job's stream until its end."""
    out, kind = [], None
    headers = {"Last-Event-ID": str(after)} if after else {}
    with client.stream("GET", f"/api/v1/jobs/{job}/events", headers=headers) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                out.append((kind, json.loads(line[6:])))
    return out


def test_a_job_trains_streams_and_stores_its_model(tmp_path):
    with store_client(tmp_path) as client:
        r = client.post("/api/v1/jobs", json={**TINY, "name": "tiny gru"})
        assert r.status_code == 202 and r.json()["status"] in ("queued", "running")
        job = r.json()["id"]
        seen = events(client, job)
        kinds = [k for k, _ in seen]
        assert kinds[:3] == ["queued", "started", "val"] and kinds[-1] == "done"
        steps = [d for k, d in seen if k == "step"]
        assert [d["step"] for d in steps] == list(range(1, 13))
        assert all(d["train_bpc"] > 0 and d["eta"] >= 0 for d in steps)
        assert any(k == "sample" and d["text"] for k, d in seen)
        body = client.get(f"/api/v1/jobs/{job}").json()
        assert (body["status"], body["step"], body["steps"]) == ("done", 12, 12)
        assert body["val_loss"] is not None and body["train_loss"] is not None
        model = client.get(f"/api/v1/models/{body['model_id']}").json()
        assert (model["name"], model["cell"], model["hidden"], model["format"]) == (
            "tiny gru",
            "gru",
            8,
            "corpus",
        )
        assert events(client, job, after=len(seen) - 1)[-1][0] == "done"  # Last-Event-ID


def test_one_training_per_core_the_rest_queued_and_cancelled(tmp_path):
    with store_client(tmp_path, max_training_jobs=1) as client:
        long = {**TINY, "steps": 3000}  # ends by itself within seconds if a cancel failed
        first = client.post("/api/v1/jobs", json=long).json()["id"]
        second = client.post("/api/v1/jobs", json=TINY).json()["id"]
        assert client.get(f"/api/v1/jobs/{second}").json()["status"] == "queued"
        assert client.get(f"/api/v1/jobs/{first}").json()["status"] == "running"
        client.delete(f"/api/v1/jobs/{first}")
        wait_for(
            lambda: client.get(f"/api/v1/jobs/{first}").json()["status"] == "cancelled",
            "the running job to stop",
            60,
        )
        assert events(client, second)[-1][0] == "done"  # the queued one ran after it
        third = client.post("/api/v1/jobs", json=long).json()["id"]
        fourth = client.post("/api/v1/jobs", json=long).json()["id"]
        assert client.delete(f"/api/v1/jobs/{fourth}").json()["status"] == "cancelled"
        client.delete(f"/api/v1/jobs/{third}")
        assert events(client, third)[-1][0] == "cancelled"


@pytest.mark.parametrize(
    "patch,loc",
    [
        ({"corpus": {"builtin": "os.path"}}, ["body", "corpus", "builtin"]),
        ({"corpus": {"builtin": "sys"}}, ["body", "corpus", "builtin"]),
        ({"corpus": {"text": "too short"}}, ["body", "corpus", "text"]),
        ({"corpus": {"text": "abc", "builtin": "json"}}, ["body", "corpus"]),
        ({"hidden": 257}, ["body", "hidden"]),
        ({"lr": 0}, ["body", "lr"]),
        ({"lr_decay": 1.5}, ["body", "lr_decay"]),
        ({"dropout": 1}, ["body", "dropout"]),
        ({"colour": "red"}, ["body", "colour"]),
    ],
)
def test_bad_requests_name_the_field(tmp_path, patch, loc):
    with store_client(tmp_path) as client:
        r = client.post("/api/v1/jobs", json={**TINY, **patch})
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["loc"] == loc
        assert client.get("/api/v1/jobs/0123456789abcdef").status_code == 404


def test_jobs_follow_the_write_rule(tmp_path):
    """Starting and cancelling follow the write rule; reading and following a job need nothing."""
    long = {**TINY, "steps": 3000}  # ends by itself within seconds if a cancel failed
    with store_client(tmp_path, local=False) as client:
        assert client.post("/api/v1/jobs", json=TINY).status_code == 403
    token = "s3cret-token"
    auth = {"Authorization": f"Bearer {token}"}
    with store_client(tmp_path, local=False, admin_token=token) as client:
        assert client.post("/api/v1/jobs", json=long).status_code == 401
        r = client.post("/api/v1/jobs", json=long, headers=auth)
        assert r.status_code == 202, r.text
        job = r.json()["id"]
        with store_client(tmp_path, local=False) as other:  # no token set: not this machine
            assert other.delete(f"/api/v1/jobs/{job}").status_code == 403
        r = client.delete(f"/api/v1/jobs/{job}", headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.json()["detail"][0]["loc"] == ["header", "authorization"]
        assert client.get(f"/api/v1/jobs/{job}").json()["status"] in ("queued", "running")
        assert client.delete(f"/api/v1/jobs/{job}", headers=auth).status_code == 200
        assert events(client, job)[-1][0] == "cancelled"


def test_a_job_started_through_one_server_is_followed_through_another(tmp_path):
    with rnnscope_serve(tmp_path) as a, rnnscope_serve(tmp_path) as b:
        import httpx

        job = httpx.post(f"{a}/api/v1/jobs", json=TINY, timeout=30).json()["id"]
        with httpx.Client(base_url=b, timeout=60) as client:
            seen = events(client, job)
        assert seen[-1][0] == "done"
        model_id = seen[-1][1]["model_id"]
        assert httpx.get(f"{a}/api/v1/models/{model_id}", timeout=30).status_code == 200


def test_a_job_from_a_stored_model_is_the_trainer_given_its_weights_bit_for_bit(tmp_path):
    """`init` does what bench/experiments/docstring_unit.py --init does: core.lm.Trainer of the
    job's seed, its weights replaced by the stored model's (a fresh Adam), the corpus read
    through the model's vocabulary (here one that the corpus' own sorted set is not)."""
    from rnnscope.core.corpus import builtin
    from rnnscope.core.lm import Corpus, Trainer
    from rnnscope.server.store import ModelStore

    from .test_job_checks import TEXTWRAP, stored

    vocab = ["€", *TEXTWRAP]  # a character the corpus lacks, first: every id moves by one
    model = stored(tmp_path, "gru", 8, layers=2, vocab=vocab)
    asked = {**TINY, "init": model, "lr": 0.01, "seed": 3, "dropout": 0.25}
    with store_client(tmp_path) as client:
        job = client.post("/api/v1/jobs", json=asked).json()["id"]
        kind, done = events(client, job)[-1]
        body = client.get(f"/api/v1/jobs/{job}").json()
    assert (kind, done) == ("done", {"model_id": body["model_id"], "kept_step": 12})
    assert body["kept_step"] == 12 and body["config"]["layers"] == 2  # the model's
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    start, got = (store.load(store.get(i)) for i in (model, body["model_id"]))
    corpus = Corpus.of(builtin("textwrap"), 0.1, vocab)
    trainer = Trainer(corpus, start.spec, 16, 4, 0.01, 3, dropout=0.25)
    trainer.params = start.params
    for _ in range(12):
        trainer.step()
    assert got.vocab == vocab and got.spec == start.spec
    assert list(got.params) == list(trainer.params)
    for name, want in trainer.params.items():
        assert np.array_equal(got.params[name], want), name
    assert not np.array_equal(got.params["readout.bias"], start.params["readout.bias"])


def test_a_new_residual_model_is_trained_with_its_skip_connections(tmp_path):
    """`residual: true` for a new model: core.lm.Trainer of that Spec, step for step, and the
    stored model says so (its traces, samples and exports run the skip connections)."""
    from rnnscope.core.corpus import builtin
    from rnnscope.core.lm import Corpus, Trainer
    from rnnscope.core.model import Spec
    from rnnscope.server.store import ModelStore

    asked = {**TINY, "layers": 2, "residual": True}
    with store_client(tmp_path) as client:
        ids = []
        for residual in (True, False):
            job = client.post("/api/v1/jobs", json={**asked, "residual": residual}).json()["id"]
            assert events(client, job)[-1][0] == "done"
            ids.append(client.get(f"/api/v1/jobs/{job}").json()["model_id"])
        assert client.get(f"/api/v1/models/{ids[0]}").json()["residual"] is True
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    got, plain = (store.load(store.get(i)) for i in ids)
    corpus = Corpus.of(builtin("textwrap"), 0.1)
    spec = Spec("gru", len(corpus.vocab), 8, 2, 0, "tanh", True)
    trainer = Trainer(corpus, spec, 16, 4, 0.003, 0)
    for _ in range(12):
        trainer.step()
    assert got.spec == spec and plain.spec == dataclasses.replace(spec, residual=False)
    for name, want in trainer.params.items():
        assert np.array_equal(got.params[name], want), name
    assert not np.array_equal(got.params["readout.weight"], plain.params["readout.weight"])


def test_a_job_store_made_before_kept_step_gains_the_column(tmp_path):
    import sqlite3

    from rnnscope.server.jobs import JobStore

    con = sqlite3.connect(tmp_path / "jobs.sqlite3")
    con.execute(  # the table as it was made before `keep`
        "CREATE TABLE jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL, config TEXT NOT NULL, "
        "corpus TEXT NOT NULL, step INTEGER NOT NULL DEFAULT 0, steps INTEGER NOT NULL, "
        "train_loss REAL, val_loss REAL, model_id TEXT, error TEXT, created REAL NOT NULL, "
        "started REAL, finished REAL, heartbeat REAL, cancel INTEGER NOT NULL DEFAULT 0)"
    )
    con.execute("INSERT INTO jobs (id, status, config, corpus, steps, created) "
                "VALUES ('0123456789abcdef', 'done', '{}', 'x', 3, 0)")  # fmt: skip
    con.commit()
    con.close()
    jobs = JobStore(tmp_path, 1)
    assert jobs.get("0123456789abcdef")["kept_step"] is None
    jobs.finish("0123456789abcdef", "done", {"model_id": "m", "kept_step": 3})
    assert jobs.get("0123456789abcdef")["kept_step"] == 3
