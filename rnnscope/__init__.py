"""rnnscope for Python users and notebooks: `rnnscope.show(...)`, `rnnscope.snapshot(...)`,
`rnnscope.trace(...)` (core.trace)."""

from core import trace
from server.notebook import show, snapshot, view

__all__ = ["show", "snapshot", "trace", "view"]
