"""Heavy computations (trainings, recall runs) in child processes, so that they use every core.

A worker's threads share one interpreter lock: two trainings in one worker took turns on one
core, and held up the worker's event loop while they did. A `Pool` keeps up to `size` child
processes (started on first use, each importing core once) and runs one computation at a time
in each. The work is a `functools.partial` of a module-level function (it is pickled to the
child): the child calls it with core's `should_stop`, writes the JSON and its gzip there
(server/payload.py, the same bytes as in-process), and sends the Payload back.

Cancellation reaches the child: while the parent waits it asks `gone()`; when the client has
left it sends STOP down the pipe, and the child's `should_stop`, asked at each of core's
checkpoints, reads it; the work raises core's Cancelled and the child is ready for the next
task. A child that does not stop within KILL_AFTER seconds, or dies, is killed and replaced.
At shutdown the worker stops first (uvicorn lets its requests finish), then closes the pool:
the children ignore the stop signals sent to the server's process group, and a child whose
worker is gone ends at its next checkpoint (its pipe is closed).

How many computations run at once across all workers is decided before `run` is called, by
the machine's slots (server/board.py); `size` only bounds this worker's share.
"""

from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from multiprocessing.connection import Connection
from typing import Any

from rnnscope.core.cancel import Cancelled

from .jsonbytes import JSON, dumps
from .payload import Payload
from .slots import ClientGone

STOP = "stop"
# A child asks its pipe for STOP at most this often (core's checkpoints come faster).
CHILD_POLL = 0.05
# A child still computing this long after STOP is killed (core's checkpoints come every
# training step: a child that does not stop is stuck).
KILL_AFTER = 10.0


class ComputeError(RuntimeError):
    """The child died, or its computation raised something that cannot be sent back."""


def _child(conn: Connection, nice: int) -> None:
    """A child's life: run each task it is sent until the pipe closes. A server's shutdown
    signals its whole process group (SIGTERM; SIGINT for Ctrl-C): a child leaves stopping to
    its worker, which lets the work running here finish before it closes the pool (a child
    that died at once failed its worker's request: "the compute process died")."""
    from .memory import limit_arenas

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    limit_arenas(2)
    if nice:
        os.nice(nice)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task == STOP:  # a late STOP for a task that had already finished
            continue
        try:
            conn.send(_compute(conn, task))
        except OSError:  # the worker is gone
            return


def _compute(conn: Connection, work: Callable[[Callable[[], bool]], Any]) -> tuple[str, Any]:
    stopped = False
    last = time.monotonic()

    def should_stop() -> bool:
        nonlocal stopped, last
        now = time.monotonic()
        if not stopped and now - last >= CHILD_POLL:
            last = now
            while conn.poll():  # every message read: a STOP read must not leave one behind
                try:
                    message = conn.recv()
                except EOFError:  # the worker has gone (a shutdown): no one reads the answer
                    stopped = True
                    break
                stopped = stopped or message == STOP
        return stopped

    try:
        result = work(should_stop)  # a dict, or the Payload it built (server/engine.py as_payload)
        return "ok", result if isinstance(result, Payload) else Payload.build(dumps(result), JSON)
    except Cancelled:
        return "cancelled", None
    except Exception as exc:
        try:  # as itself when it survives the pipe (an OptionError is a 422 there too)
            pickle.loads(pickle.dumps(exc))
        except Exception:
            return "error", ComputeError(f"{type(exc).__name__}: {exc}")
        return "error", exc


