"""Arrays -> plain lists for JSON, with every non-finite float turned into None (and noted).

The one conversion of NumPy values for JSON: core's results use it (Trace.to_dict), and the
server's serializer (server/jsonbytes.py) calls it for whatever NumPy a result still holds.
"""

from __future__ import annotations

import math

import numpy as np


def jsonable(obj, path: str = "", bad: list[str] | None = None):
    """Recursively convert arrays and floats; append the path of each value holding inf/NaN."""
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind != "f" or np.isfinite(obj).all():
            return obj.tolist()
        if bad is not None:
            bad.append(path)
        out = obj.astype(object)
        out[~np.isfinite(obj)] = None
        return out.tolist()
    if isinstance(obj, (float, np.floating)):
        if math.isfinite(obj):
            return float(obj)
        if bad is not None:
            bad.append(path)
        return None
    if isinstance(obj, np.generic):  # integers, bools
        return obj.item()
    if isinstance(obj, dict):
        return {k: jsonable(v, f"{path}.{k}" if path else k, bad) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v, f"{path}[{i}]", bad) for i, v in enumerate(obj)]
    return obj
