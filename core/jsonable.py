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
    `digits`: round every float to that many significant digits (None: as computed).

    With `digits`, every float array of `obj` is rounded at once (`_rounded`: one call of
    `significant` over all of them, which rounds each number by itself, so the numbers are
    those of one call per array; a trace holds dozens of small arrays, and NumPy's cost per
    call was most of the rounding's)."""
    rounded = None
    if digits is not None and digits < FLOAT64_DIGITS:  # 17 digits: every float64 as it is
        rounded = _rounded(obj, digits)
    return _convert(obj, (path,) if path else (), bad, digits, rounded)


# Values JSON writes as they are: a list of only these needs no walk (tokens, vocabularies).
PLAIN = frozenset({str, int, bool, type(None)})


def _convert(obj, where: tuple, bad: list[str] | None, digits: int | None,
             rounded: tuple[dict[int, np.ndarray], bool] | None):  # fmt: skip
    """jsonable's walk; `where`: the path as its parts, written only when it is noted."""
    if isinstance(obj, np.ndarray):
        finite = None
        if obj.dtype.kind == "f" and rounded is not None:
            arrays, finite = rounded
            obj = arrays[id(obj)]
        if obj.dtype.kind != "f" or finite or np.isfinite(obj).all():
            return obj.tolist()
        if bad is not None:
            bad.append(_path(where))
        out = obj.astype(object)
        out[~np.isfinite(obj)] = None
        return out.tolist()
    if isinstance(obj, (float, np.floating)):
        if math.isfinite(obj):
            if digits is None:
                return float(obj)
            return float(f"{obj:.{digits}g}")  # correctly rounded, as `significant` rounds
        if bad is not None:
            bad.append(_path(where))
        return None
    if isinstance(obj, np.generic):  # integers, bools
        return obj.item()
    if isinstance(obj, dict):
        return {k: _convert(v, (*where, k), bad, digits, rounded) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        if all(type(v) in PLAIN for v in obj):
            return list(obj)
        return [_convert(v, (*where, [i]), bad, digits, rounded) for i, v in enumerate(obj)]
    return obj


def _path(where: tuple) -> str:
    """The path `a.b[2].c` from ("a", "b", [2], "c") (a list index is a one-item list)."""
    out = ""
    for part in where:
        if isinstance(part, list):
            out += f"[{part[0]}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _rounded(obj, digits: int) -> tuple[dict[int, np.ndarray], bool]:
    """Every float array in `obj`, rounded to `digits` in one pass: each by its id, and
    whether all of them are finite."""
    arrays: list[np.ndarray] = []
    _float_arrays(obj, arrays)
    if not arrays:
        return {}, True
    flat = significant(np.concatenate([a.ravel() for a in arrays]), digits)
    out, start = {}, 0
    for a in arrays:
        out[id(a)] = flat[start : start + a.size].reshape(a.shape)
        start += a.size
    return out, bool(np.isfinite(flat).all())


def _float_arrays(obj, found: list[np.ndarray]) -> None:
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f":
            found.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _float_arrays(v, found)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            if type(v) not in PLAIN:
                _float_arrays(v, found)


def answer(raw: dict, digits: int | None = None, **nonfinite) -> dict:
    """A result's JSON: `raw` through jsonable, and its `nonfinite` part last: the `nonfinite`
    given (a trace's steps) and `fields`, the path of every value that held inf or NaN (null
    in the answer)."""
    bad: list[str] = []
    out = jsonable(raw, bad=bad, digits=digits)
    out["nonfinite"] = {**jsonable(nonfinite), "fields": bad}
    return out
