"""Many-to-one: classify sentences. The notes' review classifier, step by step:

    tokens -> ids (0 is <pad>) -> pad or cut to T -> one-hot or embedding
    -> recurrent layers -> final state h_T (forward ; backward) -> classifier -> softmax

    logits = classifier.weight @ h_T + classifier.bias          (C,)
    L = mean over the B examples of -log softmax(logits)[label]  (natural log)

With mask=true a pad leaves the state unchanged and gets no gradient, so h_T is the state
after the last real token (PyTorch's pack_padded_sequence h_n); with mask=false the pads are
fed as ordinary tokens and h_T is the state after the last padded step. The only gradient is
the one loss's: it enters at h_T and flows back through every step (core.bptt.layer_sweep).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import cost, stacked
from .cancel import ShouldStop, checkpoint
from .cells import CELLS
from .jsonable import answer
from .model import Spec, readout
from .padding import Padded, build_vocab, pad, tokenize_all
from .task_options import ClassifyOptions, check_sequences, normalize_classify
from .train import fit_task


@dataclass(frozen=True)
class Batch:
    """The examples as the model sees them."""

    vocab: list[str]
    labels: list[str]  # sorted
    padded: Padded
    y: np.ndarray  # (B,) label index


def prepare(o: ClassifyOptions) -> Batch:
    """Tokenize, build the vocabulary (<pad> = 0), pad and cut; limits that need tokens."""
    token_lists = tokenize_all([text for text, _ in o.examples], o.tokens)
    vocab = build_vocab(token_lists)
    check_sequences("examples", token_lists, len(vocab))
    index = {tok: i for i, tok in enumerate(vocab)}
    labels = sorted({label for _, label in o.examples})
    y = np.array([labels.index(label) for _, label in o.examples])
    seqs = [[index[t] for t in toks] for toks in token_lists]
    return Batch(vocab, labels, pad(seqs, o.max_len, o.pad), y)


def spec_of(o: ClassifyOptions, batch: Batch) -> Spec:
    return Spec(o.cell, len(batch.vocab), o.hidden, o.layers, o.embedding, o.activation)


def shapes(spec: Spec, classes: int, bidirectional: bool) -> dict:
    """embedding.weight (V, E) [if E], the recurrent tensors, classifier.weight (C, dirs*H),
    classifier.bias (C,): the state_dict of Embedding + nn.RNN/LSTM/GRU + Linear."""
    dirs = len(stacked.directions(bidirectional))
    out: dict[str, tuple[int, ...]] = {}
    if spec.embedding:
        out["embedding.weight"] = (spec.vocab, spec.embedding)
    out.update(stacked.shapes(spec.cell, spec.n_in, spec.hidden, spec.layers, bidirectional))
    out["classifier.weight"] = (classes, dirs * spec.hidden)
    out["classifier.bias"] = (classes,)
    return out


@dataclass
class Result:
    """One forward and backward pass over the batch."""

    fwd: stacked.StackForward
    h_final: np.ndarray  # (B, dirs*H) what the classifier reads
    logits: np.ndarray  # (B, C)
    probs: np.ndarray  # (B, C)
    losses: np.ndarray  # (B,) per example
    grads: stacked.StackGrads | None = None
    param_grads: dict | None = None

    @property
    def loss(self) -> float:
        return float(self.losses.mean())


def run(
    params: dict, spec: Spec, batch: Batch, mask: bool, bidirectional: bool, backward: bool = True
) -> Result:
    """Forward over the batch and (if asked) BPTT of the mean loss."""
    ids, m = batch.padded.time_major
    fwd = stacked.forward(params, spec, ids, m if mask else None, bidirectional)
    top = fwd.finals()[-1]  # h_n of the top layer, one per direction
    h_final = np.concatenate([state[0] for state in top], axis=-1)
    w = params["classifier.weight"]
    head = {"readout.weight": w, "readout.bias": params["classifier.bias"]}
    logits, probs, losses = readout(head, h_final, batch.y)
    res = Result(fwd, h_final, logits, probs, losses)
    if not backward:
        return res
    dlogits = (probs - np.eye(len(w))[batch.y]) / len(batch.y)  # dL/dy of the mean loss
    dh_final = dlogits @ w  # (B, dirs*H): dL/dh_T, where the one loss enters
    H = spec.hidden
    after: list = [[None] * len(top) for _ in range(spec.layers)]
    after[-1] = [(dh_final[:, j * H : (j + 1) * H], None) for j in range(len(top))]
    res.grads = stacked.backward(params, spec, fwd, None, after)
    res.param_grads = {
        **res.grads.params,
        "classifier.weight": dlogits.T @ h_final,
        "classifier.bias": dlogits.sum(axis=0),
    }
    return res


@dataclass
class Classification:
    options: ClassifyOptions
    batch: Batch
    spec: Spec
    params: dict
    result: Result
    train_log: dict | None

    def to_dict(self) -> dict:
        return answer(self._raw())

    def _raw(self) -> dict:
        o, batch, spec, res = self.options, self.batch, self.spec, self.result
        grads = res.grads
        assert grads is not None, "a trace has its backward pass"
        dirs = len(stacked.directions(o.bidirectional))
        return {
            "request": o.as_dict(),
            "vocab": batch.vocab,
            "labels": batch.labels,
            "tokens": batch.padded.ids,
            "lengths": batch.padded.lengths,
            "mask": batch.padded.mask,
            "targets": batch.y,
            "weights": dict(self.params),
            "final_state": res.h_final,
            "logits": res.logits,
            "probs": res.probs,
            "predicted": [batch.labels[i] for i in np.nan_to_num(res.probs, nan=-1).argmax(1)],
            "loss": res.loss,
            "losses": res.losses,
            "accuracy": float(np.mean(res.probs.argmax(1) == batch.y)),
            "grad_input": stacked.norms_bt(grads.dx),
            "train": self.train_log,
            "param_count": spec.param_count(len(batch.labels), dirs),
            "layers": stacked.layer_views(res.fwd, grads, spec),
        }


def classify(
    examples, should_stop: ShouldStop = None, weights: dict | None = None, **options
) -> Classification:
    """Train a classifier on the examples ([text, label] pairs) and trace it.

    Options: those of ClassifyOptions (core.task_options). Raises OptionError naming the
    option and the limit; core.cancel.Cancelled when should_stop() says so."""
    o = normalize_classify(examples, **options)
    batch = prepare(o)
    return fit(o, batch, weights, should_stop)


def fit(
    o: ClassifyOptions, batch: Batch, weights: dict | None = None, should_stop: ShouldStop = None
) -> Classification:
    """The work of classify() on checked options; no limits applied."""
    spec = spec_of(o, batch)

    def loss_and_grads(p):
        r = run(p, spec, batch, o.mask, o.bidirectional)
        return r.loss, r.param_grads, {"accuracy": float(np.mean(r.probs.argmax(1) == batch.y))}

    shape = shapes(spec, len(batch.labels), o.bidirectional)
    params, log = fit_task(o, shape, weights, loss_and_grads, should_stop)
    checkpoint(should_stop)
    with np.errstate(all="ignore"):
        res = run(params, spec, batch, o.mask, o.bidirectional)
    return Classification(o, batch, spec, params, res, log)


def estimate_cost(o: ClassifyOptions, batch: Batch) -> float:
    """Estimated seconds of fit() and its JSON (core.cost.estimate_task_cost)."""
    spec = spec_of(o, batch)
    dirs = len(stacked.directions(o.bidirectional))
    B, T = batch.padded.ids.shape
    H, G, C = spec.hidden, CELLS[spec.cell].G, len(batch.labels)
    stack = cost.stack_counts(T, B, H, spec.layers, spec.cell, spec.n_in, dirs)
    per_step = spec.layers * dirs * B * T * H * (3 + G + 2 * (spec.cell == "lstm"))
    shape = shapes(spec, C, o.bidirectional)
    head_flops = 6 * B * C * dirs * H
    return cost.estimate_task_cost([stack], shape, head_flops, per_step + 2 * B * T, o.train_steps)
