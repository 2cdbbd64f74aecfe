"""server/shared.py: heavy answers computed once across workers, kept across restarts, within
their bound."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rnnscope.server.jsonbytes import JSON, dumps
from rnnscope.server.payload import Payload
from rnnscope.server.shared import SharedCache
from rnnscope.server.slots import ClientGone
from rnnscope.server.timing import Timing
from tests.wait import wait_for

from .stored import store_client

# estimated over pool_above (0.02 s): computed in the pool and shared (checked below)
TRAINING = {"text": "hello", "cell": "gru", "hidden": 4, "train_steps": 200}


def test_the_training_here_is_heavy_enough_to_be_shared():
    from rnnscope.core import estimate_cost
    from rnnscope.core.cost import Work
    from rnnscope.server.settings import Settings

    cost = estimate_cost(Work(steps=4, hidden=4, cell="gru", vocab=4, train_steps=200))
    assert cost >= Settings().pool_above


def answer(n: int, size: int = 0) -> Payload:
    return Payload.build(dumps({"n": n, "pad": "x" * size}), JSON, level=0)


def test_two_workers_share_a_training_one_computes_the_other_reads(tmp_path):
    with store_client(tmp_path) as first, store_client(tmp_path) as second:
        computed = first.get("/api/v1/trace", params=TRAINING)
        read = second.get("/api/v1/trace", params=TRAINING)
        assert computed.status_code == read.status_code == 200
        assert read.content == computed.content
        one, other = first.app.state.heavy, second.app.state.heavy
        first.app.state.traces.engine.keeper.written()  # written after the answer left
        assert (one.pool.runs, one.shared.stores) == (1, 2)  # the answer and its model
        assert (other.pool.runs, other.shared.hits) == (0, 1)  # never computed there


def test_a_sample_of_that_training_on_another_worker_does_not_train_again(tmp_path):
    """The trained model is kept beside the answer (server/work.py): another worker's sample
    of the same training generates from it, the same bytes as a sample that trains."""
    sample = {**TRAINING, "start": "h", "length": 7, "sample_seed": 2}
    with store_client(tmp_path / "alone") as alone:
        trained = alone.get("/api/v1/sample", params=sample)  # trains in its pool
        assert trained.status_code == 200 and alone.app.state.heavy.pool.runs == 1
    with store_client(tmp_path) as first, store_client(tmp_path) as second:
        assert first.get("/api/v1/trace", params=TRAINING).status_code == 200
        first.app.state.traces.engine.keeper.written()  # the page samples after drawing it
        kept = second.get("/api/v1/sample", params=sample)
        assert kept.status_code == 200 and kept.content == trained.content
        assert second.app.state.heavy.pool.runs == 0  # only the generation, in its thread


def test_the_answers_survive_a_restart(tmp_path):
    with store_client(tmp_path) as client:
        before = client.get("/api/v1/trace", params=TRAINING).content
    with store_client(tmp_path) as client:  # a new process would see the same directory
        after = client.get("/api/v1/trace", params=TRAINING).content
        heavy = client.app.state.heavy
        assert after == before and heavy.pool.runs == 0 and heavy.shared.hits == 1


def test_another_revision_does_not_read_them(tmp_path):
    ours, theirs = SharedCache(tmp_path, 2**20, "ours"), SharedCache(tmp_path, 2**20, "theirs")
    ours.get_or_build("k", lambda: answer(1))
    assert theirs.get("k") is None and ours.get("k") == answer(1)


def test_bounded_least_recently_used_first_and_kept_answers_last(tmp_path):
    size = len(answer(0, 1000).raw)
    cache = SharedCache(tmp_path, 4 * size)
    cache.get_or_build("kept", lambda: answer(0, 1000), keep=True)
    for n in range(1, 4):
        cache.get_or_build(f"k{n}", lambda n=n: answer(n, 1000))
    assert cache.get("k1") is not None  # k1 is now more recent than k2
    for n in range(4, 6):
        cache.get_or_build(f"k{n}", lambda n=n: answer(n, 1000))
    stats = cache.stats()
    assert stats["entries"] == 4 and stats["bytes"] <= 4 * size
    assert [k for k in ("kept", "k1", "k2", "k3", "k4", "k5") if cache.get(k)] == [
        "kept", "k1", "k4", "k5"]  # fmt: skip
    cache.get_or_build("huge", lambda: answer(9, 10 * size))  # larger than the bound: not kept
    assert cache.get("huge") is None and cache.stats()["entries"] == 4


def test_a_second_asker_waits_for_the_first_computation(tmp_path):
    first, second = SharedCache(tmp_path, 2**20), SharedCache(tmp_path, 2**20)
    release = threading.Event()
    built: list[str] = []

    def slow() -> Payload:
        built.append("first")
        release.wait(30)
        return answer(1)

    got: dict[str, Payload] = {}
    a = threading.Thread(target=lambda: got.setdefault("a", first.get_or_build("k", slow)))
    a.start()
    wait_for(lambda: built == ["first"], "the first computation to start")
    waited: dict[str, float] = {}

    def asker() -> None:
        timing = Timing.start()  # its answer says how long it waited for the other worker
        got["b"] = second.get_or_build("k", lambda: built.append("2"))
        waited.update(timing.parts)

    b = threading.Thread(target=asker)
    b.start()
    wait_for(lambda: second.waits == 1, "the second asker to wait")
    release.set()
    a.join(30)
    b.join(30)
    assert built == ["first"] and got["a"] == got["b"] == answer(1)
    assert set(waited) == {"peer"} and waited["peer"] > 0


def test_when_the_first_asker_gives_up_a_waiting_one_computes(tmp_path):
    first, second = SharedCache(tmp_path, 2**20), SharedCache(tmp_path, 2**20)
    started, release = threading.Event(), threading.Event()

    def abandoned() -> Payload:
        started.set()
        release.wait(30)
        raise ClientGone

    def first_asker() -> None:
        with pytest.raises(ClientGone):
            first.get_or_build("k", abandoned)

    a = threading.Thread(target=first_asker)
    a.start()
    assert started.wait(30)
    got: list[Payload] = []
    b = threading.Thread(target=lambda: got.append(second.get_or_build("k", lambda: answer(2))))
    b.start()
    wait_for(lambda: second.waits == 1, "the second asker to wait")
    release.set()
    a.join(30)
    b.join(30)
    assert got == [answer(2)]
    assert second._claim(second._id("busy")) is not None  # another worker computes "busy"
    with pytest.raises(ClientGone):  # whose client has left stops waiting for it
        first.get_or_build("busy", lambda: answer(3), gone=lambda: True)


CHILD = """
import sys, time
from pathlib import Path
from rnnscope.server.jsonbytes import JSON, dumps
from rnnscope.server.payload import Payload
from rnnscope.server.shared import SharedCache
root, log, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
def waiting():  # asked only while another process computes the key
    (root / "waiting").touch()
    return False
def build():
    with log.open("a") as f:
        f.write("built\\n")
    while not go.exists():
        time.sleep(0.01)  # simulated work
    return Payload.build(dumps({"answer": 42}), JSON)
print(SharedCache(root, 2**20).get_or_build("training", build, waiting).digest, flush=True)
"""


def test_processes_compute_a_key_once(tmp_path):
    log, go = tmp_path / "builds.log", tmp_path / "go"
    run = [sys.executable, "-c", CHILD, str(tmp_path), str(log), str(go)]
    root = Path(__file__).resolve().parents[2]
    first = subprocess.Popen(run, cwd=root, stdout=subprocess.PIPE, text=True)
    wait_for(lambda: log.exists(), "the first process to start computing")
    second = subprocess.Popen(run, cwd=root, stdout=subprocess.PIPE, text=True)
    wait_for(lambda: (tmp_path / "waiting").exists(), "the second process to wait for it")
    go.touch()
    outs = [p.communicate(timeout=60)[0] for p in (first, second)]
    assert log.read_text() == "built\n" and outs[0] == outs[1] != ""
