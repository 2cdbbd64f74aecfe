"""The machine's compute slots, shared by every worker process through the data directory.

With several uvicorn workers each running its own pool (server/pool.py), the trainings of all
of them together must not ask for more cores than the machine has, and the cheapest waiting
request of the whole machine, not of one worker, should get the next free core.

    <data dir>/compute/board.json    who holds slots, and each worker's best waiting request
    <data dir>/compute/board.lock    flock(2) held for each short read-modify-write

Each worker orders its own waiting requests (server/slots.py); only its best one asks the
board, every BOARD_POLL seconds, publishing its estimated cost and arrival (a system-wide
monotonic clock). A slot is granted when one is free and no fresh head of another worker has
a better priority (the same cost-less-aging rule). Entries of processes that have died are
dropped, so a killed worker's slots come back; a head not refreshed for STALE seconds is
ignored (its request got a slot or left).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A published head older than this is ignored: its worker has stopped asking.
STALE = 0.5
# A waiting head looks at the board without its lock (it is replaced whole) every BOARD_POLL
# seconds (server/slots.py), and takes the lock only when a slot looks free, or at least this
# often to keep its published request fresh.
REFRESH = 0.1


def alive(pid: int) -> bool:
    """Whether process `pid` exists (it may belong to another user: then it exists)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Board:
    """`n` slots shared by every process that opens a Board on the same directory."""

    def __init__(self, root: Path, n: int, aging: float) -> None:
        self.dir = root / "compute"
        self.n = n
        self.aging = aging
        self.pid = os.getpid()
        self._asked = -REFRESH  # when this process last took the lock to ask for a slot

    @contextlib.contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        """The board under its lock; written back when the block ends without an error."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / "board.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            path = self.dir / "board.json"
            try:
                state = json.loads(path.read_text())
            except (OSError, ValueError):
                state = {}
            state.setdefault("held", {})
            state.setdefault("heads", {})
            before = json.dumps(state, sort_keys=True)
            yield state
            after = json.dumps(state, sort_keys=True)
            if after != before:
                tmp = self.dir / f"board.{self.pid}.tmp"
                tmp.write_text(after)
                os.replace(tmp, path)

    def _purge(self, state: dict[str, Any], now: float) -> None:
        for table in ("held", "heads"):
            for pid in [p for p in state[table] if not alive(int(p))]:
                del state[table][pid]
        state["heads"] = {p: h for p, h in state["heads"].items() if now - h[2] < STALE}

    def _looks_full(self) -> bool:
        """Every slot held, as the board says now, read without its lock."""
        try:
            held = json.loads((self.dir / "board.json").read_text()).get("held", {})
        except (OSError, ValueError):
            return False
        return bool(sum(held.values()) >= self.n)

    def take(self, cost: float, since: float) -> bool:
        """For this process's best waiting request: a slot if one is free and no other
        process has a better waiting request; else publish this one and return False.
        Asked often while every slot is held, it only reads the board (no lock, no write)
        until a slot looks free, publishing its request at least every REFRESH seconds."""
        now = time.monotonic()
        if now - self._asked < REFRESH and self._looks_full():
            return False
        self._asked = now
        me = str(self.pid)
        with self._state() as state:
            self._purge(state, now)
            state["heads"][me] = [cost, since, now]
            mine = self._priority(cost, since, now)
            best = min(self._priority(c, s, now) for c, s, _ in state["heads"].values())
            if sum(state["held"].values()) >= self.n or mine > best:
                return False
            del state["heads"][me]
            state["held"][me] = state["held"].get(me, 0) + 1
            return True

    def withdraw(self) -> None:
        """This process has nobody waiting any more."""
        with self._state() as state:
            state["heads"].pop(str(self.pid), None)

    def release(self) -> None:
        me = str(self.pid)
        with self._state() as state:
            held = state["held"].get(me, 0) - 1
            if held > 0:
                state["held"][me] = held
            else:
                state["held"].pop(me, None)

    def held(self) -> int:
        """Slots held by all processes now."""
        with self._state() as state:
            self._purge(state, time.monotonic())
            return int(sum(state["held"].values()))

    def _priority(self, cost: float, since: float, now: float) -> float:
        return cost - self.aging * (now - since)
