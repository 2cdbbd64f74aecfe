"""The `hello` model with fixed weights against PyTorch 2.13 float64 values (shared/vectors)."""

import json
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core import trace
from rnnscope.core.params import shapes

VECTORS = json.loads((Path(__file__).parent / "vectors" / "hello_torch.json").read_text())
TOL = dict(rtol=1e-9, atol=1e-12)


def formula_weights(cell: str) -> dict:
    """P.flat[i] = scale * sin(0.9*i + 1.3*pid + 0.5), as the vector file says."""
    shape_of = shapes(cell, len(VECTORS["vocab"]), VECTORS["hidden"], 1, 0)
    out = {}
    for spec in VECTORS["weights"]["tensors"]:
        shape = shape_of[spec["name"]]
        i = np.arange(int(np.prod(shape)))
        out[spec["name"]] = (spec["scale"] * np.sin(0.9 * i + 1.3 * spec["pid"] + 0.5)).reshape(
            shape
        )
    return out


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_matches_pytorch(cell):
    ref = VECTORS["cells"][cell]
    tr = trace("hello", cell=cell, hidden=VECTORS["hidden"], weights=formula_weights(cell))
    d = tr.to_dict()
    assert d["vocab"] == VECTORS["vocab"]
    assert "".join(d["tokens"][:-1]) == VECTORS["inputs"]
    layer = d["layers"][0]
    np.testing.assert_allclose(d["loss"], ref["loss_per_step"], **TOL, err_msg=f"{cell} loss")
    np.testing.assert_allclose(d["total_loss"], ref["loss_total"], **TOL)
    np.testing.assert_allclose(layer["h"], ref["h"], **TOL, err_msg=f"{cell} h")
    grad = layer["grad"]
    np.testing.assert_allclose(grad["dL_dh"], ref["norm_dL_dh"], **TOL, err_msg="dL/dh")
    np.testing.assert_allclose(grad["dLlast_dh"], ref["norm_dLlast_dh"], **TOL, err_msg="dL_T/dh")
    np.testing.assert_allclose(grad["dL_dh0"], ref["norm_dL_dh0"], **TOL, err_msg="dL/dh0")
    if cell == "lstm":
        np.testing.assert_allclose(layer["c"], ref["c"], **TOL, err_msg="c")
        np.testing.assert_allclose(grad["dL_dc"], ref["norm_dL_dc"], **TOL, err_msg="dL/dc")
        np.testing.assert_allclose(grad["dLlast_dc"], ref["norm_dLlast_dc"], **TOL)
    for name, norm in ref["param_grad_norms"].items():
        got = d["param_grad_norms"]["before"][name]
        np.testing.assert_allclose(got, norm, **TOL, err_msg=f"{cell} grad {name}")
