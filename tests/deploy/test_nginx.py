"""deploy/nginx: nginx (Debian's) with the shipped configuration in front of rnnscope instances.

A steady load through nginx over two instances, one stopped midway: no request fails, repeated
answers come from nginx's cache; answers are revalidated by ETag; writes pass only with the
admin token; a training's server-sent events stream through unbuffered; render.py refuses what
cannot go into the configuration.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
import pytest

from tests.loopback import stop
from tests.wait import wait_for

from .nginx import RENDER, have_nginx, instances, nginx_proxy

TOKEN = "tok.en_0123456789~abcdef+ghij/kl-mn=="  # every character class the renderer allows
needs_nginx = pytest.mark.skipif(not have_nginx(), reason="nginx is missing: make test installs it")


def trace_url(text: str, cell: str = "gru", hidden: int = 4) -> str:
    return "/api/v1/trace?" + urlencode({"text": text, "cell": cell, "hidden": hidden})


# What a lecture hall asks again and again: the texts on the slide, the cells, the page's lists.
REPEATED = [trace_url(t, c) for t in ("hello", "abcabc") for c in ("rnn", "lstm", "gru")]
REPEATED += ["/api/v1/cells", "/api/v1/activations"]


def upstreams(line: dict[str, str]) -> list[str]:
    return [u.strip() for u in line["upstream"].split(",")]


def kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL: the instance crashes with requests in hand."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@needs_nginx
@pytest.mark.parametrize("halt", [stop, kill], ids=["stopped", "killed"])
def test_a_steady_load_survives_an_instance_stopped_midway(tmp_path, halt):
    # kept by nginx throughout, however long the load takes (s-maxage)
    env = {"RNNSCOPE_ADMIN_TOKEN": TOKEN, "RNNSCOPE_DATA_DIR": str(tmp_path / "data"),
           "RNNSCOPE_API_MAX_AGE": "3600"}  # fmt: skip
    with (
        instances(2, env) as [(first, first_base), (_, second_base)],
        nginx_proxy([first_base, second_base], TOKEN, tmp_path / "nginx") as proxy,
        httpx.Client(base_url=proxy.base, timeout=120) as client,
    ):
        # (phase the request started in, url, status, cache status); phases: 0 before the
        # stop, 1 while the instance stops, 2 after nginx logged the stop's end.
        answers: list[tuple[int, str, int, str]] = []
        lock, enough, numbers, phase = threading.Lock(), threading.Event(), itertools.count(), [0]

        def client_loop() -> None:
            # Steady: each client sends its next request as soon as the last one is answered,
            # until the test has seen enough. Two in three repeat what others asked; one in
            # three is new (an instance computes it).
            while not enough.is_set():
                i = next(numbers)
                url = REPEATED[i % len(REPEATED)] if i % 3 else trace_url(f"load {i}")
                started = phase[0]
                r = client.get(url)
                with lock:
                    answers.append(
                        (started, url, r.status_code, r.headers.get("x-cache-status", ""))
                    )

        def seen(minimum: int, in_phase: int, new: int = 0) -> bool:
            with lock:
                fresh = sum(1 for p, u, _, _ in answers if p == in_phase and "load+" in u)
                return len(answers) >= minimum and fresh >= new

        def failed() -> bool:  # a client raised: stop waiting, its result() says why
            return any(c.done() for c in clients)

        with ThreadPoolExecutor(4) as pool:
            clients = [pool.submit(client_loop) for _ in range(4)]
            try:
                wait_for(lambda: failed() or seen(120, 0), "120 answers before the stop", 120)
                assert client.get("/healthz?mark=stopping").status_code == 200
                phase[0] = 1
                halt(first)  # stop: SIGTERM, it finishes what it holds; kill: it drops it
                assert client.get("/healthz?mark=stopped").status_code == 200
                phase[0] = 2
                # New traces sent after the stop: only the second instance can compute them.
                wait_for(lambda: failed() or seen(240, 2, new=12), "12 new traces after it", 120)
            finally:
                enough.set()
            for c in clients:
                c.result()  # a request that raised fails the test here

        total = len(answers)
        assert total >= 240
        assert [a for a in answers if a[2] != 200] == []  # no request failed
        for url in REPEATED:
            statuses = [cache for _, u, _, cache in answers if u == url]
            assert len(statuses) > 10 and statuses.count("MISS") <= 1, (url, statuses)
            assert set(statuses) <= {"MISS", "HIT"}, (url, statuses)
        log = proxy.log()
        stopping, stopped = (
            next(i for i, line in enumerate(log) if line["target"] == f"/healthz?mark={mark}")
            for mark in ("stopping", "stopped")
        )
        first_addr, second_addr = (b.removeprefix("http://") for b in (first_base, second_base))
        # Both instances worked before the stop; afterwards new traces were computed by the
        # second, and nginx moved at least one request off the stopped instance onto it.
        before = {upstreams(line)[-1] for line in log[:stopping] if line["cache"] == "MISS"}
        assert before == {first_addr, second_addr}
        after = [line for line in log[stopped + 1 :] if line["cache"] == "MISS"]
        assert len(after) > 10 and all(upstreams(line)[-1] == second_addr for line in after)
        retried = [line for line in log[stopping:] if len(upstreams(line)) > 1]
        assert retried and all(upstreams(line) == [first_addr, second_addr] for line in retried)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """Two instances (answers valid for 1 s) behind nginx, for the tests below."""
    tmp = tmp_path_factory.mktemp("proxied")
    env = {
        "RNNSCOPE_ADMIN_TOKEN": TOKEN,
        "RNNSCOPE_DATA_DIR": str(tmp / "data"),
        "RNNSCOPE_API_MAX_AGE": "1",
    }
    with (
        instances(2, env) as servers,
        nginx_proxy([base for _, base in servers], TOKEN, tmp / "nginx") as proxy,
    ):
        yield proxy


@needs_nginx
def test_answers_are_revalidated_with_their_etag(proxied):
    url = trace_url("revalidate me", "lstm")
    with httpx.Client(base_url=proxied.base, timeout=60) as client:
        first = client.get(url)
        assert first.status_code == 200 and first.headers["x-cache-status"] == "MISS"
        again: list[httpx.Response] = []

        def revalidated() -> bool:
            again.append(client.get(url))
            return again[-1].headers["x-cache-status"] == "REVALIDATED"

        wait_for(revalidated, "the cached answer to expire and be revalidated", 30, poll=0.2)
    assert again[-1].content == first.content and again[-1].headers["etag"] == first.headers["etag"]

    # nginx writes a request's log line after its answer is sent: wait for every one of them
    def lines() -> list[dict[str, str]]:
        return [ln for ln in proxied.log() if ln["target"] == url]

    wait_for(lambda: len(lines()) == 1 + len(again), "nginx to log each request", 10, poll=0.1)
    line = lines()[-1]
    assert (line["cache"], line["upstream_status"]) == ("REVALIDATED", "304")  # not sent again


@needs_nginx
def test_a_client_without_gzip_gets_the_cached_answer_unpacked(proxied):
    url = trace_url("unpack me")
    with httpx.Client(base_url=proxied.base, timeout=60) as client:
        packed = client.get(url, headers={"Accept-Encoding": "gzip"})
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers and plain.headers["x-cache-status"] == "HIT"
    assert json.loads(plain.content) == json.loads(packed.content)  # httpx unpacked the first


@needs_nginx
def test_writes_pass_only_with_the_admin_token(proxied):
    body = {"query": "text=hello&cell=gru&hidden=4", "name": "through nginx"}
    admin = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=proxied.base, timeout=60) as client:
        for auth in (None, "Bearer wrong-token-0123456789", f"Bearer {TOKEN}x", f"Basic {TOKEN}"):
            headers = {"Authorization": auth} if auth else {}
            r = client.post("/api/v1/models/from-trace", json=body, headers=headers)
            assert r.status_code == 401, (auth, r.text)
            assert r.json()["detail"][0]["loc"] == ["header", "authorization"]
            assert r.headers["www-authenticate"] == "Bearer"
        assert client.request("OPTIONS", "/api/v1/models").status_code == 401
        assert client.delete("/api/v1/models/0123456789abcdef").status_code == 401

        def refused() -> list[dict[str, str]]:
            return [ln for ln in proxied.log() if ln["status"] == "401"]

        # nginx logs a request after answering it: the last one may not be written yet
        wait_for(lambda: len(refused()) >= 6, "nginx to log the six refusals", 10, poll=0.1)
        assert len(refused()) == 6 and {ln["upstream"] for ln in refused()} == {"-"}  # not sent on

        r = client.post(
            "/api/v1/models/from-trace", json=body, headers={"Authorization": f"bearer {TOKEN}"}
        )
        assert r.status_code == 201, r.text
        model = r.json()["id"]
        # The list is never cached: every instance (one data directory) shows the new model.
        for _ in range(2):
            listed = client.get("/api/v1/models")
            assert listed.headers["x-cache-status"] == "MISS"
            assert model in [m["id"] for m in listed.json()["models"]]
        assert client.head("/").status_code == 200
        gone = client.delete(f"/api/v1/models/{model}", headers=admin)
        assert gone.status_code == 204
        assert model not in [m["id"] for m in client.get("/api/v1/models").json()["models"]]


@needs_nginx
def test_job_events_stream_through_unbuffered(proxied):
    admin = {"Authorization": f"Bearer {TOKEN}"}
    job = {"corpus": {"builtin": "textwrap"}, "cell": "gru", "hidden": 8, "seq_len": 16,
           "batch": 4, "steps": 100_000}  # fmt: skip
    with httpx.Client(base_url=proxied.base, timeout=60) as client:
        r = client.post("/api/v1/jobs", json=job, headers=admin)
        assert r.status_code == 202, r.text
        job_id, kinds = r.json()["id"], []
        with client.stream("GET", f"/api/v1/jobs/{job_id}/events") as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            for line in events.iter_lines():
                if line.startswith("event: "):
                    kinds.append(line[7:])
                    if kinds[-1] == "step" and kinds.count("step") == 1:
                        # A step arrived while the training runs: nothing held it back.
                        assert client.get(f"/api/v1/jobs/{job_id}").json()["status"] == "running"
                        cancel = client.delete(f"/api/v1/jobs/{job_id}", headers=admin)
                        assert cancel.status_code == 200
    assert "step" in kinds and kinds[-1] == "cancelled"


@needs_nginx
def test_stored_models_live_on_the_store_instances(tmp_path):
    """Two machines' worth: each instance has its own data directory; the second holds the
    store. Uploads, listings and every trace of a stored model reach it, whichever instance
    the balancing would have picked."""
    admin = {"Authorization": f"Bearer {TOKEN}"}
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(
                instances(
                    1, {"RNNSCOPE_ADMIN_TOKEN": TOKEN, "RNNSCOPE_DATA_DIR": str(tmp_path / d)}
                )
            )[0][1]
            for d in ("first", "second")
        ]
        store = ("--store-instance", servers[1].removeprefix("http://"))
        proxy = stack.enter_context(nginx_proxy(servers, TOKEN, tmp_path / "nginx", store))
        client = stack.enter_context(httpx.Client(base_url=proxy.base, timeout=60))
        models = []
        for cell in ("lstm", "gru"):
            body = {"query": f"text=hello&cell={cell}&hidden=4", "name": f"{cell} on the second"}
            r = client.post("/api/v1/models/from-trace", json=body, headers=admin)
            assert r.status_code == 201, r.text
            models.append(r.json()["id"])
        model = models[0]
        for text in ("hello", "hell", "hellohello", "olleh"):
            assert (
                client.get("/api/v1/trace", params={"text": text, "model": model}).status_code
                == 200
            )
            listed = client.get("/api/v1/models").json()["models"]
            assert sorted(m["id"] for m in listed) == sorted(models)
        compare = client.get(
            "/api/v1/compare", params={"text": "hello", "models": ",".join(models)}
        )
        assert compare.status_code == 200, compare.text
        plain = [client.get(trace_url(f"balanced {i}")) for i in range(6)]  # no model: balanced
        assert all(r.status_code == 200 for r in plain)
    second = servers[1].removeprefix("http://")
    log = proxy.log()
    stored = [ln for ln in log if "model" in ln["target"]]
    assert len(stored) == 11 and {ln["upstream"] for ln in stored} == {second}
    assert {ln["upstream"] for ln in log if "balanced" in ln["target"]} == {
        s.removeprefix("http://") for s in servers
    }
    assert not (tmp_path / "first").exists() or not any((tmp_path / "first").rglob("*.safetensors"))


def render(*args: str, token: str = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {"RNNSCOPE_ADMIN_TOKEN": token, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, str(RENDER), *args], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "args,token,field",
    [
        ((), "short", "RNNSCOPE_ADMIN_TOKEN"),
        ((), "has space in it 0123456789", "RNNSCOPE_ADMIN_TOKEN"),
        ((), 'quote"0123456789abcdef', "RNNSCOPE_ADMIN_TOKEN"),
        (("--instance", "127.0.0.1:8001; include /etc/passwd"), TOKEN, "--instance"),
        (("--cache-dir", "/tmp/x;y"), TOKEN, "--cache-dir"),
        (("--listen", "$host"), TOKEN, "--listen"),
    ],
)
def test_render_refuses_what_cannot_go_into_the_configuration(args, token, field):
    r = render(*args, token=token)
    assert r.returncode == 2 and r.stdout == "" and field in r.stderr, r.stderr


def test_render_fills_every_placeholder():
    r = render("--instance", "app-1.example:8000", "--instance", "[::1]:8001", "--listen", "8080")
    assert r.returncode == 0, r.stderr
    assert "server app-1.example:8000 max_fails=1" in r.stdout and "server [::1]:8001" in r.stdout
    assert "listen 8080;" in r.stdout and re.search(r"@[A-Z_]+@", r.stdout) is None
