"""rnnscope: RNN, LSTM and GRU internals, traced step by step, and the page that shows them.

    from rnnscope import trace          # the engine (rnnscope.core): trace("hello", cell="lstm")
    rnnscope.show("hello", cell="gru")  # the page in a notebook
    rnnscope.snapshot("hello.html")     # the page in one file
    rnnscope serve                      # the command: the page and the API on port 8000

Importing rnnscope.core loads NumPy and the standard library only: the notebook functions
load the server (FastAPI, pydantic) when first used.
"""

from typing import Any

from .core import trace

__all__ = ["show", "snapshot", "trace", "view"]


def __getattr__(name: str) -> Any:
    if name in ("show", "snapshot", "view"):
        from .server import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'rnnscope' has no attribute {name!r}")
