"""How many malloc arenas a worker may keep: glibc's default lets memory creep up under load.

glibc gives a thread that finds the main arena busy an arena of its own, up to 8 per core
(16 on the 2-core lecture laptop). Each worker thread computing traces then keeps the
megabytes of NumPy temporaries of the largest trace it has run, in an arena of its own that
is never given back: under the lecture load the workers' memory grew for many minutes beyond
what the answer cache holds (docs/robustness.md, the soak). Two arenas bound that.
"""

from __future__ import annotations

import ctypes

M_ARENA_MAX = -8  # glibc's malloc.h


def limit_arenas(n: int) -> bool:
    """mallopt(M_ARENA_MAX, n) when the C library is glibc and n > 0; True if it took.

    Affects arenas created from now on: call it before the worker threads start computing.
    The environment variable MALLOC_ARENA_MAX, read by glibc at start-up, does the same.
    """
    if n <= 0:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to set
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, n) == 1)
