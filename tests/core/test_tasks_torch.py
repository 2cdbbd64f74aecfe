"""Classification, bidirectional layers and sequence-to-sequence against PyTorch 2.13 float64
values (vectors/tasks_torch.json, written by scripts/make_task_vectors.py from nn.Embedding,
nn.RNN/LSTM/GRU, pack_padded_sequence and nn.Linear with PyTorch's own weights)."""

import json
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core.classify import classify
from rnnscope.core.seq2seq import seq2seq

VECTORS = json.loads((Path(__file__).parent / "vectors" / "tasks_torch.json").read_text())
TOL = dict(rtol=1e-9, atol=1e-12)


def options(key: str) -> dict:
    cell, act, bi, layers, emb = key.split("-")
    return dict(
        cell=cell,
        activation=act,
        bidirectional=bi == "True",
        layers=int(layers[1:]),
        embedding=int(emb[1:]),
        hidden=VECTORS["hidden"],
        train_steps=0,
    )


def torch_h_n(c) -> np.ndarray:
    """Our final states in PyTorch's h_n layout: (layers * dirs, B, H)."""
    return np.array([state[0] for dirs in c.result.fwd.finals() for state in dirs])


@pytest.mark.parametrize("key", sorted(VECTORS["classify"]))
@pytest.mark.parametrize(
    "pad,mask,run",
    [
        ("pre", True, "packed"),
        ("post", True, "packed"),
        ("pre", False, "pre"),
        ("post", False, "post"),
    ],
)
def test_classifier_equals_pytorch(key, pad, mask, run):
    """mask=true (pre or post) equals pack_padded_sequence; mask=false equals feeding the
    padded batch as it is."""
    case = VECTORS["classify"][key]
    ref = case["runs"][run]
    c = classify(
        VECTORS["examples"],
        tokens="word",
        pad=pad,
        mask=mask,
        weights=case["weights"],
        **options(key),
    )
    what = f"{key} pad={pad} mask={mask}"
    np.testing.assert_allclose(c.result.loss, ref["loss"], **TOL, err_msg=f"{what} loss")
    np.testing.assert_allclose(c.result.logits, ref["logits"], **TOL, err_msg=f"{what} logits")
    np.testing.assert_allclose(torch_h_n(c), ref["h_n"], **TOL, err_msg=f"{what} h_n")
    for name, g in ref["grads"].items():
        np.testing.assert_allclose(c.result.param_grads[name], g, **TOL, err_msg=f"{what} {name}")


@pytest.mark.parametrize("key", sorted(VECTORS["seq2seq"]))
def test_seq2seq_equals_pytorch(key):
    case = VECTORS["seq2seq"][key]
    s = seq2seq(VECTORS["pairs"], tokens="char", weights=case["weights"], **options(key))
    ctx = np.array([c[0] for c in s.result.ctx])
    np.testing.assert_allclose(s.result.loss, case["loss"], **TOL, err_msg=f"{key} loss")
    np.testing.assert_allclose(ctx, case["context"], **TOL, err_msg=f"{key} context")
    dctx = np.array([layer[0].dh0 for layer in s.result.dec_grads.layers])
    np.testing.assert_allclose(dctx, case["dL_dcontext"], **TOL, err_msg=f"{key} dL/dcontext")
    for name, g in case["grads"].items():
        np.testing.assert_allclose(s.result.param_grads[name], g, **TOL, err_msg=f"{key} {name}")
