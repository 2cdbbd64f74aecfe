"""Every option is declared once (core/options.py). The query models and OpenAPI, the option
table served to the page, core's own check, /api/v1/cells and the docs' tables agree with it."""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import re
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rnnscope.core import trace
from rnnscope.core.option import OptionError
from rnnscope.core.options import (
    ANSWERING,
    JOB_PAGE_DEFAULTS,
    OPTIONS,
    PAGE_CHOICES,
    PAGE_DEFAULTS,
    Options,
    check,
    for_endpoint,
    table,
)
from rnnscope.core.recall import RecallWork, train_recall
from rnnscope.core.task_options import ClassifyOptions, Seq2SeqOptions
from rnnscope.server import option_docs
from rnnscope.server.models.jobs import CorpusIn, JobIn
from rnnscope.server.models.tasks import ClassifyRequest, Seq2SeqRequest
from rnnscope.server.models.trace import CompareRequest, TraceRequest
from rnnscope.server.params import (
    ClassifyQuery,
    CompareQuery,
    CostQuery,
    RecallQuery,
    SampleQuery,
    Seq2SeqQuery,
    TraceQuery,
    UnitsQuery,
)

ROOT = Path(__file__).resolve().parents[2]
MODELS = {"trace": TraceQuery, "compare": CompareQuery, "sample": SampleQuery,
          "recall": RecallQuery, "units": UnitsQuery, "cost": CostQuery,
          "classify": ClassifyQuery, "seq2seq": Seq2SeqQuery,
          "jobs": JobIn, "jobs.corpus": CorpusIn}  # fmt: skip
# JSON bodies: POST /api/v1/jobs, its `corpus` object (where in the body's schema each one is)
BODIES = {"jobs": (JobIn, []), "jobs.corpus": (CorpusIn, ["$defs", "CorpusIn"])}
ENDPOINTS = sorted({e for o in OPTIONS for e in o.endpoints} - set(BODIES))
# An endpoint is the last part of its path; those under a resource are listed here.
PATHS = {"units": "/api/v1/models/{model_id}/units"}


def path(endpoint: str) -> str:
    return PATHS.get(endpoint, f"/api/v1/{endpoint}")


SHELL = re.compile(r'<script type="application/json" id="rnnscope-options">(.*?)</script>', re.S)


def shell_table(client) -> dict:
    """The option table as the page receives it, from the page shell."""
    return json.loads(SHELL.search(client.get("/").text).group(1))


def openapi_view(param: dict) -> dict:
    """What OpenAPI says of one query parameter: type, default, limits, allowed values."""
    schema = param["schema"]
    variants = schema.get("anyOf", [schema])
    (s,) = [v for v in variants if v.get("type") != "null"]
    keys = ("minimum", "exclusiveMinimum", "maximum", "minLength", "maxLength")
    return {
        "type": s["type"],
        "required": param["required"],
        "nullable": len(variants) == 2,
        "default": schema.get("default"),
        "values": s.get("enum"),
        **{k: s.get(k) for k in keys},
    }


def row_view(row: dict) -> dict:
    """The same view of a row of the page's option table."""
    types = {"int": "integer", "float": "number", "str": "string", "list": "string",
             "bool": "boolean"}  # fmt: skip
    keys = ("minimum", "exclusiveMinimum", "maximum", "minLength", "maxLength")
    return {
        "type": types[row["type"]],
        "required": row["required"],
        "nullable": row["nullable"],
        "default": row["default"],
        "values": None if row["type"] == "list" else row.get("values"),
        **{k: row.get(k) for k in keys},
    }


def test_the_page_table_and_openapi_agree_on_every_option(client):
    rows = shell_table(client)["options"]
    spec = client.get("/openapi.json").json()
    for endpoint in ENDPOINTS:
        given = spec["paths"][path(endpoint)]["get"]["parameters"]
        params = {p["name"]: p for p in given if p["in"] == "query"}
        served = {r["name"]: r for r in rows if endpoint in r["endpoints"]}
        assert list(served) == list(params), endpoint
        for name, row in served.items():
            assert row_view(row) == openapi_view(params[name]), (endpoint, name)
            assert params[name]["description"] == row["meaning"], (endpoint, name)


