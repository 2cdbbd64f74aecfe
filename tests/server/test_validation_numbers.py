"""Hostile numbers in every numeric parameter of every endpoint: 200 or 422, never a 5xx.

The parameters and their limits come from /openapi.json, so a parameter added later is
covered without editing this file. A value that is a plain number within the documented
limits must be accepted; a non-finite or out-of-range one must be refused with a 422 that
names the parameter; anything else (hex, underscores, blanks...) may go either way, but an
accepted value must come back finite and within the limits in the answer's `request`.
"""

from __future__ import annotations

import json
import math
import re

import pytest

# Cheap valid requests that each hostile value is put into.
BASES = {
    "/api/v1/trace": {"text": "hi!", "cell": "gru", "hidden": "2"},
    "/api/v1/compare": {"text": "hi!", "cells": "rnn,gru", "hidden": "2"},
    "/api/v1/sample": {"text": "hi!", "start": "h", "cell": "gru", "hidden": "2", "length": "3"},
    "/api/v1/recall": {"hidden": "2", "n_distract": "1", "steps": "0", "batch": "1"},
}
HOSTILE = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "1e308", "-1e308",
           "1e309", "-0", "-0.0", "0", "-1", str(2**64), "9" * 400, "0x10", "0b1", "1_0", "1e3",
           "+1", " 1", "", "\u0663", "1.5", "true", "null", "1" + "0" * 20]  # fmt: skip
INT = re.compile(r"-?[0-9]+")
FLOAT = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|-?(nan|inf|infinity)", re.I)


def strict(raw: bytes):
    def refuse(constant: str):
        raise AssertionError(f"non-JSON constant {constant}")

    return json.loads(raw, parse_constant=refuse)


def numeric_parameters(spec: dict, path: str) -> dict[str, dict]:
    """name -> {type, nullable, lo, hi, lo_open, hi_open} for every number/integer parameter."""
    out = {}
    for p in spec["paths"][path]["get"]["parameters"]:
        schema = p["schema"]
        options = schema.get("anyOf", [schema])
        number = next((o for o in options if o.get("type") in ("integer", "number")), None)
        if number is None:
            continue
        out[p["name"]] = {
            "type": number["type"],
            "nullable": any(o.get("type") == "null" for o in options),
            "lo": number.get("minimum", number.get("exclusiveMinimum", -math.inf)),
            "hi": number.get("maximum", number.get("exclusiveMaximum", math.inf)),
            "lo_open": "exclusiveMinimum" in number,
            "hi_open": "exclusiveMaximum" in number,
        }
    return out


def within(value: float, p: dict) -> bool:
    if not math.isfinite(value):
        return False
    if p["type"] == "integer" and value != int(value):
        return False
    above = value > p["lo"] if p["lo_open"] else value >= p["lo"]
    below = value < p["hi"] if p["hi_open"] else value <= p["hi"]
    return above and below


def expectation(raw: str, p: dict) -> str:
    """'accept', 'refuse' or 'either' for the query value `raw` of parameter `p`."""
    if raw == "":
        return "accept" if p["nullable"] else "refuse"
    plain = INT if p["type"] == "integer" else FLOAT
    if not plain.fullmatch(raw):
        return "either"
    return "accept" if within(float(raw), p) else "refuse"


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


@pytest.mark.parametrize("path", sorted(BASES))
def test_hostile_numbers_in_every_numeric_parameter(client, spec, path):
    params = numeric_parameters(spec, path)
    assert len(params) >= 10, params  # the schema does describe them
    outcomes = {"accept": 0, "refuse": 0}
    for name, p in params.items():
        for raw in HOSTILE:
            query = {**BASES[path], name: raw}
            r = client.get(path, params=query)
            where = (path, name, raw, r.status_code, r.text[:200])
            assert r.status_code in (200, 422), where
            body = strict(r.content)
            expected = expectation(raw, p)
            if r.status_code == 422:
                assert expected != "accept", where
                assert any(item["loc"][-1] == name for item in body["detail"]), where
                outcomes["refuse"] += 1
                continue
            assert expected != "refuse", where
            echoed = body["request"][name]
            if echoed is None:
                assert p["nullable"] and raw in ("", "null"), where
            else:
                assert within(float(echoed), p), where
            outcomes["accept"] += 1
    # both sides are exercised on every endpoint
    assert outcomes["accept"] >= len(params) and outcomes["refuse"] >= 5 * len(params), outcomes
