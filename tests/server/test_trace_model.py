"""The pydantic trace model (and so the OpenAPI schema) says exactly what core.trace returns.

Every field core emits must be declared: a new field in core without one in
server/models/trace.py fails here, instead of being passed through undocumented.
"""

from __future__ import annotations

import pytest

from rnnscope import core
from rnnscope.core import limits as L
from rnnscope.core.jsonable import jsonable
from rnnscope.server.models.trace import GateFactor, JacobianFactor, TraceOut

from .modelcheck import undeclared

OPTIONS = [
    {},
    {"layers": 3, "hidden": 5},
    {"hidden": L.JACOBIAN_MAX_HIDDEN + 1},  # no Jacobian, no rnn factor max
    {"embedding": 3, "truncate": 2, "clip": 0.5},
    {"train_steps": 2, "optimizer": "sgd"},
    {"init_scale": 100.0, "w_hh_sigma": 100.0, "activation": "relu"},  # overflow -> nulls
]


@pytest.mark.parametrize("cell", L.CELL_NAMES)
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "defaults")
def test_model_declares_every_field_of_core(cell, options):
    text = "abcabd" * 8 if "relu" in options.values() else "hello world"
    body = jsonable(core.trace(text, cell=cell, **options).to_dict())  # as the JSON has it
    trace = TraceOut.model_validate(body)
    assert undeclared(trace) == []
    factors = [layer.grad.factor for layer in trace.layers]
    if cell == "rnn":
        assert all(isinstance(f, JacobianFactor) for f in factors)
        if trace.request.hidden <= L.JACOBIAN_MAX_HIDDEN:  # above it, no SVDs: no bound
            assert factors[-1].bound is not None and len(factors[-1].bound) == len(trace.loss)
        else:
            assert factors[-1].bound is None and factors[-1].sigma_max is None
        assert all(f.bound is None for f in factors[:-1])
        assert all(f.gamma in (0.25, 1.0) for f in factors)
    else:
        assert all(isinstance(f, GateFactor) for f in factors)
        assert "bound" not in body["layers"][-1]["grad"]["factor"]


def test_undeclared_finds_new_fields():
    body = jsonable(core.trace("hello", cell="rnn").to_dict())
    body["layers"][0]["grad"]["factor"]["new_field"] = 1.0
    body["brand_new"] = []
    found = undeclared(TraceOut.model_validate(body))
    assert sorted(found) == [".brand_new", ".layers[0].grad.factor.new_field"]


def test_openapi_documents_the_rnn_factor(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    rnn = schemas["JacobianFactor"]["properties"]
    assert {"gamma", "sigma_max", "bound"} <= set(rnn)
    assert "gamma" in schemas["JacobianFactor"]["required"]
    assert "bound" not in schemas["JacobianFactor"]["required"]
