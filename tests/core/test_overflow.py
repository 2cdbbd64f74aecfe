"""Huge weights overflow; nothing raises, the trace says where, and JSON stays valid."""

import json

from rnnscope.core import trace


def test_relu_forward_overflow_is_reported():
    # 100^T passes float64's 1.8e308 after ~154 steps
    d = trace(
        "ab" * 100, cell="rnn", activation="relu", hidden=8, init_scale=100.0, w_hh_sigma=100.0
    ).to_dict()
    json.dumps(d, allow_nan=False)  # raises if any NaN/inf slipped through
    bad = d["nonfinite"]["forward"]
    assert bad and bad[0] > 100 and bad == list(range(bad[0], 199))
    assert any(None in row for row in d["layers"][0]["h"][bad[0] :])
    assert "layers[0].h" in d["nonfinite"]["fields"] and "probs" in d["nonfinite"]["fields"]
    assert d["total_loss"] is None


def test_gradient_explosion_is_reported_step_by_step():
    d = trace("ab" * 128, cell="rnn", activation="relu", hidden=8, w_hh_sigma=100.0).to_dict()
    json.dumps(d, allow_nan=False)
    assert d["nonfinite"]["backward"], "gradients must overflow at sigma 100 over 200 steps"
    assert None in d["layers"][0]["grad"]["dL_dh"]


def test_tanh_stays_finite_forward_but_gradients_grow():
    d = trace("abcdefghij" * 3, cell="rnn", hidden=16, w_hh_sigma=3.0).to_dict()
    curve = d["layers"][0]["grad"]["dLlast_dh"]
    assert not d["nonfinite"]["forward"]
    assert curve[0] > curve[-1] or curve[0] < curve[-1]  # defined everywhere
    small = trace("abcdefghij" * 3, cell="rnn", hidden=16, w_hh_sigma=0.5).to_dict()
    ratio_small = (
        small["layers"][0]["grad"]["dLlast_dh"][0] / small["layers"][0]["grad"]["dLlast_dh"][-1]
    )
    assert ratio_small < 1e-6  # vanishing below 1
