"""Tests wait on conditions, never on fixed times: `wait_for(condition, what)`."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL = 0.005  # seconds between two looks at the condition


def wait_for(
    condition: Callable[[], object], what: str, timeout: float = 30.0, poll: float = POLL
) -> None:
    """Return as soon as `condition()` is true; fail naming `what` after `timeout` seconds
    (a bound against hanging the suite, not an expectation of speed). `poll`: seconds between
    looks, longer for a condition that costs something (an HTTP request)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {timeout} s")
        time.sleep(poll)
