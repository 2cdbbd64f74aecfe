"""The unit finder: AUC by ranks equals counting pairs, pattern masks, and ranking finds the
unit that carries a planted signal."""

from __future__ import annotations

import numpy as np
import pytest

from rnnscope.core import params as P
from rnnscope.core.model import Spec, forward
from rnnscope.core.options import OptionError
from rnnscope.core.units import (
    activations,
    auc,
    auc_table,
    baseline_params,
    find,
    parse_unit,
    pattern_mask,
    rank_units,
    token_mask,
)


def pairs_auc(scores, labels) -> float:
    pos, neg = scores[labels], scores[~labels]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return wins / (len(pos) * len(neg))


@pytest.mark.parametrize("seed", range(5))
def test_auc_equals_counting_pairs(seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 6, 200).astype(float)  # many ties
    labels = rng.random(200) < 0.3
    assert auc(scores, labels) == pytest.approx(pairs_auc(scores, labels), abs=1e-12)


def test_auc_edges():
    assert auc(np.arange(4.0), np.array([False, False, True, True])) == 1.0
    assert auc(np.arange(4.0), np.array([True, True, False, False])) == 0.0
    assert auc(np.ones(4), np.array([True, False, True, False])) == 0.5
    assert np.isnan(auc(np.arange(3.0), np.zeros(3, bool)))


def test_pattern_mask_spans_lines():
    text = 'x = 1\n"""doc\nmore"""\ny'
    mask = pattern_mask(text, '""".*?"""')
    assert "".join(c for c, m in zip(text, mask, strict=True) if m) == '"""doc\nmore"""'


def test_ranking_finds_the_unit_fed_by_a_token():
    """An RNN whose unit 3 gets a large input weight from token 'a': it detects the a's."""
    spec = Spec("rnn", 3, 6)
    params = P.init("rnn", 3, 6, seed=1)
    params["weight_ih_l0"][3] = [8.0, -8.0, -8.0]
    params["weight_hh_l0"][3] = 0.0
    text = "abcabbcaacb" * 20
    ids = np.array(["abc".index(ch) for ch in text])
    best = rank_units(activations(params, spec, ids), pattern_mask(text, "a"), top=3)
    assert (best[0].layer, best[0].kind, best[0].unit, best[0].sign) == (0, "h", 3, 1)
    assert best[0].auc == 1.0 and best[0].auc >= best[1].auc


def test_auc_table_is_each_columns_auc():
    rng = np.random.default_rng(7)
    acts = rng.integers(0, 4, size=(80, 5)).astype(float)
    acts[:, 4] = rng.normal(size=80)
    labels = rng.random(80) < 0.4
    want = [pairs_auc(acts[:, j], labels) for j in range(5)]
    assert auc_table(acts, labels) == pytest.approx(want, abs=1e-12)


def test_find_ranks_beside_the_untrained_baseline():
    spec = Spec("lstm", 3, 4)
    params = P.init("lstm", 3, 4, seed=5)
    text = 'ab"aab"bba"ab"bab' * 4
    got = find(params, spec, ['"', "a", "b"], "char", text, '"([^"]*)"', top=4)
    marked = np.array(got["marked"])
    assert marked.sum() == sum(len(s) for s in text.split('"')[1::2])
    ids = np.array(['"ab'.index(c) for c in text])
    untrained = rank_units(activations(baseline_params(spec), spec, ids), marked, top=4)
    assert got["baseline"] == untrained and len(got["units"]) == 4
    assert got["units"] == rank_units(activations(params, spec, ids), marked, top=4)
    with pytest.raises(OptionError, match="marks no token"):
        find(params, spec, ['"', "a", "b"], "char", "abab", "x")


def test_words_are_marked_by_their_first_character():
    chars = np.array([c == "X" for c in "ab  Xd ef"])
    assert token_mask("ab  Xd ef", "word", chars).tolist() == [False, True, False]
    assert parse_unit("1:f:3", Spec("lstm", 3, 4, layers=2)) == (1, "f", 3)
    for bad in ("2:f:3", "0:r:0", "0:h:4", "h:0:0", "0:h"):
        with pytest.raises(OptionError):
            parse_unit(bad, Spec("lstm", 3, 4, layers=2))


def test_a_residual_models_units_are_its_traces():
    """Each layer reads the output below as core.model.forward does: h + input with a skip."""
    spec = Spec("gru", 5, 4, 3, residual=True)
    params = P.init("gru", 5, 4, 3, 0, seed=4)
    ids = np.array([0, 3, 1, 4, 2, 2])
    fwd = forward(params, spec, ids, ids)
    for k, layer in enumerate(activations(params, spec, ids)):
        assert np.array_equal(layer["h"], np.array([r.h for r in fwd.records[k]])), k
