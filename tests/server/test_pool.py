"""server/pool.py: heavy work in child processes gives the bytes the worker would give, is
stopped in the child when its client leaves, and goes through the app's heavy lane."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

from rnnscope.core.checkpoints import CheckpointError
from rnnscope.core.options import OptionError
from rnnscope.core.tokens import encode
from rnnscope.server.engine import Heavy
from rnnscope.server.jsonbytes import JSON, dumps
from rnnscope.server.params import RecallQuery, TraceQuery
from rnnscope.server.payload import Payload
from rnnscope.server.pool import STOP, Pool, _compute, yield_to_compute
from rnnscope.server.slots import ClientGone
from rnnscope.server.work import recall_work, trace_work
from tests.wait import wait_for

from .poolwork import fails, niceness, refuses, until_stopped, until_told, where
from .stored import store_client


@pytest.fixture
def pool():
    p = Pool(2)
    yield p
    p.close()


def in_process(work) -> Payload:
    return Payload.build(dumps(work(None)), JSON)


def test_a_child_computes_the_same_bytes_as_the_worker(pool):
    options = TraceQuery(text="hello world", cell="lstm", hidden=6, train_steps=5).trace_options()
    enc = encode(options.text, options.tokens)
    recall = RecallQuery(cell="gru", hidden=4, n_distract=3, steps=3, batch=4).model_dump()
    for work in (partial(trace_work, options, enc, {}), partial(recall_work, recall)):
        here, there = in_process(work), pool.run(work, None)
        assert there.raw == here.raw and there.digest == here.digest and there.gz == here.gz
    assert int(pool.run(partial(where), None).raw.split(b":")[1][:-1]) != os.getpid()


def test_cancellation_reaches_the_child_which_then_serves_the_next_task(pool, tmp_path):
    marker = str(tmp_path / "running")
    with pytest.raises(ClientGone):
        pool.run(partial(until_stopped, marker), lambda: Path(marker).exists(), poll=0.01)
    child = int(Path(marker + ".stopped").read_text())
    assert child != os.getpid() and pool.stopped == 1 and pool.processes == 1
    # the same child, still alive, computes the next one
    assert pool.run(partial(where), None).raw == dumps({"pid": child})


def test_a_shutdowns_signals_leave_the_running_work_to_finish(pool, tmp_path):
    """A server's shutdown signals its process group: the child computing a request lives on
    and answers it (the worker closes the pool after its requests); it used to die at once and
    its worker logged "the compute process died"."""
    marker = str(tmp_path / "running")
    answers: list[Payload] = []
    work = partial(until_told, marker)
    running = threading.Thread(target=lambda: answers.append(pool.run(work, None)))
    running.start()
    wait_for(lambda: Path(marker).exists(), "the work to start in a child")
    child = int(Path(marker).read_text())
    for sig in (signal.SIGTERM, signal.SIGINT):
        os.kill(child, sig)
    Path(marker + ".go").touch()  # pending signals are taken before the child can see it
    running.join(30)
    assert [a.raw for a in answers] == [dumps({"pid": child})]
    assert pool.processes == 1


def test_errors_come_back_as_themselves(pool):
    with pytest.raises(ZeroDivisionError, match="on purpose"):
        pool.run(partial(fails), None)
    bad = OptionError("sample", "overflowed", kind="overflow", ctx={"rule": "x", "n": 3})
    assert OptionError.__reduce__(bad)[1] == ("sample", "overflowed", "overflow", bad.ctx)
    with pytest.raises(CheckpointError) as refused:  # not a ComputeError: a 413/422 as in-process
        pool.run(partial(refuses), None)
    got = refused.value
    assert (got.field, got.message, got.ctx, got.too_large) == (
        "file", "is too large", {"rule": "bytes_max", "max": 9}, True)  # fmt: skip
    assert pool.run(partial(where), None).media_type == JSON  # the child is still there


def test_no_more_children_than_its_size_and_each_waits_its_turn(tmp_path):
    pool = Pool(1)
    marker = str(tmp_path / "first")
    stop = threading.Event()

    def first_task() -> None:
        with pytest.raises(ClientGone):
            pool.run(partial(until_stopped, marker), stop.is_set, 0.01)

    first = threading.Thread(target=first_task)
    first.start()
    wait_for(lambda: Path(marker).exists(), "the first task to run")
    second: list[bytes] = []
    waiting = threading.Thread(target=lambda: second.append(pool.run(partial(where), None).raw))
    waiting.start()
    assert pool.processes == 1 and not second
    stop.set()
    first.join(30)
    waiting.join(30)
    assert second == [dumps({"pid": int(Path(marker).read_text())})]
    pool.close()
    assert pool.processes == 0


def test_the_app_sends_trainings_to_its_pool_and_keeps_small_traces(tmp_path):
    with store_client(tmp_path) as client:
        heavy: Heavy = client.app.state.heavy
        small = client.get("/api/v1/trace", params={"text": "hello", "hidden": 4})
        assert small.status_code == 200 and heavy.pool.runs == 0
        # 500 Adam steps are estimated over pool_above (0.02 s), 0 steps far under it.
        trained = client.get("/api/v1/trace", params={"text": "hello", "train_steps": 500})
        assert trained.status_code == 200 and heavy.pool.runs == 1
        stats = client.get("/healthz").json()["compute"]
        assert stats["runs"] == 1 and stats["slots"] == os.cpu_count() and stats["held"] == 0
    with store_client(tmp_path / "alone", compute_processes=0) as client:  # no pool
        again = client.get("/api/v1/trace", params={"text": "hello", "train_steps": 500})
        assert again.content == trained.content
        assert client.get("/healthz").json()["compute"] is None


def test_classify_and_seq2seq_trainings_go_to_the_pool_with_the_same_bytes(tmp_path):
    queries = {
        "/api/v1/classify": {"examples": '[["good", "pos"], ["bad", "neg"]]', "hidden": 4,
                             "train_steps": 400},
        "/api/v1/seq2seq": {"pairs": '[["ab", "ba"], ["abc", "cba"]]', "hidden": 4,
                            "tokens": "char", "train_steps": 400},
    }  # fmt: skip
    answers = {}
    with store_client(tmp_path) as client:
        heavy: Heavy = client.app.state.heavy
        for runs, (path, query) in enumerate(queries.items(), 1):
            answers[path] = client.get(path, params=query)
            assert answers[path].status_code == 200 and heavy.pool.runs == runs
    with store_client(tmp_path / "alone", compute_processes=0) as client:  # no pool
        for path, query in queries.items():
            assert client.get(path, params=query).content == answers[path].content


def test_started_ahead_the_children_wait_for_work():
    pool = Pool(2)
    pool.start()
    wait_for(lambda: len(pool._idle) == 2, "both children to be started")
    pids = {pool.run(partial(where), None).raw for _ in range(3)}
    assert pool.processes == 2 and len(pids) == 1  # the last one used serves again
    pool.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a nice value per thread")
def test_the_workers_threads_yield_the_cores_to_the_compute_processes():
    """`rnnscope serve` makes a worker's threads nicer (RNNSCOPE_WORKER_NICE); the children,
    started by the pool's own thread, keep the server's value: they get the cores first."""
    pool = Pool(1)  # made before, as in the app's start
    ours = os.nice(0)
    seen: dict[str, int] = {}

    def a_worker_thread() -> None:
        yield_to_compute(3)
        seen["thread"] = os.nice(0)
        seen["child"] = json.loads(pool.run(partial(niceness), None).raw)["nice"]

    try:
        thread = threading.Thread(target=a_worker_thread)
        thread.start()
        thread.join(60)
    finally:
        pool.close()
    assert seen == {"thread": ours + 3, "child": ours}
    assert os.nice(0) == ours  # this thread was not touched


def test_a_child_told_to_stop_by_a_worker_that_then_left_stops():
    """A shutdown sends STOP and closes the pipe: the child stops (it used to read the STOP,
    then spin on the pipe's end for ever, a core at 100 % with no parent)."""
    from multiprocessing import Pipe

    from rnnscope.core.cancel import Cancelled

    worker, child = Pipe()
    worker.send(STOP)
    worker.close()

    def work(should_stop):
        while not should_stop():
            pass
        raise Cancelled

    done: list = []
    thread = threading.Thread(target=lambda: done.append(_compute(child, work)), daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert done == [("cancelled", None)]
