"""PyTorch reference values for classification, bidirectional layers and sequence-to-sequence.

Writes tests/core/vectors/tasks_torch.json, read by tests/core/test_tasks_torch.py. Torch is
needed here only (not a project dependency); run it with any Python that has torch and numpy:

    /work/team/refvenv/bin/python scripts/make_task_vectors.py      # torch 2.13.0 CPU

Everything is float64 and built from stock modules, as a lecturer would write it:
- classifier: one-hot (F.one_hot) or nn.Embedding -> nn.RNN / nn.LSTM / nn.GRU (1 or 2
  layers, bidirectional or not, batch_first) -> nn.Linear on h_n[-1], or on
  torch.cat([h_n[-2], h_n[-1]], 1) when bidirectional -> F.cross_entropy (mean).
  `packed`: the unpadded sentences through pack_padded_sequence (what mask=true must equal,
  pre- or post-padded); `pre` and `post`: the padded batch fed as is, pads as ordinary
  tokens (what mask=false must equal).
- seq2seq: an encoder of the same kind over the packed sources; per layer its h_n (and c_n),
  the two directions concatenated, start a decoder nn.RNN/LSTM/GRU of width dirs*H that reads
  <bos> + target; nn.Linear; F.cross_entropy(ignore_index=0) over target + <eos>.
The weights are PyTorch's own initialisation (seeded) and are stored with the results; the
vocabularies are built here by the rule core uses (specials first, then first appearance).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

OUT = Path(__file__).resolve().parents[1] / "tests" / "core" / "vectors" / "tasks_torch.json"
HIDDEN, EMBEDDING = 3, 4
RNN = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
EXAMPLES = [
    ["the film was good", "pos"],
    ["dull", "neg"],
    ["good fun", "pos"],
    ["the plot was dull and slow", "neg"],
    ["it was fine", "meh"],
]
PAIRS = [["abc", "cba"], ["ab", "ba"], ["bcaa", "aacb"], ["c", "c"]]
# (cell, activation, bidirectional, layers, embedding): one-hot with 1 layer, embedded with 2
MODELS = [
    (cell, act, bi, layers, emb)
    for cell, act in (("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh"))
    for bi in (False, True)
    for layers, emb in ((1, 0), (2, EMBEDDING))
]


def vocab(token_lists, specials):
    out = list(specials)
    for toks in token_lists:
        out += [t for t in dict.fromkeys(toks) if t not in out]
    return out


def padded(seqs, side):
    T = max(len(s) for s in seqs)
    rows = [[0] * (T - len(s)) + s if side == "pre" else s + [0] * (T - len(s)) for s in seqs]
    return torch.tensor(rows)


class Body(nn.Module):
    """One-hot or embedding, then the recurrent layers."""

    def __init__(self, cell, act, bi, layers, emb, vocab_size, hidden):
        super().__init__()
        self.vocab_size = vocab_size
        self.embedding = nn.Embedding(vocab_size, emb, dtype=torch.float64) if emb else None
        kw = {"nonlinearity": act} if cell == "rnn" else {}
        n_in = emb or vocab_size
        self.rnn = RNN[cell](n_in, hidden, layers, batch_first=True, bidirectional=bi,
                             dtype=torch.float64, **kw)  # fmt: skip

    def inputs(self, ids):
        return self.embedding(ids) if self.embedding else F.one_hot(ids, self.vocab_size).double()

    def run(self, ids, lengths=None, h0=None):
        x = self.inputs(ids)
        if lengths is not None:
            x = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, state = self.rnn(x, h0)
        return out, state


def named(module, prefix=""):
    """state_dict with core's names: rnn.weight_ih_l0 -> weight_ih_l0 (prefix added)."""
    return {prefix + k.replace("rnn.", ""): v for k, v in module.state_dict().items()}


def tolist(t):
    return t.detach().tolist()


