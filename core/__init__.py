"""rnnscope's engine: RNN, LSTM and GRU cells stepped through time, traced, and BPTT. NumPy only."""

from . import _threads, limits  # noqa: F401 (_threads first: it must run before NumPy loads)
from .cells import CELLS
from .cells.info import describe as describe_cell
from .cost import estimate_cost
from .options import OptionError, Options, normalize
from .params import count as param_counts
from .trace import Trace, trace

__all__ = [
    "CELLS",
    "OptionError",
    "Options",
    "Trace",
    "describe_cell",
    "estimate_cost",
    "limits",
    "normalize",
    "param_counts",
    "trace",
]  # fmt: skip
