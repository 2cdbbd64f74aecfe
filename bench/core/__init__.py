"""Benchmarks of core/ in this process. `core` is imported first, before anything loads NumPy,
so that BLAS runs on one thread as in the server (core/_threads.py; docs/architecture.md, D8):
with NumPy first, BLAS threads spin and their CPU time counts as the request's."""

from rnnscope import core  # noqa: F401