class _Child:
    """`python -m rnnscope.server.pool FD NICE`: a fresh interpreter (not a fork of a worker
    with its threads, nor multiprocessing's spawn, which re-imports the parent's main
    script), talking over a socket pair wrapped in multiprocessing's Connection."""

    def __init__(self, nice: int) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "rnnscope.server.pool", str(theirs.fileno()), str(nice)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        self.conn = Connection(ours.detach())
        self.tasks = 0

    def kill(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.wait(5)

    def close(self) -> None:
        self.conn.close()  # the child's recv() ends: it returns
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()


def yield_to_compute(nice: int) -> None:
    """Make this thread, and the threads it starts from now on (the event loop's: requests'
    threads), `nice` steps nicer, so that the compute processes get the cores first. On Linux
    a nice value is per thread: each Pool's spawner thread, started before, keeps the
    server's, and so do the children it starts, without any privilege (lowering a nice value
    needs one). Elsewhere it is the whole process's: children too, as before."""
    if nice > 0 and hasattr(os, "nice"):
        os.nice(nice)


class Pool:
    """Up to `size` child processes; `run(work, gone)` computes `work` in a free one."""

    def __init__(self, size: int, nice: int = 0) -> None:
        self.size = size
        self.nice = nice
        self._idle: list[_Child] = []
        self._count = 0
        self._lock = threading.Condition()
        self.runs = 0  # computations started (tests and /healthz read it)
        self.stopped = 0  # computations stopped in a child because their client left
        # Children are started by this thread only, made now: it keeps the nice value of the
        # thread that made the pool (yield_to_compute), and so do they.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="pool-spawner")
        self._spawner.submit(int).result()

    @staticmethod
    def accepts(work: object) -> bool:
        """Work the pool can send to a child: a partial of a module-level function."""
        return isinstance(work, partial)

    def run(self, work: Callable[[Callable[[], bool]], Any], gone: Callable[[], bool] | None,
            poll: float = 0.25) -> Payload:  # fmt: skip
        """The Payload of `work(should_stop)`, computed in a child. ClientGone when `gone()`
        said so and the child stopped; ComputeError when the work raised or the child died."""
        child = self._take()
        healthy = False
        try:
            child.conn.send(work)
            self.runs += 1
            child.tasks += 1
            status, value = self._wait(child, gone, poll)
            healthy = True
        finally:
            self._give_back(child, healthy)
        if status == "ok":
            assert isinstance(value, Payload)
            return value
        if status == "cancelled":
            self.stopped += 1
            raise ClientGone
        assert isinstance(value, Exception)
        raise value

    def _wait(self, child: _Child, gone: Callable[[], bool] | None,
              poll: float) -> tuple[str, Any]:  # fmt: skip
        stop_sent: float | None = None
        while True:
            try:
                if child.conn.poll(poll):
                    reply: tuple[str, Any] = child.conn.recv()
                    return reply
            except (EOFError, OSError) as exc:
                raise ComputeError("the compute process died") from exc
            if stop_sent is None and gone is not None and gone():
                child.conn.send(STOP)
                stop_sent = time.monotonic()
            elif stop_sent is not None and time.monotonic() - stop_sent > KILL_AFTER:
                raise ComputeError("the compute process did not stop")

    def start(self) -> None:
        """Start every child now, in the background, so that the first trainings do not wait
        for an interpreter to start (seconds on a busy machine)."""
        with self._lock:
            n = self.size - self._count
            self._count += n

        def spawn() -> None:  # in the spawner thread
            for _ in range(n):
                try:
                    child = _Child(self.nice)
                except OSError:
                    with self._lock:
                        self._count -= 1
                    continue
                with self._lock:
                    self._idle.append(child)
                    self._lock.notify()

        self._spawner.submit(spawn)

    def _take(self) -> _Child:
        with self._lock:
            while not self._idle and self._count >= self.size:
                self._lock.wait()
            if self._idle:
                return self._idle.pop()
            self._count += 1
        try:
            return self._new_child()
        except BaseException:
            with self._lock:
                self._count -= 1
                self._lock.notify()
            raise

    def _new_child(self) -> _Child:
        """A child process, started by the spawner thread (its nice value)."""
        return self._spawner.submit(_Child, self.nice).result()

    def _give_back(self, child: _Child, healthy: bool) -> None:
        if not healthy:
            child.kill()
        with self._lock:
            if healthy:
                self._idle.append(child)
            else:
                self._count -= 1
            self._lock.notify()

    @property
    def processes(self) -> int:
        """Child processes alive now."""
        return self._count

    def close(self) -> None:
        """Stop the idle children (at shutdown; running ones end with their work)."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for child in idle:
            child.close()
        self._spawner.shutdown(wait=False)


if __name__ == "__main__":  # a child: python -m rnnscope.server.pool FD NICE
    _child(Connection(int(sys.argv[1])), int(sys.argv[2]))
