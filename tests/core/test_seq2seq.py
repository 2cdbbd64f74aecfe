"""Sequence to sequence: central finite differences in float64 against an independent forward
pass (fd_tasks), the gradient through the context vector, teacher forcing and decoding."""

from functools import partial

import numpy as np
import pytest

from rnnscope.core.options import OptionError
from rnnscope.core.seq2seq import seq2seq

from . import fd_tasks as fd

PAIRS = [["abc", "cba"], ["ab", "ba"], ["bca", "acb"], ["c", "c"]]
CASES = [
    (cell, act, bi, layers, emb)
    for cell, act in (("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh"))
    for bi in (False, True)
    for layers, emb in ((1, 0), (2, 3))
]


def built(cell, act="tanh", bi=False, layers=2, embedding=0, **kw):
    kw = dict(train_steps=0, init_scale=2.0, seed=3, tokens="char") | kw
    return seq2seq(
        PAIRS,
        cell=cell,
        activation=act,
        hidden=3,
        layers=layers,
        embedding=embedding,
        bidirectional=bi,
        **kw,
    )


def loss_fn(s, **nudges):
    b = s.batch
    src, src_mask = b.source.time_major
    dec_in, dec_mask = b.dec_in.time_major
    return partial(
        fd.seq2seq_loss,
        s.params,
        s.enc.cell,
        s.enc.activation,
        s.enc.hidden,
        s.enc.layers,
        src,
        src_mask,
        dec_in,
        b.dec_out.T,
        dec_mask,
        s.options.bidirectional,
        **nudges,
    )


@pytest.mark.parametrize("cell,act,bi,layers,emb", CASES)
def test_param_grads(cell, act, bi, layers, emb):
    s = built(cell, act, bi, layers, emb)
    fd.check_params(s, loss_fn(s), f"{cell}/{act} bi={bi} L{layers} E{emb}")


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("bi", [False, True])
def test_context_and_state_grads(cell, bi):
    """dL/d(context) of each layer, and dL/dh_t at every step of both halves."""
    s = built(cell, bi=bi)
    d = s.to_dict()
    B, width = len(PAIRS), s.dec.hidden
    for k in range(s.enc.layers):
        vec = np.zeros((B, width))
        num = fd.central(loss_fn(s, nudge_ctx=(k, vec)), vec)
        fd.close(s.result.dec_grads.layers[k][0].dh0, num, f"{cell} bi={bi} context L{k}")
        norms = np.linalg.norm(num, axis=1)
        np.testing.assert_allclose(d["context"][k]["dL_dh"], norms, rtol=1e-5)
    for half, key, dirs in (("encoder", "nudge_enc", 1 + bi), ("decoder", "nudge_dec", 1)):
        for k in range(s.enc.layers):
            for j in range(dirs):
                layer = d[half]["layers"][k]
                got = np.array((layer["reverse"] if j else layer)["grad"]["dL_dh_vec"])
                for t in range(got.shape[1]):
                    vec = np.zeros((B, got.shape[2]))
                    num = fd.central(loss_fn(s, **{key: (k, j, t, vec)}), vec)
                    fd.close(got[:, t], num, f"{cell} bi={bi} {half} L{k} d{j} t={t}")


def test_teacher_forcing_layout():
    d = built("gru", layers=1).to_dict()
    tv = d["target_vocab"]
    assert tv[:3] == ["<pad>", "<bos>", "<eos>"]
    assert d["source_vocab"][0] == "<pad>"
    words = lambda row: [tv[i] for i in row]  # noqa: E731
    assert words(d["target_inputs"][0]) == ["<bos>", "c", "b", "a"]
    assert words(d["target_outputs"][0]) == ["c", "b", "a", "<eos>"]
    assert words(d["target_inputs"][3]) == ["<bos>", "c", "<pad>", "<pad>"]
    assert words(d["target_outputs"][3]) == ["c", "<eos>", "<pad>", "<pad>"]
    assert d["target_lengths"] == [4, 3, 4, 2]
    assert d["source_lengths"] == [3, 2, 3, 1]
    losses = np.array(d["decoder"]["losses"])
    assert np.all(losses[3, 2:] == 0) and np.all(losses[3, :2] > 0)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_the_encoder_gets_the_context_gradient_at_its_last_real_step(cell):
    """The decoder's losses reach the encoder through the context vector alone: the gradient
    arriving at the encoder's last real step is exactly dL/d(context), and it is the only
    one (pads after it pass it on unchanged, the encoder has no loss of its own)."""
    s = built(cell, layers=1)
    d = s.to_dict()
    dh0 = s.result.dec_grads.layers[0][0].dh0  # (B, H)
    dh = np.array(d["encoder"]["layers"][0]["grad"]["dL_dh_vec"])  # (B, S, H)
    for b, n in enumerate(d["source_lengths"]):
        np.testing.assert_array_equal(dh[b, n - 1], dh0[b])
        assert np.all(dh[b, n:] == 0)  # pads: masked, no gradient
    assert np.abs(dh0).max() > 0


def test_training_learns_to_reverse_and_greedy_decoding_agrees():
    d = seq2seq(PAIRS, cell="gru", hidden=16, train_steps=200, lr=0.05, seed=0).to_dict()
    assert d["accuracy"] == 1.0
    generated = ["".join(t for t in toks if t != "<eos>") for toks in d["generated"]["tokens"]]
    assert generated == [t for _, t in PAIRS]
    assert all(toks[-1] == "<eos>" for toks in d["generated"]["tokens"])


def test_param_count_is_every_tensor():
    for bi in (False, True):
        d = built("lstm", bi=bi, embedding=3).to_dict()
        n = sum(np.array(w).size for w in d["weights"].values())
        assert d["param_count"]["pytorch"] == n


@pytest.mark.parametrize(
    "pairs",
    [
        "not json",
        [["abc", "cba"]],
        [["a", "b"]] * 65,
        [["", "b"], ["a", "b"]],
        [["a", "b" * 201], ["a", "b"]],
        [["a", "b", "c"], ["a", "b"]],
    ],
)
def test_bad_pairs_name_the_field(pairs):
    with pytest.raises(OptionError) as err:
        seq2seq(pairs, train_steps=0)
    assert err.value.field == "pairs"