def test_the_page_table_and_the_jobs_body_agree_on_every_field(client):
    """POST /api/v1/jobs: its JSON body's schema in OpenAPI is the declaration, field by field
    in declaration order (`corpus`, an object, first)."""
    rows = shell_table(client)["options"]
    spec = client.get("/openapi.json").json()["paths"]["/api/v1/jobs"]["post"]
    body = spec["requestBody"]["content"]["application/json"]["schema"]
    for endpoint, (_, where) in BODIES.items():
        schema = body
        for key in where:
            schema = schema[key]
        fields = [n for n in schema["properties"] if n != "corpus"]
        served = {r["name"]: r for r in rows if endpoint in r["endpoints"]}
        assert list(served) == fields, endpoint
        for name, row in served.items():
            param = {"schema": schema["properties"][name], "required": name in schema.get(
                "required", [])}  # fmt: skip
            assert row_view(row) == openapi_view(param), (endpoint, name)
            assert schema["properties"][name]["description"] == row["meaning"], (endpoint, name)
    assert body["required"] == ["corpus"] and "corpus" in body["properties"]


def test_readme_lists_the_jobs_fields_in_declaration_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (listed,) = re.findall(r"\| `POST /api/v1/jobs` \| .*?JSON `\{(.*?)\}`", readme)
    names = re.sub(r"\{.*?\}", "", listed).replace(" or ", "").split(", ")
    assert [n.split(":")[0].strip() for n in names] == [
        "corpus", *[o.name for o in for_endpoint("jobs")]]  # fmt: skip


def test_the_served_table_is_the_declaration_with_the_limits(client):
    served = shell_table(client)
    assert served["options"] == table()
    assert served["limits"] == client.get("/api/v1/cells").json()["limits"]


def test_every_numeric_limit_of_an_option_is_a_named_limit(client):
    """So /api/v1/cells (core/limits.py) states every bound the options use."""
    named = {v for v in client.get("/api/v1/cells").json()["limits"].values()
             if isinstance(v, int | float)}  # fmt: skip
    for o in OPTIONS:
        for bound in (o.ge, o.gt, o.le):
            if bound is not None and bound not in (0, 1):
                assert abs(bound) in named, (o.name, o.endpoints, bound)


def test_each_endpoint_declares_each_name_once_and_has_a_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for endpoint in ENDPOINTS:
        names = [o.name for o in for_endpoint(endpoint)]
        assert len(names) == len(set(names)), endpoint
        assert path(endpoint) in paths, endpoint


def test_core_options_are_the_trace_declarations():
    assert [f.name for f in dataclasses.fields(Options)] == ["text", "cell", *[
        o.name for o in for_endpoint("trace")
        if o.name not in ("text", "cell", *ANSWERING)]]  # fmt: skip
    checked = check("trace", text="hello")
    assert trace("hello").options == Options(**{k: checked[k] for k in checked if k != "fit"})
    assert ANSWERING == ("fit",)  # the request's echo and Options leave these out


def test_recall_defaults_are_the_declarations():
    params = inspect.signature(train_recall).parameters
    for o in for_endpoint("recall"):
        assert params[o.name].default == o.default, o.name
    for f in dataclasses.fields(RecallWork):  # its cost's sizes are the same arguments
        assert params[f.name].default == f.default, f.name


def test_page_defaults_are_legal_values():
    for name, value in PAGE_DEFAULTS.items():
        (option,) = [o for o in for_endpoint("trace") if o.name == name]
        assert option.check(value) == value


def test_the_corpus_forms_starting_values_are_legal_and_served():
    rows = {r["name"]: r for r in table() if "jobs" in r["endpoints"]}
    for name, value in JOB_PAGE_DEFAULTS.items():
        (option,) = [o for o in for_endpoint("jobs") if o.name == name]
        assert option.check(value) == value
        assert rows[name]["page_default"] == value


def test_page_choices_are_legal_values_and_in_the_pages_table():
    rows = {r["name"]: r for r in table() if "trace" in r["endpoints"]}
    for name, values in PAGE_CHOICES.items():
        (option,) = [o for o in for_endpoint("trace") if o.name == name]
        assert [option.check(v) for v in values] == list(values) == sorted(values)
        assert rows[name]["page_choices"] == list(values)


def test_docs_tables_are_written_from_the_declaration():
    for path in option_docs.FILES:
        text = path.read_text(encoding="utf-8")
        assert "<!-- options: " in text, path
        assert option_docs.render(text) == text, (
            f"{path}: run python -m rnnscope.server.option_docs"
        )


