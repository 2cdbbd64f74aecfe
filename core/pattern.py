"""Which characters of a text a regular expression matches, in a child process with a deadline.

Python's `re` has no timeout, and a pattern such as `(a+)+$` takes exponential time on a line
of a's: a worker that ran it itself could hang for ever. So the match runs in a fresh
interpreter (`python -I -S`: no site, no user code) with a memory and CPU limit, and is
killed at the deadline; the pattern is refused with a message that says so. Costs one
interpreter start (tens of milliseconds) per pattern.

The pattern is compiled with re.DOTALL (`.` crosses lines: a docstring spans many). The
characters of a match are its span; if the pattern has a group, group 1's span (so
`"{3}(.*?)"{3}` marks the inside of a docstring, not its quotes).
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from . import limits as L
from .options import OptionError

CHILD = r"""
import json, re, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))
resource.setrlimit(resource.RLIMIT_CPU, (__CPU__, __CPU__ + 1))
job = json.loads(sys.stdin.read())
try:
    rx = re.compile(job["pattern"], re.DOTALL)
except (re.error, RecursionError, OverflowError, ValueError) as exc:
    print(json.dumps({"error": str(exc)}))
    sys.exit(0)
g = 1 if rx.groups else 0
spans = [m.span(g) for m in rx.finditer(job["text"])]
print(json.dumps({"spans": [s for s in spans if s[0] >= 0 and s[1] > s[0]]}))
"""


def spans(text: str, pattern: object, seconds: float = L.PATTERN_SECONDS) -> list[tuple[int, int]]:
    """[(start, end)] of every non-empty match of `pattern` in `text` (code point offsets);
    OptionError on `pattern` when it is not a valid expression or does not finish in time."""
    if not isinstance(pattern, str) or not 0 < len(pattern) <= L.MAX_PATTERN_CHARS:
        raise OptionError("pattern", f"must be a regular expression of 1 to "
                                     f"{L.MAX_PATTERN_CHARS} characters",
                          ctx={"rule": "pattern_chars", "max": L.MAX_PATTERN_CHARS})  # fmt: skip
    code = CHILD.replace("__CPU__", str(int(seconds) + 1))
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", code],
            input=json.dumps({"text": text, "pattern": pattern}).encode(),
            capture_output=True,
            timeout=seconds + 1.0,  # the interpreter's own start is not the pattern's fault
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OptionError("pattern", _slow(seconds), ctx=_slow_ctx(seconds)) from None
    if done.returncode < 0:  # killed by its CPU limit
        raise OptionError("pattern", _slow(seconds), ctx=_slow_ctx(seconds))
    if b"MemoryError" in done.stderr:
        raise OptionError(
            "pattern",
            "needs more memory than a pattern may have on this text",
            ctx={"rule": "pattern_memory"},
        )
    if done.returncode != 0:
        raise RuntimeError(f"pattern child failed: {done.stderr[-500:]!r}")
    answer = json.loads(done.stdout)
    if "error" in answer:
        why = str(answer["error"])[:200]  # Python's own words (re.error): where and what
        raise OptionError(
            "pattern",
            f"is not a valid regular expression: {answer['error']}",
            ctx={"rule": "pattern_invalid", "why": why},
        )
    return [(int(a), int(b)) for a, b in answer["spans"]]


def _slow_ctx(seconds: float) -> dict[str, object]:
    return {"rule": "pattern_slow", "seconds": seconds}


def _slow(seconds: float) -> str:
    return (f"took longer than {seconds:g} s on this text and was stopped; a nested "
            "repetition such as (a+)+ can take exponential time: write it without one")  # fmt: skip


def char_mask(length: int, found: list[tuple[int, int]]) -> np.ndarray:
    """(length,) bool: True on the characters inside any span."""
    edges = np.zeros(length + 1, dtype=np.int64)
    for a, b in found:
        edges[a] += 1
        edges[b] -= 1
    return np.cumsum(edges[:-1]) > 0
