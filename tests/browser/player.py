"""The player driven as a lecturer drives it, in a page or an iframe (notebook, prefix tests)."""

from __future__ import annotations

from typing import Any


def step_and_go_back(frame: Any, shot: Any) -> None:
    """In `frame` (a page or an iframe): the network painted; step back and forth; the
    backward pass shows."""
    frame.wait_for_function("() => document.querySelector('svg.network')?.dataset.steps === '4'")
    status = frame.locator("#player-status")
    frame.wait_for_function("() => document.querySelector('#player-status').dataset.step")
    frame.locator("#btn-prev").click()
    first = int(status.get_attribute("data-step"))
    frame.locator("#btn-next").click()
    frame.wait_for_function(
        f"() => document.querySelector('#player-status').dataset.step === '{first + 1}'"
    )
    frame.locator("#btn-prev").click()
    frame.wait_for_function(
        f"() => document.querySelector('#player-status').dataset.step === '{first}'"
    )
    frame.locator("#btn-backward").click()
    frame.wait_for_function(
        "() => document.querySelector('#player-status').dataset.phase === 'bwd'"
    )
    assert frame.locator("svg.network").count() == 1
    shot()
