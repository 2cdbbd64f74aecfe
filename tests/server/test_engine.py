"""A request whose client has left is dropped while it waits for a compute slot.

Typing `hello` aborts the request for `he`, `hel`, `hell` as each next key comes
(static/js/api.js). Under the lecture load most queued requests are such orphans; computing
them kept the students who were still waiting from their answers (docs/architecture.md, D4).
"""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx

from rnnscope import server
from rnnscope.core.cancel import Cancelled
from rnnscope.server.cache import PayloadCache
from rnnscope.server.engine import ClientGone, Engine, Job
from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings
from tests.loopback import serving
from tests.wait import wait_for


def test_engine_drops_a_waiting_request_whose_client_left():
    engine = Engine(PayloadCache(16, 2**20), slots=1)
    started, release = threading.Event(), threading.Event()

    def slow(_stop) -> dict:
        started.set()
        release.wait(30)
        return {"a": 1}

    holder = threading.Thread(target=engine.run, args=("a", lambda: Job(0.0, slow)))
    holder.start()
    assert started.wait(10)
    computed: list[str] = []
    raised: list[BaseException] = []

    def orphan() -> None:
        try:
            work = lambda _: computed.append("b") or {}  # noqa: E731
            engine.run("b", lambda: Job(0.0, work), gone=lambda: True)
        except ClientGone as exc:
            raised.append(exc)

    dropped = threading.Thread(target=orphan)
    dropped.start()
    dropped.join(10)  # while the slot is still taken
    assert raised and computed == [] and len(engine.cache) == 0
    answers: dict[str, bytes] = {}
    stays = threading.Thread(
        target=lambda: answers.setdefault(
            "b", engine.run("b", lambda: Job(0.0, lambda _: {"b": 2}), gone=lambda: False).raw
        )
    )
    stays.start()
    release.set()
    holder.join(10)
    stays.join(10)
    assert json.loads(answers["b"]) == {"b": 2}  # a client still waiting gets its answer


def test_an_aborted_fetch_is_not_computed(monkeypatch):
    real = server.work.run  # what the server computes a trace with
    release = threading.Event()
    computed: list[str] = []

    def traced(o, *args, **kwargs):
        computed.append(o.text)
        if o.text == "busy":
            release.wait(30)
        return real(o, *args, **kwargs)

    monkeypatch.setattr(server.work, "run", traced)
    app = create_app(Settings(max_concurrent_traces=1))
    with serving(app) as base:
        url = f"{base}/api/v1/trace?hidden=2&text="
        answers: dict[str, int] = {}

        def get(text: str) -> None:
            answers[text] = httpx.get(url + text, timeout=60).status_code

        busy = threading.Thread(target=get, args=("busy",))
        busy.start()
        wait_for(lambda: computed == ["busy"], "the first request to take the only slot")
        cache = app.state.cache
        # a fetch that the page aborts (the socket closes), and one that waits for its answer
        aborted = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
        aborted.sendall(f"GET {url.split(base)[1]}gone HTTP/1.1\r\nhost: x\r\n\r\n".encode())
        stays = threading.Thread(target=get, args=("stays",))
        stays.start()
        wait_for(lambda: cache.in_progress == 3, "both requests to queue for the slot")
        aborted.close()
        wait_for(lambda: cache.in_progress == 2, "the aborted request to be dropped")
        release.set()
        busy.join(30)
        stays.join(30)
    assert answers == {"busy": 200, "stays": 200}
    assert computed == ["busy", "stays"]  # never "gone"


def test_a_computation_whose_client_left_is_stopped(monkeypatch):
    """A trace already computing when its fetch is aborted stops at its next checkpoint: the
    slot is free again and nothing is stored."""
    computing = threading.Event()
    outcome: list[str] = []

    def traced(o, enc, weights=None, should_stop=None):
        if o.text != "long":
            return real(o, enc, weights, should_stop)
        computing.set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # a long training, asked at each "step"
            if should_stop is not None and should_stop():
                outcome.append("stopped")
                raise Cancelled
            time.sleep(0.005)  # simulated work
        outcome.append("ran to the end")
        return real(o, enc, weights, should_stop)

    real = server.work.run
    monkeypatch.setattr(server.work, "run", traced)
    app = create_app(Settings(max_concurrent_traces=1))
    with serving(app) as base:
        path = "/api/v1/trace?hidden=2&text="
        aborted = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
        aborted.sendall(f"GET {path}long HTTP/1.1\r\nhost: x\r\n\r\n".encode())
        assert computing.wait(20)
        aborted.close()
        wait_for(lambda: outcome == ["stopped"], "the computation to stop", timeout=10)
        after = httpx.get(f"{base}{path}next", timeout=30)  # the only slot is free again
        assert after.status_code == 200
        stored = list(app.state.cache._items)
        assert any('"text": "next"' in k for k in stored)
        assert not any('"text": "long"' in k for k in stored)
