"""PyTorch reference values for BPTT's options: chunked truncation and each step's share of the
weight gradient. Writes tests/core/vectors/bptt_torch.json, read by tests/core/test_bptt_torch.py.
Torch is needed here only (not a project dependency):

    /work/team/refvenv/bin/python scripts/make_bptt_vectors.py      # torch 2.13.0 CPU

Everything is float64, the character model of core.trace on "hello world" (one-hot inputs,
a stack of nn.RNN / nn.LSTM / nn.GRU layers, nn.Linear, F.cross_entropy summed over steps),
with PyTorch's own seeded initialisation, stored with the results. Each layer is its own
one-layer module so that a residual stack (a layer's output is its h plus its input, from the
second layer up) is written as a lecturer would write it; without residual that is nn.RNN's
num_layers.

- `chunk`: the truncated BPTT students write: the sequence cut into chunks of k steps, the
  state carried across and h.detach() (and c.detach()) between chunks, the chunks' losses
  summed, one backward(); its parameter gradients.
- `steps`: every step with its own copy of each layer's weights (torch.func.functional_call on
  the layer's cell with leaves cloned per step), so that each copy's .grad is that step's share
  of dL/dW_ih and dL/dW_hh; and the gradient of the ordinary model, which they sum to.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call

OUT = Path(__file__).resolve().parents[1] / "tests" / "core" / "vectors" / "bptt_torch.json"
TEXT, HIDDEN = "hello world", 3
LAYER = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
CELL = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}
# (cell, activation, layers, residual)
MODELS = [
    ("rnn", "tanh", 1, False),
    ("rnn", "relu", 2, True),
    ("lstm", "tanh", 1, False),
    ("lstm", "tanh", 2, True),
    ("gru", "tanh", 2, False),
    ("gru", "tanh", 2, True),
]
CHUNKS = (3, 4)
KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def build(cell, act, layers, vocab, seed):
    torch.manual_seed(seed)
    kw = {"nonlinearity": act} if cell == "rnn" else {}
    mods = [LAYER[cell](vocab if k == 0 else HIDDEN, HIDDEN, **kw).double() for k in range(layers)]
    readout = nn.Linear(HIDDEN, vocab).double()
    return mods, readout


def state_dict(mods, readout):
    out = {f"{key}_l{k}": getattr(m, f"{key}_l0") for k, m in enumerate(mods) for key in KEYS}
    return {**out, "readout.weight": readout.weight, "readout.bias": readout.bias}


def zero(cell, layers):
    h = torch.zeros(1, HIDDEN, dtype=torch.float64)
    return [(h, h) if cell == "lstm" else h for _ in range(layers)]


def run(cell, mods, x, states, residual):
    """x (n, V) through the stack from states; returns (top outputs (n, H), final states)."""
    out, finals = x, []
    for k, m in enumerate(mods):
        h, final = m(out, states[k] if cell != "lstm" else tuple(states[k]))
        out = h + out if residual and k > 0 else h
        finals.append(final)
    return out, finals


def chunked(cell, mods, readout, x, y, k, residual):
    """The loss of h.detach() every k steps; its gradients by state_dict name."""
    states, loss = zero(cell, len(mods)), 0.0
    for c in range(0, len(x), k):
        states = [tuple(s.detach() for s in st) if cell == "lstm" else st.detach() for st in states]
        out, states = run(cell, mods, x[c : c + k], states, residual)
        loss = loss + F.cross_entropy(readout(out), y[c : c + k], reduction="sum")
    params = state_dict(mods, readout)
    grads = torch.autograd.grad(loss, list(params.values()))
    return loss.item(), {n: g.tolist() for n, g in zip(params, grads, strict=True)}


def per_step(cell, act, mods, readout, x, y, residual):
    """Each step's share of each layer's dL/dW_ih and dL/dW_hh, and the whole gradient."""
    kw = {"nonlinearity": act} if cell == "rnn" else {}
    cells = [CELL[cell](m.input_size, HIDDEN, **kw).double() for m in mods]
    T, out = len(x), x
    leaves = []  # [k][t] {weight_ih, weight_hh, bias_ih, bias_hh}
    for k, m in enumerate(mods):
        own = {key: getattr(m, f"{key}_l0").detach() for key in KEYS}
        steps = [{key: v.clone().requires_grad_() for key, v in own.items()} for _ in range(T)]
        leaves.append(steps)
        h = torch.zeros(HIDDEN, dtype=torch.float64)
        state = (h, h) if cell == "lstm" else h
        hs = []
        for t in range(T):
            state = functional_call(cells[k], steps[t], (out[t], state))
            hs.append(state[0] if cell == "lstm" else state)
        h_all = torch.stack(hs)
        out = h_all + out if residual and k > 0 else h_all
    loss = F.cross_entropy(readout(out), y, reduction="sum")
    flat = [leaf for steps in leaves for step in steps for leaf in step.values()]
    grads = dict(zip(map(id, flat), torch.autograd.grad(loss, flat), strict=True))
    shares = [
        {
            key: [grads[id(step[key])].tolist() for step in steps]
            for key in ("weight_ih", "weight_hh")
        }
        for steps in leaves
    ]
    whole_loss = F.cross_entropy(
        readout(run(cell, mods, x, zero(cell, len(mods)), residual)[0]), y, reduction="sum"
    )
    params = state_dict(mods, readout)
    whole = torch.autograd.grad(whole_loss, list(params.values()))
    return loss.item(), shares, {n: g.tolist() for n, g in zip(params, whole, strict=True)}


def main() -> None:
    vocab = list(dict.fromkeys(TEXT))
    ids = torch.tensor([vocab.index(c) for c in TEXT])
    x = F.one_hot(ids[:-1], len(vocab)).double()
    y = ids[1:]
    cases = []
    for seed, (cell, act, layers, residual) in enumerate(MODELS):
        mods, readout = build(cell, act, layers, len(vocab), seed)
        weights = {n: p.tolist() for n, p in state_dict(mods, readout).items()}
        case = {
            "cell": cell,
            "activation": act,
            "layers": layers,
            "residual": residual,
            "weights": weights,
            "chunk": {},
        }
        for k in CHUNKS:
            loss, grads = chunked(cell, mods, readout, x, y, k, residual)
            case["chunk"][str(k)] = {"loss": loss, "grads": grads}
        loss, shares, whole = per_step(cell, act, mods, readout, x, y, residual)
        case["steps"] = {"loss": loss, "shares": shares, "grads": whole}
        cases.append(case)
    data = {
        "what": "PyTorch reference values for BPTT's options (scripts/make_bptt_vectors.py)",
        "torch": torch.__version__,
        "text": TEXT,
        "vocab": vocab,
        "hidden": HIDDEN,
        "cases": cases,
    }
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {OUT} ({len(cases)} models)")


if __name__ == "__main__":
    main()
