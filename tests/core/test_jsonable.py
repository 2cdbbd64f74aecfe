"""core.jsonable: NumPy to JSON, and the compact answer's rounding to significant digits."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rnnscope.core.jsonable import answer, jsonable, significant


def spread(n: int, lo: float, hi: float, seed: int = 0) -> np.ndarray:
    """n signed values whose magnitudes spread evenly over 10**lo .. 10**hi."""
    rng = np.random.default_rng(seed)
    return rng.choice([-1.0, 1.0], n) * rng.uniform(1, 10, n) * 10.0 ** rng.integers(lo, hi, n)


def digits_of(x: float) -> int:
    """Significant digits of the shortest text that reads back as `x` (what JSON writes)."""
    mantissa = np.format_float_scientific(x, unique=True).split("e")[0]
    return len(mantissa.lstrip("-").replace(".", "").rstrip("0") or "0")


@pytest.mark.parametrize("digits", [1, 2, 3, 7, 12, 16])
def test_rounding_is_within_half_a_unit_of_the_last_digit(digits):
    x = spread(20_000, -300, 300)
    y = significant(x, digits)
    half_unit = 0.5 * 10.0 ** (1 - digits) * np.abs(x)
    assert np.all(np.abs(y - x) <= half_unit + 4 * np.spacing(np.abs(x)))  # + float64 rounding
    assert np.all(np.sign(y) == np.sign(x))


@pytest.mark.parametrize("digits", [1, 3, 7, 9])
def test_rounded_values_are_written_with_at_most_that_many_digits(digits):
    """Down to 10**(digits - 22) (1e-15 at 7 digits: a trace's magnitudes); gradients that
    vanished further are rounded as well but may be written with more digits."""
    x = spread(5_000, digits - 22, 20, seed=digits)
    assert max(digits_of(v) for v in significant(x, digits)) <= digits
    # what the JSON holds
    assert json.loads(json.dumps(jsonable(np.float64(0.123456789), digits=digits))) == float(
        f"{0.123456789:.{digits - 1}e}"
    )


def test_zero_infinities_nan_and_full_precision_are_kept():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1 / 3])
    y = significant(x, 3)
    assert y[0] == 0 and y[2] == np.inf and y[3] == -np.inf and np.isnan(y[4])
    assert y[5] == 0.333
    exact = spread(1000, -300, 300)
    assert np.array_equal(significant(exact, 17), exact)  # 17 digits hold every float64


def test_jsonable_rounds_floats_only_and_still_notes_non_finite_values():
    bad: list[str] = []
    out = jsonable(
        {"a": np.array([[1 / 3, np.inf]]), "n": np.arange(3), "f": 2 / 3, "s": "x", "b": True},
        bad=bad,
        digits=4,
    )
    assert out == {"a": [[0.3333, None]], "n": [0, 1, 2], "f": 0.6667, "s": "x", "b": True}
    assert bad == ["a"]
    full = jsonable({"f": 2 / 3, "a": np.array([1 / 3])})
    assert full == {"f": 2 / 3, "a": [1 / 3]}  # no digits: as computed, to the bit


def test_a_float_alone_is_rounded_as_in_an_array():
    x = spread(2000, -15, 15, seed=7)
    for digits in (1, 4, 7):  # down to 10**(digits - 22), as above
        alone = [jsonable(float(v), digits=digits) for v in x]
        assert alone == significant(x, digits).tolist()


def test_an_answer_says_last_where_it_held_a_nonfinite_value():
    raw = {"h": np.array([[1.0, np.inf], [2.0, 3.0]]), "loss": np.float64(np.nan), "n": 2}
    out = answer(raw, digits=None, forward=np.array([1]))
    assert json.dumps(out) == (
        '{"h": [[1.0, null], [2.0, 3.0]], "loss": null, "n": 2, '
        '"nonfinite": {"forward": [1], "fields": ["h", "loss"]}}'
    )
    assert answer({"x": 1.23456}, 2) == {"x": 1.2, "nonfinite": {"fields": []}}


def test_arrays_rounded_together_are_rounded_as_each_alone():
    """jsonable rounds all of an answer's float arrays in one call: each number as one call
    per array would, whatever the others (tiny and huge ones take another path), and the
    non-finite ones still noted where they are."""
    rng = np.random.default_rng(3)
    plain = {"a": spread(50, -3, 3).reshape(5, 10), "b": spread(7, -2, 1)}
    mixed = {**plain, "tiny": spread(6, -40, -20), "huge": spread(4, 8, 30),
             "zeros": np.zeros(3), "f32": rng.normal(size=4).astype(np.float32),
             "bad": np.array([1 / 3, np.nan, -np.inf]), "n": np.arange(4),
             "nested": [{"x": spread(3, -1, 1, seed=9)}, "s", 2]}  # fmt: skip
    for raw in (plain, mixed):
        for digits in (3, 7):
            bad: list[str] = []
            out = jsonable(raw, bad=bad, digits=digits)
            for name, value in raw.items():
                if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                    alone = significant(value, digits)
                    want = [None if not np.isfinite(v) else v for v in alone.ravel().tolist()]
                    assert np.ravel(np.array(out[name], dtype=object)).tolist() == want, name
            assert bad == (["bad"] if "bad" in raw else [])
    nested = jsonable(mixed, digits=7)["nested"]
    assert nested == [{"x": significant(mixed["nested"][0]["x"], 7).tolist()}, "s", 2]
    assert jsonable({"l": [[1.0, np.inf]], "t": ("a", 1)}, bad=(where := []), digits=3) == {
        "l": [[1.0, None]], "t": ["a", 1]}  # fmt: skip
    assert where == ["l[0][1]"]
