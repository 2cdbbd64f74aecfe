"""A character language model trained on a corpus, as char-rnn trains one.

The training text is cut into `batch` streams read side by side; each step reads the next
`seq_len` characters of every stream, carries the hidden state over from the step before and
cuts BPTT there (truncated BPTT between batches), predicts every next character, and takes
one optimiser step on the mean cross-entropy (global-norm clipped). The validation text (the
corpus' tail) is read the same way without learning. Bits per character = loss / ln 2.

Two of char-rnn's options, both off by default: `lr_decay` (the learning rate is multiplied by
it at the end of every epoch from epoch `decay_after` on: a function of the step, so N steps of
a run are the first N steps of a longer one) and `dropout` (on each layer's output as the next
layer's and the readout's input, never on the recurrence, as Zaremba et al. 2014; evaluation
reads without it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import optim
from . import params as P
from .bptt import clipped, layer_param_grads, layer_sweep
from .model import (
    Spec,
    input_grad,
    input_vectors,
    layer_output,
    readout,
    run_layer,
    stack,
    zero_state,
)
from .sample import sample
from .tokens import UnknownTokens

LN2 = math.log(2.0)


@dataclass(frozen=True)
class Corpus:
    """A text as token ids: the vocabulary is its sorted characters, or a given one (a stored
    model's, to train on from its weights); `val` is its tail."""

    vocab: list[str]
    train: np.ndarray  # (N,) int
    val: np.ndarray  # (M,) int

    @classmethod
    def of(cls, text: str, val_fraction: float = 0.1, vocab: list[str] | None = None) -> Corpus:
        """UnknownTokens when `vocab` lacks a character of `text`."""
        if vocab is None:
            vocab = sorted(set(text))
        else:
            check_known(text, vocab)
        index = {ch: i for i, ch in enumerate(vocab)}
        ids = np.fromiter((index[ch] for ch in text), dtype=np.int64, count=len(text))
        cut = len(ids) - val_chars(len(ids), val_fraction)
        return cls(vocab, ids[:cut], ids[cut:])


def val_chars(n: int, val_fraction: float) -> int:
    """How many of a text's `n` characters Corpus.of keeps for validation (the tail)."""
    return round(n * val_fraction)


def train_chars_needed(batch: int, seq_len: int) -> int:
    """The training characters a step needs: `batch` streams (streams()) of at least
    `seq_len` inputs each, every input followed by its target."""
    return batch * seq_len + 1


def check_known(text: str, vocab: list[str]) -> None:
    """UnknownTokens naming the characters of `text` that `vocab` lacks, first seen first."""
    missing = set(text).difference(vocab)
    if missing:
        raise UnknownTokens(list(dict.fromkeys(ch for ch in text if ch in missing)))


def streams(ids: np.ndarray, batch: int) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets), each (L, batch): the text as `batch` equal streams read side by side
    (time-major; the remainder dropped); targets are the inputs shifted by one character."""
    length = (len(ids) - 1) // batch
    inputs = ids[: length * batch].reshape(batch, length).T
    targets = ids[1 : length * batch + 1].reshape(batch, length).T
    return inputs, targets


def lm_grads(
    params: dict,
    spec: Spec,
    inputs: np.ndarray,
    targets: np.ndarray,
    states: list,
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
):
    """Mean loss over (T, B), its gradient for every tensor, and each layer's last state.
    BPTT stops at the batch's first step: the carried state is a constant (detached).
    With `dropout` p, each layer's h is multiplied by a mask of 0 (probability p) and 1/(1-p)
    drawn from `rng` on its way up (to the next layer, to the readout); the carried state and
    the recurrence keep the h itself. With `spec.residual`, a layer's output from the second
    up is h + its input (core.model), the dropout on that sum."""
    x = input_vectors(params, spec, inputs)
    records, layer_inputs, masks, xs = [], [], [], x
    for k in range(spec.layers):
        recs = run_layer(P.layer(params, k), spec, xs, states[k])
        records.append(recs)
        layer_inputs.append(xs)
        xs = layer_output(spec, k, stack(recs, "h"), xs)
        if dropout > 0:
            assert rng is not None, "dropout draws its masks from rng"
            masks.append((rng.random(xs.shape) >= dropout) / (1.0 - dropout))
            xs = xs * masks[-1]
    _, probs, loss = readout(params, xs, targets)
    dlogits = probs.copy()  # d mean loss / d logits = (p - onehot) / (T B)
    np.subtract.at(dlogits, (*np.indices(targets.shape), targets), 1.0)
    dlogits /= targets.size
    grads = {
        "readout.weight": np.einsum("tbv,tbh->vh", dlogits, xs),
        "readout.bias": dlogits.sum(axis=(0, 1)),
    }
    dh = dlogits @ params["readout.weight"]
    for k in reversed(range(spec.layers)):
        if masks:  # through the dropout above layer k: d(h * mask)/dh = mask
            dh = dh * masks[k]
        p = P.layer(params, k)
        lg = layer_sweep(p, spec, records[k], dh)
        for key, g in layer_param_grads(lg, layer_inputs[k], records[k]).items():
            grads[f"{key}_l{k}"] = g
        d_input = lg.d_ih @ p["weight_ih"]  # dL/d(this layer's input): the output below, or x
        dh = input_grad(spec, k, d_input, dh)  # and through the skip
    if spec.embedding:
        g_emb = np.zeros_like(params["embedding.weight"])
        np.add.at(g_emb, inputs, dh)
        grads["embedding.weight"] = g_emb
    return float(loss.mean()), grads, [recs[-1].state for recs in records]


@dataclass
class Trainer:
    """One training run: call step() again and again; val_loss() and generate() any time."""

    corpus: Corpus
    spec: Spec
    seq_len: int = 64
    batch: int = 32
    lr: float = 0.003
    seed: int = 0
    clip: float | None = 5.0
    lr_decay: float = 1.0
    decay_after: int = 10
    dropout: float = 0.0
    start: dict | None = None  # weights to train on from (a stored model's), else drawn from seed
    step_count: int = 0
    params: dict = field(init=False)
    opt: dict = field(init=False)
    states: list = field(init=False)
    pos: int = 0

    def __post_init__(self) -> None:
        s = self.spec
        if self.start is None:
            self.params = P.init(s.cell, s.vocab, s.hidden, s.layers, s.embedding, self.seed)
        else:  # a fresh Adam on them; `seed` still draws the dropout masks
            self.params = {k: np.array(v, dtype=np.float64) for k, v in self.start.items()}
        self.opt = optim.init_state("adam", self.params)
        need = train_chars_needed(self.batch, self.seq_len)
        if len(self.corpus.train) < need:  # a step would read less than seq_len, or nothing
            raise ValueError(
                f"{self.batch} streams of {self.seq_len} characters need {need} training "
                f"characters; the corpus has {len(self.corpus.train)}"
            )
        self.inputs, self.targets = streams(self.corpus.train, self.batch)
        self.states = self._zero()
        self.rng = np.random.default_rng(self.seed)  # the dropout masks

    @property
    def steps_per_epoch(self) -> int:
        return len(self.inputs) // self.seq_len

    def rate(self) -> float:
        """The learning rate of the next step: `lr`, times `lr_decay` for each epoch ended
        from epoch `decay_after` on (char-rnn's learning_rate_decay and _decay_after)."""
        ended = self.step_count // max(1, self.steps_per_epoch)
        return self.lr * self.lr_decay ** max(0, ended - max(self.decay_after, 1) + 1)

    def _zero(self) -> list:
        return [zero_state(self.spec, (self.batch,)) for _ in range(self.spec.layers)]

    def step(self) -> float:
        """One optimiser step on the next seq_len characters of every stream; the mean loss."""
        if self.pos + self.seq_len > len(self.inputs):  # an epoch is over: back to the start
            self.pos, self.states = 0, self._zero()
        window = slice(self.pos, self.pos + self.seq_len)
        loss, grads, self.states = lm_grads(
            self.params,
            self.spec,
            self.inputs[window],
            self.targets[window],
            self.states,
            self.dropout,
            self.rng,
        )
        self.params, self.opt = optim.update(
            "adam", self.rate(), self.params, clipped(grads, self.clip), self.opt
        )
        self.pos += self.seq_len
        self.step_count += 1
        return loss

    def val_loss(self, max_chars: int = 20000) -> float | None:
        """Mean loss per character over (the start of) the validation text; None if empty."""
        ids = self.corpus.val[: max_chars + 1]
        if len(ids) < 2:
            return None
        return mean_loss(self.params, self.spec, ids)

    def generate(self, length: int = 200, temperature: float = 0.8, seed: int = 0) -> str:
        """A sample after a newline (or the first token), as text."""
        vocab = self.corpus.vocab
        start = vocab.index("\n") if "\n" in vocab else 0
        out = sample(self.params, self.spec, vocab, start, length, temperature, seed)
        return "".join(out["tokens"][1:])


def mean_loss(params: dict, spec: Spec, ids: np.ndarray, chunk: int = 512) -> float:
    """Mean next-token loss over ids read in one stream, state carried between chunks."""
    states = [zero_state(spec) for _ in range(spec.layers)]
    total, n = 0.0, 0
    for start in range(0, len(ids) - 1, chunk):
        inputs, targets = ids[start : start + chunk], ids[start + 1 : start + chunk + 1]
        inputs = inputs[: len(targets)]
        xs = input_vectors(params, spec, inputs)
        for k in range(spec.layers):
            recs = run_layer(P.layer(params, k), spec, xs, states[k])
            states[k] = recs[-1].state
            xs = layer_output(spec, k, stack(recs, "h"), xs)
        _, _, loss = readout(params, xs, targets)
        total += float(loss.sum())
        n += len(targets)
    return total / n
