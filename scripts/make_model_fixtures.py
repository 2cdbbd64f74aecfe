"""Write the model files of tests/fixtures/models/ with the real libraries, and their outputs.

Each file is what a lecturer's notebook writes: torch.save of a state_dict, of a whole model
and of a checkpoint dict; Keras 3 .weights.h5 and .keras; safetensors; np.savez. Beside each,
<file>.json holds the text, the vocabulary and the library's own outputs for that text: every
layer's h (and an LSTM's c), the logits and the per-step loss; for PyTorch also the gradient
norms of the summed loss. PyTorch runs in float64 (model.double(): the float32 weights widen
exactly), Keras in its float32. tests/core/test_checkpoint_vectors.py and
tests/server/test_keras_vectors.py check that rnnscope's trace of each imported file equals
them (1e-9 and 1e-5).

Needs torch, keras (3), safetensors and h5py, nowhere else in rnnscope:
    KERAS_BACKEND=torch /path/to/venv/bin/python scripts/make_model_fixtures.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from torch import nn

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "models"
BAD = OUT / "unrepresentable"
TEXT = "the cat sat on the mat"
VOCAB = sorted(set(TEXT)) + list("xyz!")  # the model knows more tokens than the text uses
V = len(VOCAB)
IDS = [VOCAB.index(c) for c in TEXT]


class CharLSTM(nn.Module):
    """Embedding -> 2-layer LSTM -> linear, as in most char-rnn notebooks."""

    def __init__(self, hidden=6, emb=4):
        super().__init__()
        self.embed = nn.Embedding(V, emb)
        self.lstm = nn.LSTM(emb, hidden, num_layers=2, batch_first=True)
        self.fc = nn.Linear(hidden, V)

    def forward(self, x):
        return self.fc(self.lstm(self.embed(x))[0])


class CharGRU(nn.Module):
    """One-hot input -> GRU -> linear called `decoder`; keeps its vocabulary as `chars`."""

    def __init__(self, hidden=5):
        super().__init__()
        self.chars = "".join(VOCAB)
        self.gru = nn.GRU(V, hidden)
        self.decoder = nn.Linear(hidden, V)


class CharRNN(nn.Module):
    """`encoder` embedding -> ReLU RNN -> `h2o`."""

    def __init__(self, hidden=7, emb=3):
        super().__init__()
        self.encoder = nn.Embedding(V, emb)
        self.rnn = nn.RNN(emb, hidden, nonlinearity="relu")
        self.h2o = nn.Linear(hidden, V)


class StackedCells(nn.Module):
    """A ModuleList of LSTMCell stepped by hand (one-hot input), readout `out`."""

    def __init__(self, hidden=4):
        super().__init__()
        self.cells = nn.ModuleList([nn.LSTMCell(V, hidden), nn.LSTMCell(hidden, hidden)])
        self.out = nn.Linear(hidden, V)


CELL_OF = {nn.LSTM: nn.LSTMCell, nn.GRU: nn.GRUCell, nn.RNN: nn.RNNCell}


def as_cells(module) -> list:
    """float64 nn.*Cell copies of each layer of an nn.LSTM/GRU/RNN (or the cells themselves)."""
    if type(module) not in CELL_OF:
        return [module.double()]
    cells = []
    for k in range(module.num_layers):
        kw = {"nonlinearity": module.nonlinearity} if isinstance(module, nn.RNN) else {}
        n_in = module.input_size if k == 0 else module.hidden_size
        cell = CELL_OF[type(module)](n_in, module.hidden_size, dtype=torch.float64, **kw)
        with torch.no_grad():
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(cell, name).copy_(getattr(module, f"{name}_l{k}"))
        cells.append(cell)
    return cells


def torch_outputs(layers, embed, readout, one_hot: bool) -> dict:
    """Step float64 copies over TEXT: h (and c) of every layer, logits, loss, gradient norm."""
    cells = [c for layer in layers for c in as_cells(layer)]
    mods = cells + [readout.double()] + ([embed.double()] if embed is not None else [])
    ids = torch.tensor(IDS)
    x = F.one_hot(ids[:-1], V).double() if one_hot else embed(ids[:-1])
    hs, cs = [], []
    for cell in cells:
        h = torch.zeros(1, cell.hidden_size, dtype=torch.float64)
        c = torch.zeros_like(h)
        steps_h, steps_c = [], []
        for t in range(len(x)):
            if isinstance(cell, nn.LSTMCell):
                h, c = cell(x[t : t + 1], (h, c))
                steps_c.append(c)
            else:
                h = cell(x[t : t + 1], h)
            steps_h.append(h)
        x = torch.cat(steps_h)
        hs.append(x)
        if steps_c:
            cs.append(torch.cat(steps_c))
    logits = readout(x)
    loss = F.cross_entropy(logits, ids[1:], reduction="none")
    params = [p for m in mods for p in m.parameters()]
    grads = torch.autograd.grad(loss.sum(), params)
    return {
        "h": [h.detach().tolist() for h in hs],
        "c": [c.detach().tolist() for c in cs],
        "logits": logits.detach().tolist(),
        "loss": loss.detach().tolist(),
        "grad_norm": float(sum(g.norm() ** 2 for g in grads) ** 0.5),
    }


def write(name: str, fmt: str, outputs: dict, **extra) -> None:
    ref = {"file": name, "format": fmt, "text": TEXT, "vocab": VOCAB, **extra, **outputs}
    (OUT / f"{name}.json").write_text(json.dumps(ref, indent=1) + "\n")


def pytorch_files() -> None:
    torch.manual_seed(0)
    m = CharLSTM()
    torch.save(m.state_dict(), OUT / "lstm_state_dict.pt")
    save_file(m.state_dict(), OUT / "lstm.safetensors", metadata={"vocab": json.dumps(VOCAB)})
    np.savez(
        OUT / "lstm.npz", vocab=np.array(VOCAB), **{k: v.numpy() for k, v in m.state_dict().items()}
    )
    out = torch_outputs([m.lstm], m.embed, m.fc, one_hot=False)
    write("lstm_state_dict.pt", "pytorch", out, send_vocab=True)
    write("lstm.safetensors", "safetensors", out)
    write("lstm.npz", "npz", out)

    g = CharGRU()
    torch.save(g, OUT / "gru_whole_model.pt")  # pickles __main__.CharGRU: a stand-in for us
    write("gru_whole_model.pt", "pytorch", torch_outputs([g.gru], None, g.decoder, True))

    r = CharRNN()
    opt = torch.optim.Adam(r.parameters())
    ckpt = {
        "model": r,
        "optimizer": opt.state_dict(),
        "epoch": 3,
        "stoi": {c: i for i, c in enumerate(VOCAB)},
    }
    torch.save(ckpt, OUT / "rnn_relu_checkpoint.pth")
    write("rnn_relu_checkpoint.pth", "pytorch", torch_outputs([r.rnn], r.encoder, r.h2o, False))

    s = StackedCells()
    torch.save(s.state_dict(), OUT / "lstm_cells.pt")
    write(
        "lstm_cells.pt", "pytorch", torch_outputs(list(s.cells), None, s.out, True), send_vocab=True
    )


def keras_outputs(model, inputs) -> dict:
    """Every recurrent layer's h and the logits (the Dense layer before any softmax)."""
    recurrent = [la for la in model.layers if isinstance(la, keras.layers.RNN)]
    dense = model.layers[-1]
    probe = keras.Model(model.inputs, [la.output for la in recurrent] + [dense.output])
    outs = [np.asarray(keras.ops.convert_to_numpy(o))[0] for o in probe(inputs)]
    probs = outs[-1]
    if getattr(dense, "activation", None) is keras.activations.softmax:
        kernel, bias = (np.asarray(keras.ops.convert_to_numpy(w)) for w in dense.weights)
        logits = outs[-2] @ kernel + bias
    else:
        logits = probs
    return {"h": [o.tolist() for o in outs[:-1]], "logits": np.asarray(logits).tolist()}


