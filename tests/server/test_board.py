"""server/board.py: the machine's compute slots, shared by worker processes through the data
directory: never more held than there are, a dead worker's slots come back, and the cheapest
waiting request of the whole machine goes first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from rnnscope.server.board import Board
from rnnscope.server.slots import AGING, Slots
from tests.wait import wait_for


def state(root: Path) -> dict:
    return json.loads((root / "compute" / "board.json").read_text())


def write(root: Path, held: dict, heads: dict) -> None:
    (root / "compute").mkdir(parents=True, exist_ok=True)
    (root / "compute" / "board.json").write_text(json.dumps({"held": held, "heads": heads}))


def test_never_more_held_than_slots(tmp_path):
    board = Board(tmp_path, 2, AGING)
    now = time.monotonic()
    assert board.take(1.0, now) and board.take(1.0, now)
    assert not board.take(0.0, now) and board.held() == 2
    board.release()
    assert board.take(0.5, now) and board.held() == 2


def test_a_dead_workers_slots_come_back(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    write(tmp_path, {str(gone.pid): 2}, {str(gone.pid): [0.0, time.monotonic(), time.monotonic()]})
    board = Board(tmp_path, 2, AGING)
    assert board.held() == 0 and board.take(5.0, time.monotonic())


def test_a_cheaper_request_of_another_worker_goes_first(tmp_path):
    other = os.getppid()  # a live process that is not this one: "another worker"
    now = time.monotonic()
    write(tmp_path, {}, {str(other): [0.1, now, now]})
    board = Board(tmp_path, 1, AGING)
    assert not board.take(2.0, now)  # a slot is free, but the other worker's head is cheaper
    assert str(os.getpid()) in state(tmp_path)["heads"]  # ours is published for it to see
    assert board.take(0.05, now)  # a cheaper one of ours goes first
    assert state(tmp_path)["held"] == {str(os.getpid()): 1}


def test_a_head_that_stopped_asking_is_ignored(tmp_path):
    other = os.getppid()
    stale = time.monotonic() - 60
    write(tmp_path, {}, {str(other): [0.0, stale, stale]})
    assert Board(tmp_path, 1, AGING).take(2.0, time.monotonic())


def test_slots_on_a_board_ask_it_and_give_back(tmp_path):
    board = Board(tmp_path, 1, AGING)
    slots = Slots(2, board)  # this process could run 2, the machine has 1
    slots.acquire(1.0)
    assert board.held() == 1
    got: list[str] = []
    waiter = threading.Thread(target=lambda: (slots.acquire(0.5), got.append("second")))
    waiter.start()
    wait_for(lambda: slots.waiting == 1, "the second request to wait for the machine")
    assert got == []
    slots.release()
    waiter.join(30)
    assert got == ["second"] and board.held() == 1
    slots.release()
    assert board.held() == 0
