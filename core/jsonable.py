"""Arrays -> plain lists for JSON, with every non-finite float turned into None (and noted).

The one conversion of NumPy values for JSON: core's results use it (`answer`: the to_dict of a
trace, a classification, a seq2seq), and the server's serializer (server/jsonbytes.py) calls
it for whatever NumPy a result still holds.

With `digits`, every float is rounded to that many significant digits first: the compact
answer the page asks for (`digits=7`, as precise as float32). JSON writes the shortest text
that reads back as the same float, so 0.123456789012345678 becomes `0.1234568`: 2-3 times
fewer bytes for a trace, and gzip then compresses it twice as well (docs/benchmarks.md).
"""

from __future__ import annotations

import math

import numpy as np

# 10**k is exact in float64 up to this k: a quotient by it is correctly rounded.
EXACT_POWER = 22
FLOAT64_DIGITS = 17
# 10**k for |k| <= 400, each the float nearest to it (a table: pow per element is slower).
POW_RANGE = 400
POW10 = np.array([float(f"1e{k}") for k in range(-POW_RANGE, POW_RANGE + 1)])


def _pow10(k: np.ndarray) -> np.ndarray:
    return POW10[k + POW_RANGE]


def significant(x: np.ndarray, digits: int) -> np.ndarray:
    """`x` (float) rounded to `digits` significant digits: each value the float nearest to
    its rounded decimal, so that its shortest text has at most `digits` digits (for
    |x| >= 10**(digits - 22); tinier values are rounded too, within a float's rounding of
    it); zeros, infinities and NaN unchanged."""
    x = np.asarray(x, dtype=np.float64)
    if digits >= FLOAT64_DIGITS:  # every float64 already reads back from 17 digits
        return x.copy()
    ok = np.isfinite(x) & (x != 0)
    whole = bool(ok.all())  # the common case: no copy in and out
    v = x if whole else x[ok]
    # decimals to keep: digits - 1 - exponent (negative: round to tens, hundreds, ...)
    keep = digits - 1 - np.floor(np.log10(np.abs(v))).astype(np.int64)
    if v.size and keep.min() >= 0 and keep.max() <= EXACT_POWER:
        scale = _pow10(keep)
        r = np.round(v * scale) / scale
    else:
        near = np.minimum(keep, EXACT_POWER)  # the part of the scale that is an exact power
        far = keep - near  # > 0 only for tiny values (|x| < 1e-15 at 7 digits)
        up = keep >= 0
        r = np.empty_like(v)
        scale, extra = _pow10(near[up]), _pow10(far[up])
        r[up] = np.round(v[up] * extra * scale) / scale / extra
        down = _pow10(-keep[~up])
        r[~up] = np.round(v[~up] / down) * down
    if whole:
        return r
    out = x.copy()
    out[ok] = r
    return out


def jsonable(obj, path: str = "", bad: list[str] | None = None, digits: int | None = None):
    """Recursively convert arrays and floats; append the path of each value holding inf/NaN.
    `digits`: round every float to that many significant digits (None: as computed)."""
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f" and digits is not None:
            obj = significant(obj, digits)
        if obj.dtype.kind != "f" or np.isfinite(obj).all():
            return obj.tolist()
        if bad is not None:
            bad.append(path)
        out = obj.astype(object)
        out[~np.isfinite(obj)] = None
        return out.tolist()
    if isinstance(obj, (float, np.floating)):
        if math.isfinite(obj):
            if digits is None:
                return float(obj)
            return float(f"{obj:.{digits}g}")  # correctly rounded, as `significant` rounds
        if bad is not None:
            bad.append(path)
        return None
    if isinstance(obj, np.generic):  # integers, bools
        return obj.item()
    if isinstance(obj, dict):
        return {k: jsonable(v, f"{path}.{k}" if path else k, bad, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v, f"{path}[{i}]", bad, digits) for i, v in enumerate(obj)]
    return obj


def answer(raw: dict, digits: int | None = None, **nonfinite) -> dict:
    """A result's JSON: `raw` through jsonable, and its `nonfinite` part last: the `nonfinite`
    given (a trace's steps) and `fields`, the path of every value that held inf or NaN (null
    in the answer)."""
    bad: list[str] = []
    out = jsonable(raw, bad=bad, digits=digits)
    out["nonfinite"] = {**jsonable(nonfinite), "fields": bad}
    return out