def classifier_case(cell, act, bi, layers, emb):
    token_lists = [text.split() for text, _ in EXAMPLES]
    voc = vocab(token_lists, ["<pad>"])
    labels = sorted({label for _, label in EXAMPLES})
    seqs = [[voc.index(t) for t in toks] for toks in token_lists]
    y = torch.tensor([labels.index(label) for _, label in EXAMPLES])
    lengths = torch.tensor([len(s) for s in seqs])
    body = Body(cell, act, bi, layers, emb, len(voc), HIDDEN)
    head = nn.Linear((1 + bi) * HIDDEN, len(labels), dtype=torch.float64)
    weights = {**named(body), "classifier.weight": head.weight, "classifier.bias": head.bias}
    params = list(body.parameters()) + list(head.parameters())
    names = [*named(body), "classifier.weight", "classifier.bias"]
    runs = {}
    for how in ("packed", "pre", "post"):
        ids = padded(seqs, "post" if how == "packed" else how)
        _, state = body.run(ids, lengths if how == "packed" else None)
        h_n = state[0] if cell == "lstm" else state
        final = torch.cat([h_n[-2], h_n[-1]], 1) if bi else h_n[-1]
        logits = head(final)
        loss = F.cross_entropy(logits, y)
        grads = torch.autograd.grad(loss, params)
        runs[how] = {
            "loss": loss.item(),
            "logits": tolist(logits),
            "h_n": tolist(h_n),
            "grads": {n: tolist(g) for n, g in zip(names, grads, strict=True)},
        }
    return {"weights": {k: tolist(v) for k, v in weights.items()}, "runs": runs}


def seq2seq_case(cell, act, bi, layers, emb):
    src = [list(s) for s, _ in PAIRS]
    tgt = [list(t) for _, t in PAIRS]
    sv, tv = vocab(src, ["<pad>"]), vocab(tgt, ["<pad>", "<bos>", "<eos>"])
    src_ids = padded([[sv.index(c) for c in s] for s in src], "post")
    lengths = torch.tensor([len(s) for s in src])
    dec_in = padded([[1] + [tv.index(c) for c in t] for t in tgt], "post")
    dec_out = padded([[tv.index(c) for c in t] + [2] for t in tgt], "post")
    enc = Body(cell, act, bi, layers, emb, len(sv), HIDDEN)
    width = (1 + bi) * HIDDEN
    dec = Body(cell, act, False, layers, emb, len(tv), width)
    readout = nn.Linear(width, len(tv), dtype=torch.float64)
    _, state = enc.run(src_ids, lengths)
    states = state if cell == "lstm" else (state,)
    # h_n is (layers * dirs, B, H): layer k's directions are rows dirs*k .. dirs*k + dirs-1
    ctx = tuple(s.view(layers, 1 + bi, len(PAIRS), HIDDEN).permute(0, 2, 1, 3)
                .reshape(layers, len(PAIRS), width).contiguous() for s in states)  # fmt: skip
    out, _ = dec.run(dec_in, None, ctx if cell == "lstm" else ctx[0])
    logits = readout(out)
    loss = F.cross_entropy(logits.reshape(-1, len(tv)), dec_out.reshape(-1), ignore_index=0)
    weights = {**named(enc, "encoder."), **named(dec, "decoder."),
               "readout.weight": readout.weight, "readout.bias": readout.bias}  # fmt: skip
    params = list(enc.parameters()) + list(dec.parameters()) + list(readout.parameters())
    names = [*named(enc, "encoder."), *named(dec, "decoder."), "readout.weight", "readout.bias"]
    grads = torch.autograd.grad(loss, [*params, ctx[0]], allow_unused=False)
    return {
        "weights": {k: tolist(v) for k, v in weights.items()},
        "loss": loss.item(),
        "context": tolist(ctx[0]),
        "grads": {n: tolist(g) for n, g in zip(names, grads[:-1], strict=True)},
        "dL_dcontext": tolist(grads[-1]),
    }


def main() -> None:
    torch.manual_seed(0)
    key = "{}-{}-{}-L{}-E{}"
    out = {
        "about": (
            f"PyTorch {torch.__version__} float64 reference values; regenerate with "
            "scripts/make_task_vectors.py (its docstring says what each run is)."
        ),
        "hidden": HIDDEN,
        "examples": EXAMPLES,
        "pairs": PAIRS,
        "classify": {key.format(*m): classifier_case(*m) for m in MODELS},
        "seq2seq": {key.format(*m): seq2seq_case(*m) for m in MODELS},
    }
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
