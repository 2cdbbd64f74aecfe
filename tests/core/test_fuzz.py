"""Any valid options and any text: a trace or an OptionError, never another exception, and
always strict JSON whose shapes agree with T, V, H and L."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnscope.core import OptionError, limits, trace

options = st.fixed_dictionaries(
    {
        "cell": st.sampled_from(limits.CELL_NAMES),
        "hidden": st.integers(1, 12),
        "seed": st.integers(0, limits.MAX_SEED),
        "layers": st.integers(1, limits.MAX_LAYERS),
        "activation": st.sampled_from(limits.ACTIVATIONS),
        "embedding": st.integers(0, 6),
        "init_scale": st.floats(1e-3, limits.MAX_INIT_SCALE),
        "w_hh_sigma": st.one_of(st.none(), st.floats(1e-3, limits.MAX_SIGMA)),
        "forget_bias": st.one_of(st.none(), st.floats(-20, 20)),
        "update_bias": st.one_of(st.none(), st.floats(-20, 20)),
        "clip": st.one_of(st.none(), st.floats(1e-6, 1e6)),
        "truncate": st.one_of(st.none(), st.integers(1, 40)),
        "train_steps": st.integers(0, 3),
        "optimizer": st.sampled_from(limits.OPTIMIZERS),
        "lr": st.floats(1e-6, limits.MAX_LR),
        "tokens": st.sampled_from(limits.TOKEN_MODES),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=0, max_size=40), opts=options)
def test_any_valid_request_gives_a_consistent_trace(text, opts):
    try:
        tr = trace(text, **opts)
    except OptionError as err:
        assert err.field == "text"  # every other option above is within its limits
        return
    d = json.loads(json.dumps(tr.to_dict(), allow_nan=False))
    T, V = len(d["inputs"]), len(d["vocab"])
    assert len(d["tokens"]) == T + 1 and len(d["probs"]) == T and len(d["probs"][0]) == V
    assert len(d["layers"]) == opts["layers"]
    for layer in d["layers"]:
        assert len(layer["h"]) == T and len(layer["h"][0]) == opts["hidden"]
        assert len(layer["grad"]["dLlast_dh"]) == T
    if not d["nonfinite"]["forward"] and not d["nonfinite"]["fields"]:
        assert abs(sum(d["loss"]) - d["total_loss"]) <= 1e-9 * max(1.0, d["total_loss"])
