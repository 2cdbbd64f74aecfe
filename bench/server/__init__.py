"""Benchmarks of server/ code in this process (no socket, no uvicorn). `core` is imported
first, as in bench/core, so that BLAS runs on one thread as in the server."""

from rnnscope import core  # noqa: F401
