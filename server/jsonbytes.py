"""Compact, deterministic JSON bytes in which every non-finite float is null."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

JSON = "application/json"


def _plain(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


def finite(obj: Any) -> Any:
    """A copy of `obj` (dicts, lists, NumPy) with inf/NaN replaced by None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    if isinstance(obj, (np.ndarray, np.generic)):
        return finite(_plain(obj))
    return obj


def dumps(obj: Any) -> bytes:
    """Fast path through the C encoder; the slow walk only when something is not finite."""
    try:
        text = json.dumps(obj, allow_nan=False, separators=(",", ":"), default=_plain)
    except ValueError:
        text = json.dumps(finite(obj), allow_nan=False, separators=(",", ":"))
    return text.encode()