def keras_files() -> None:
    keras.utils.set_random_seed(0)
    ids = np.array([IDS[:-1]], dtype="int32")
    m = keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(V, 4),
            keras.layers.LSTM(6, return_sequences=True),
            keras.layers.LSTM(6, return_sequences=True),
            keras.layers.Dense(V),
        ]
    )
    m.save_weights(OUT / "keras_lstm.weights.h5")
    write("keras_lstm.weights.h5", "keras", keras_outputs(m, ids), send_vocab=True)

    one_hot = np.eye(V, dtype="float32")[IDS[:-1]][None]
    inp = keras.Input((None, V))
    x = keras.layers.GRU(5, return_sequences=True, reset_after=True)(inp)
    out = keras.layers.Dense(V, activation="softmax")(x)
    g = keras.Model(inp, out)
    g.compile(optimizer="adam", loss="categorical_crossentropy")
    g.save(OUT / "keras_gru.keras")
    write("keras_gru.keras", "keras", keras_outputs(g, one_hot), send_vocab=True)

    r = keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(V, 3),
            keras.layers.SimpleRNN(7, activation="relu", return_sequences=True),
            keras.layers.Dropout(0.2),
            keras.layers.SimpleRNN(7, activation="relu", return_sequences=True),
            keras.layers.TimeDistributed(keras.layers.Dense(V)),
        ]
    )
    r.save(OUT / "keras_simple_rnn.keras")
    write("keras_simple_rnn.keras", "keras", keras_outputs(r, ids), send_vocab=True)


def unrepresentable_files() -> None:
    """Real files of models rnnscope's cells cannot compute: refused with a 422 naming why."""
    torch.manual_seed(0)
    lstm = nn.LSTM(4, 6, proj_size=3)
    torch.save({**lstm.state_dict(), **nn.Linear(3, V).state_dict()}, BAD / "lstm_proj.pt")
    gru = nn.GRU(V, 4, bidirectional=True)
    torch.save({**gru.state_dict(), **nn.Linear(8, V).state_dict()}, BAD / "gru_bidi.pt")
    m = keras.Sequential(
        [
            keras.Input((None, V)),
            keras.layers.GRU(4, return_sequences=True, reset_after=False),
            keras.layers.Dense(V),
        ]
    )
    m.save_weights(BAD / "keras_gru_reset_before.weights.h5")


if __name__ == "__main__":
    BAD.mkdir(parents=True, exist_ok=True)
    pytorch_files()
    keras_files()
    unrepresentable_files()
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:8d}  {path.name}")