def test_core_refuses_unknown_and_missing_options():
    with pytest.raises(OptionError, match="colour"):
        check("trace", text="hello", colour="red")
    with pytest.raises(OptionError, match="start: required"):
        check("sample", text="hello")


# Values at, just inside and just outside every kind of bound, and some that are never legal.
EDGES = st.one_of(
    st.sampled_from([0, 1, 2, -1, 0.0, 1e-12, -1e-12, 0.05, 0.049, 10.0, 10.5, 20, 20.5, -20.5,
                     64, 65, 100, 101, 256, 257, 258, 1e6, 2e6, 2**32 - 1, 2**32,
                     math.nan, math.inf, -math.inf]),
    st.integers(-5, 300),
    st.floats(-30, 300, allow_nan=False),
)  # fmt: skip
TEXTS = st.one_of(st.sampled_from(["", "a", "hello", "rnn,gru", "rnn,rnn", "cnn", "lstm",
                                   "a\x00b", "\ufffd", "tanh", "word"]),
                  st.text(max_size=6))  # fmt: skip
BASE = {"trace": {"text": "hello"}, "compare": {"text": "hello"}, "cost": {"text": "hello"},
        "sample": {"text": "hello", "start": "h"}, "recall": {},
        "units": {"text": "ab"}, "classify": {"examples": "[]"},
        "seq2seq": {"pairs": "[]"}, "jobs": {"corpus": {"builtin": "textwrap"}},
        "jobs.corpus": {}}  # fmt: skip


def _query_string(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, float) and math.isfinite(value) else str(value)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_core_and_the_query_models_accept_the_same_values(data):
    option = data.draw(st.sampled_from([o for o in OPTIONS if o.type != "bool"]))
    endpoint = data.draw(st.sampled_from(option.endpoints))
    value = data.draw(TEXTS if option.type in ("str", "list") else EDGES)
    if option.type == "bool":  # core takes Python's bools; a query spells them
        value = data.draw(st.sampled_from([True, False, "maybe", 2, -1, ""]))
    if option.type == "int" and isinstance(value, float) and math.isfinite(value):
        value = int(value)  # a query string of an integer has no point
    try:
        option.check(value)
        core_ok = True
    except OptionError:
        core_ok = False
    query = {**BASE[endpoint], option.name: _query_string(value)}
    try:
        MODELS[endpoint].model_validate(query)
        api_ok = True
    except ValidationError:
        api_ok = False
    if value == "" and option.nullable:
        assert api_ok  # the query string's way to say None
    else:
        assert api_ok == core_ok, (endpoint, option.name, value)


def test_bool_options_take_true_and_false():
    """A query string's bool is a word the query model parses; core then checks a bool."""
    bools = [o for o in OPTIONS if o.type == "bool"]
    assert bools
    for option in bools:
        for endpoint in option.endpoints:
            for word, value in (("true", True), ("false", False), ("1", True), ("0", False)):
                query = MODELS[endpoint].model_validate({**BASE[endpoint], option.name: word})
                assert getattr(query, option.name) is value
                option.check(value)
            with pytest.raises(ValidationError):
                MODELS[endpoint].model_validate({**BASE[endpoint], option.name: "maybe"})
            with pytest.raises(OptionError):
                option.check(1)


ECHOES = {"trace": TraceRequest, "compare": CompareRequest, "classify": ClassifyRequest,
          "seq2seq": Seq2SeqRequest}  # fmt: skip
CORE = {"classify": ClassifyOptions, "seq2seq": Seq2SeqOptions}


@pytest.mark.parametrize("endpoint", ECHOES)
def test_an_answers_request_echo_names_each_option_of_its_endpoint(endpoint):
    """The `request` of an answer (server/models) and core's typed options restate the
    declaration's names: each one, none more, and null only where the option may be null
    (not those about how it is answered: ANSWERING)."""
    declared = {o.name: o for o in for_endpoint(endpoint) if o.name not in ANSWERING}
    echo = ECHOES[endpoint].model_fields
    assert set(echo) == set(declared)
    for name, info in echo.items():
        assert (type(None) in get_args(info.annotation)) == declared[name].nullable, name
    if endpoint in CORE:
        assert {f.name for f in dataclasses.fields(CORE[endpoint])} == set(declared)
