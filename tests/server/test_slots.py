"""Compute slots go to the cheapest waiting request, aging lets an expensive one through, and a
request whose client left stops waiting (server/slots.py)."""

from __future__ import annotations

import threading
import time

import pytest

from rnnscope.server import slots as S
from rnnscope.server.main import make_heavy
from rnnscope.server.settings import Settings
from rnnscope.server.slots import ClientGone, Slots
from tests.wait import wait_for


def _queue(slots: Slots, costs: list[float], order: list[float]) -> list[threading.Thread]:
    """One thread per cost, queued one after another while the only slot is held."""
    threads, before = [], slots.waiting
    for cost in costs:

        def take(cost: float = cost) -> None:
            slots.acquire(cost, poll=0.01)
            order.append(cost)
            slots.release()

        threads.append(threading.Thread(target=take))
        threads[-1].start()
        queued = before + len(threads)
        wait_for(lambda: slots.waiting == queued, f"{queued} queued")  # noqa: B023 (used before the next loop)
    return threads


def test_the_cheapest_waiting_request_goes_first():
    slots = Slots(1)
    slots.acquire()
    order: list[float] = []
    threads = _queue(slots, [2.0, 0.5, 0.01, 1.0, 0.02], order)
    slots.release()
    for t in threads:
        t.join(10)
    assert order == [0.01, 0.02, 0.5, 1.0, 2.0]


def test_aging_lets_a_long_waiting_request_go_before_newer_cheap_ones(monkeypatch):
    monkeypatch.setattr(S, "AGING", 1000.0)  # a millisecond waited outweighs a second of cost
    slots = Slots(1)
    slots.acquire()
    order: list[float] = []
    threads = _queue(slots, [2.0], order)
    # it has waited long enough to go before any request that comes after it (2 ms of waiting
    # outweighs its 2 s of cost)
    wait_for(lambda: slots._next().priority(time.monotonic(), S.AGING)[0] < 0, "the request to age")
    threads += _queue(slots, [0.01], order)  # a cheap one, but younger
    slots.release()
    for t in threads:
        t.join(10)
    assert order == [2.0, 0.01]


def test_several_slots_are_all_used():
    slots = Slots(3)
    for _ in range(3):
        slots.acquire(1.0)
    got = threading.Event()
    threading.Thread(target=lambda: (slots.acquire(), got.set())).start()
    wait_for(lambda: slots.waiting == 1, "the fourth request to queue")
    assert not got.is_set()
    slots.release()
    assert got.wait(5)


def test_a_request_whose_client_left_stops_waiting_and_leaves_the_queue():
    slots = Slots(1)
    slots.acquire()
    with pytest.raises(ClientGone):
        slots.acquire(0.0, gone=lambda: True, poll=0.01)
    assert slots.waiting == 0
    slots.release()
    slots.acquire(5.0, gone=lambda: False, poll=0.01)  # the slot is still there


def test_a_free_slot_is_not_taken_for_a_client_that_left():
    slots = Slots(1)
    with pytest.raises(ClientGone):
        slots.acquire(0.0, gone=lambda: True)
    assert slots.waiting == 0 and slots._free == 1


def _first_served(slots: Slots, waiting: list[tuple[str, float, float | None]]) -> list[str]:
    """Queue each (name, cost, since) in turn behind a held slot, then free it: the order in
    which they got it."""
    slots.acquire()
    order: list[str] = []

    def take(name: str, cost: float, since: float | None) -> None:
        slots.acquire(cost, poll=0.01, since=since)
        order.append(name)
        slots.release()

    threads = [threading.Thread(target=take, args=w) for w in waiting]
    for n, t in enumerate(threads, 1):
        t.start()
        wait_for(lambda n=n: slots.waiting == n, f"{n} queued")
    slots.release()
    for t in threads:
        t.join(10)
    return order


def test_a_request_keeps_the_age_it_is_given(monkeypatch):
    """A comparison's second and third cell wait with the age of the comparison (since)."""
    monkeypatch.setattr(S, "AGING", 1.0)
    old = time.monotonic() - 5.0
    order = _first_served(Slots(1), [("fresh, cheap", 0.5, None),
                                     ("cell of an old comparison", 1.0, old)])  # fmt: skip
    assert order == ["cell of an old comparison", "fresh, cheap"]


@pytest.mark.parametrize(("aging", "first"), [(S.AGING, "fresh"), (S.HEAVY_AGING, "old")])
def test_the_trainings_lane_passes_over_a_training_only_for_about_its_own_cost(aging, first):
    """A 1 s training that has waited 1.5 s: in the trainings' lane (HEAVY_AGING) it goes
    before a new 0.3 s one; with the small traces' AGING it would wait about 10 s for them."""
    old = time.monotonic() - 1.5
    order = _first_served(Slots(1, aging=aging), [("fresh", 0.3, None), ("old", 1.0, old)])
    assert order[0] == first


def test_the_apps_trainings_lane_ages_as_heavy(tmp_path):
    heavy = make_heavy(Settings(data_dir=tmp_path, compute_processes=2))
    assert heavy is not None
    assert heavy.slots.aging == S.HEAVY_AGING and heavy.slots.board.aging == S.HEAVY_AGING
