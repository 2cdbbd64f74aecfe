"""Schemathesis against /openapi.json: no 5xx, and every answer matches its documented schema.

Every operation gets cases that fit the schema and cases that break it, sent over a real
socket. Checks: no server error; the status code, content type, headers and body (200 and
422 alike) are the ones the schema documents; schema-breaking input is refused. Not checked:
that every schema-valid request is accepted, since the API has documented limits the schema
cannot express (COST_BUDGET, token counts, control characters, `start` among the tokens).

In `make test`: 400 cases, deterministic. Half of the cases that fit the schema are shrunk to
small sizes so that many reach core and return a trace; the others keep their generated sizes
against budgets lowered to 0.05 s (traces) and 0.2 s (recall), so they are refused in
milliseconds. The long run (docs/robustness.md) uses the real budgets and sizes, new random
cases each time:

    FUZZ_CASES=1000 FUZZ_FULL=1 .venv/bin/python -m pytest tests/server/test_schema.py -s
"""

from __future__ import annotations

import os
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rnnscope import core

CASES = int(os.environ.get("FUZZ_CASES", "400"))
COMPUTED_CASES = 30  # more for each computed endpoint alone
FULL = os.environ.get("FUZZ_FULL") == "1"


def nullable_blank(case, response=None) -> bool:
    """True when a nullable parameter is sent empty (`clip=`), which means null. Judged on the
    URL actually sent when there is one: some generated values (nested empty lists, say)
    serialize to an empty parameter too."""
    query = case.query or {}
    sent: dict[str, list[str]] = {}
    url = getattr(getattr(response, "request", None), "url", None)
    if url:
        sent = parse_qs(urlsplit(str(url)).query, keep_blank_values=True)
    for param in case.operation.definition.raw.get("parameters", []):
        options = param.get("schema", {}).get("anyOf", [])
        if not any(o.get("type") == "null" for o in options):
            continue
        name = param["name"]
        if name in query and query[name] in ("", None, {}, []):
            return True
        if "" in sent.get(name, []):
            return True
    return False


def refused_unless_blank(ctx, response, case):
    """negative_data_rejection, except that a nullable option given empty is documented as
    null (README, "Query parameters"), which the schema cannot say: not a negative case."""
    if nullable_blank(case, response):
        return None
    return negative_data_rejection(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    refused_unless_blank,
]
COMPUTED = ["/api/v1/trace", "/api/v1/compare", "/api/v1/sample", "/api/v1/recall",
            "/api/v1/classify", "/api/v1/seq2seq"]  # fmt: skip
# Upper ends for the shrunk cases: enough for every code path, milliseconds of work.
SMALL = {
    "hidden": 6,
    "layers": 2,
    "train_steps": 5,
    "steps": 4,
    "batch": 4,
    "n_distract": 6,
    "length": 12,
    "embedding": 4,
    "truncate": 6,
}
SMALL_TEXT = 12
# classify's examples and seq2seq's pairs are JSON in a string: a generated string is almost
# never such an array, so a shrunk case gets a small valid one (its other options kept).
SMALL_PAIRS = {
    "examples": '[["a good film", "pos"], ["dull", "neg"], ["fun", "pos"]]',
    "pairs": '[["ab", "ba"], ["abc", "cba"]]',
}
# Defaults that train for long (recall's 300 steps, classify's and seq2seq's 200) or that
# make a recall too long for the lowered RECALL_BUDGET (N = 40 distractors, batch 32: with 4
# steps, 0.46 s estimated for the default GRU, 0.59 s for an LSTM: a shrunk recall that left
# them out was refused, and a lone run answered none): a shrunk case that leaves them out
# gets these instead (a recall then estimates at most 0.14 s).
SMALL_DEFAULTS = {"steps": 4, "train_steps": 5, "n_distract": 6, "batch": 4}


def shrink(case):
    """A schema-valid case made cheap: sizes capped, text cut to printable characters (and
    `start` kept in it)."""
    query = dict(case.query or {})
    for name, top in SMALL.items():
        if isinstance(query.get(name), int) and query[name] > top:
            query[name] = top
    if isinstance(query.get("text"), str):  # printable, so that it gets past the checks
        text = "".join(c for c in query["text"] if c.isprintable())[:SMALL_TEXT]
        query["text"] = text if len(text) >= 2 else "hello"
    if isinstance(query.get("start"), str) and query.get("text"):
        query["start"] = query["text"][0]
    for name, small in SMALL_PAIRS.items():
        if isinstance(query.get(name), str):
            query[name] = small
    takes = {p["name"] for p in case.operation.definition.raw.get("parameters", [])}
    for name, small in SMALL_DEFAULTS.items():
        if name in takes and name not in query:
            query[name] = small
    case.query = query
    return case


def test_schema_fuzz(live_server, monkeypatch):
    if not FULL:
        monkeypatch.setattr(core.limits, "COST_BUDGET", 0.05)
        monkeypatch.setattr(core.limits, "RECALL_BUDGET", 0.2)
    schema = schemathesis.openapi.from_url(f"{live_server}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {*COMPUTED, "/api/v1/cells", "/healthz"}
    strategies: dict[str, list] = {}
    for op in operations:
        positive = op.as_strategy(generation_mode=GenerationMode.POSITIVE)
        mine = strategies.setdefault(op.path, [])
        mine.append(op.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        if (op.method.upper(), op.path) == ("POST", "/api/v1/jobs"):
            continue  # a valid one starts a real training (minutes of CPU): see test_jobs.py
        mine.append(positive if FULL else st.one_of(positive, positive.map(shrink)))
    seen: Counter[tuple[str, int]] = Counter()

    def fuzz(cases: list, n: int) -> None:
        @settings(
            max_examples=n,
            deadline=None,
            derandomize=not FULL,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.one_of(cases))
        def check(case) -> None:
            response = case.call(base_url=live_server, timeout=120)
            seen[(case.operation.path, response.status_code)] += 1
            case.validate_response(response, checks=CHECKS)

        check()

    fuzz([s for path in strategies for s in strategies[path]], CASES)
    # and each computed endpoint on its own, so that its share does not hang on the draw
    for path in COMPUTED:
        fuzz(strategies[path], COMPUTED_CASES)
    print(f"\nschemathesis: {sum(seen.values())} cases, by path and status:")
    for (path, status), n in sorted(seen.items()):
        print(f"  {path:24} {status}  {n}")
    # not all noise: every computed endpoint both answers and refuses
    for path in COMPUTED:
        assert seen[(path, 200)] >= 3 and seen[(path, 422)] >= 10, (path, dict(seen))
