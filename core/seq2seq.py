"""Sequence to sequence: an encoder reads the source, its final state starts a decoder.

    encoder   h^enc_s = cell(h^enc_{s-1}, x_s)          s = 1 .. S (a pad keeps the state)
    context   c_k = h^enc_S of layer k                  ([forward ; backward] if bidirectional)
    decoder   h^dec_0 = c_k,  h^dec_t = cell(h^dec_{t-1}, y_{t-1})    y_0 = <bos>
    readout   p_t = softmax(readout.weight @ h^dec_t + readout.bias)  predicts y_t (.., <eos>)
    L = mean over the real target tokens of -log p_t[y_t]             (natural log)

Teacher forcing: the decoder reads `<bos>` + target and predicts target + `<eos>`. The only
way from the decoder's losses back to the encoder is the context vector: dL/dc_k is the
decoder's dL/dh_0 (core.bptt.layer_sweep), and it starts the encoder's BPTT at its last step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import cost, stacked
from .cancel import ShouldStop, checkpoint
from .cells import CELLS
from .jsonable import answer
from .model import Spec, input_vectors, readout
from .norms import row_norms
from .padding import PAD, Padded, build_vocab, pad, tokenize_all
from .task_options import Seq2SeqOptions, check_sequences, normalize_seq2seq
from .train import fit_task

BOS, EOS = "<bos>", "<eos>"


@dataclass(frozen=True)
class Batch:
    source_vocab: list[str]  # <pad> first
    target_vocab: list[str]  # <pad>, <bos>, <eos> first
    source: Padded  # (B, S), post-padded
    dec_in: Padded  # (B, T): <bos> + target
    dec_out: np.ndarray  # (B, T): target + <eos>, 0 on pads


def prepare(o: Seq2SeqOptions) -> Batch:
    src = tokenize_all([s for s, _ in o.pairs], o.tokens)
    tgt = tokenize_all([t for _, t in o.pairs], o.tokens)
    sv, tv = build_vocab(src), build_vocab(tgt, (PAD, BOS, EOS))
    check_sequences("pairs", src, len(sv))
    check_sequences("pairs", tgt, len(tv))
    si, ti = {t: i for i, t in enumerate(sv)}, {t: i for i, t in enumerate(tv)}
    source = pad([[si[t] for t in toks] for toks in src], side="post")
    ids = [[ti[t] for t in toks] for toks in tgt]
    dec_in = pad([[ti[BOS], *seq] for seq in ids], side="post")
    dec_out = pad([[*seq, ti[EOS]] for seq in ids], side="post").ids
    return Batch(sv, tv, source, dec_in, dec_out)


def specs(o: Seq2SeqOptions, batch: Batch) -> tuple[Spec, Spec]:
    """The encoder's and the decoder's; the decoder's state is the context: dirs * H wide."""
    dirs = len(stacked.directions(o.bidirectional))
    enc = Spec(o.cell, len(batch.source_vocab), o.hidden, o.layers, o.embedding, o.activation)
    dec = Spec(
        o.cell, len(batch.target_vocab), dirs * o.hidden, o.layers, o.embedding, o.activation
    )
    return enc, dec


def shapes(enc: Spec, dec: Spec, bidirectional: bool) -> dict:
    """encoder.* (embedding, recurrent tensors), decoder.* (the same), readout.*."""
    out: dict[str, tuple[int, ...]] = {}
    for prefix, spec, bi in (("encoder.", enc, bidirectional), ("decoder.", dec, False)):
        if spec.embedding:
            out[f"{prefix}embedding.weight"] = (spec.vocab, spec.embedding)
        rec = stacked.shapes(spec.cell, spec.n_in, spec.hidden, spec.layers, bi)
        out.update({prefix + k: v for k, v in rec.items()})
    out["readout.weight"] = (dec.vocab, dec.hidden)
    out["readout.bias"] = (dec.vocab,)
    return out


def context(enc_fwd: stacked.StackForward) -> list[tuple[np.ndarray, ...]]:
    """Per layer, the encoder's final state(s), directions concatenated: the decoder's h_0."""
    return [
        tuple(np.concatenate(parts, axis=-1) for parts in zip(*dirs, strict=True))
        for dirs in enc_fwd.finals()
    ]


@dataclass
class Result:
    enc: stacked.StackForward
    ctx: list[tuple[np.ndarray, ...]]
    dec: stacked.StackForward
    logits: np.ndarray  # (T, B, V)
    probs: np.ndarray
    losses: np.ndarray  # (T, B), 0 on pads
    loss: float
    enc_grads: stacked.StackGrads | None = None
    dec_grads: stacked.StackGrads | None = None
    param_grads: dict | None = None


def run(params: dict, enc: Spec, dec: Spec, batch: Batch, bidirectional: bool) -> Result:
    """Forward (teacher forcing) and BPTT of the mean token loss, decoder then encoder."""
    src, src_mask = batch.source.time_major
    dec_ids, dec_mask = batch.dec_in.time_major
    targets = batch.dec_out.T
    pe, pd = stacked.sub(params, "encoder."), stacked.sub(params, "decoder.")
    enc_fwd = stacked.forward(pe, enc, src, src_mask, bidirectional)
    ctx = context(enc_fwd)
    dec_fwd = stacked.forward(pd, dec, dec_ids, dec_mask, state0=ctx)
    h = dec_fwd.output()  # (T, B, dirs*H)
    logits, probs, losses = readout(params, h, targets)
    losses = np.where(dec_mask, losses, 0.0)  # no loss on a pad
    n = dec_mask.sum()
    res = Result(enc_fwd, ctx, dec_fwd, logits, probs, losses, float(losses.sum() / n))
    dlogits = probs - np.eye(dec.vocab)[targets]  # dL/dy_t = p_t - onehot(y_t)
    dlogits = np.where(dec_mask[..., None], dlogits, 0.0) / n
    res.dec_grads = stacked.backward(pd, dec, dec_fwd, dlogits @ params["readout.weight"])
    # the context vector: the decoder's dL/dh_0 (and dL/dc_0) split back into the directions
    H, dirs = enc.hidden, len(stacked.directions(bidirectional))
    after = []
    for lg in (layer[0] for layer in res.dec_grads.layers):
        parts = [(_cut(lg.dh0, j, H), _cut(lg.dc0, j, H)) for j in range(dirs)]
        after.append(parts)
    res.enc_grads = stacked.backward(pe, enc, enc_fwd, None, after)
    res.param_grads = {
        **{f"encoder.{k}": g for k, g in res.enc_grads.params.items()},
        **{f"decoder.{k}": g for k, g in res.dec_grads.params.items()},
        "readout.weight": np.einsum("tbv,tbh->vh", dlogits, h),
        "readout.bias": dlogits.sum(axis=(0, 1)),
    }
    return res


def _cut(a, j: int, H: int):
    """Direction j's H columns of a context-sized array (None stays None)."""
    return None if a is None else a[:, j * H : (j + 1) * H]


def greedy(params: dict, dec: Spec, ctx: list, vocab: list[str], max_steps: int) -> dict:
    """Decode without teacher forcing: from <bos>, feed back the most probable token until
    <eos> or max_steps. Returns {tokens: B lists, probs: B lists of p(chosen)}."""
    pd = stacked.sub(params, "decoder.")
    step = CELLS[dec.cell].step
    B = ctx[0][0].shape[0]
    states = [tuple(s.copy() for s in c) for c in ctx]
    ids = np.full(B, vocab.index(BOS))
    done = np.zeros(B, dtype=bool)
    tokens: list[list[str]] = [[] for _ in range(B)]
    chosen: list[list[float]] = [[] for _ in range(B)]
    eos = vocab.index(EOS)
    for _ in range(max_steps):
        x = input_vectors(pd, dec, ids)
        for k in range(dec.layers):
            rec = step(stacked.layer_params(pd, k, ""), x, states[k], dec.activation)
            states[k], x = rec.state, rec.h
        _, p, _ = readout(params, x, np.zeros(B, dtype=np.int64))  # (the loss is not used)
        ids = np.nan_to_num(p, nan=-1.0).argmax(axis=-1)
        for i in np.flatnonzero(~done):
            tokens[i].append(vocab[ids[i]])
            chosen[i].append(p[i, ids[i]])
        done |= ids == eos
        if done.all():
            break
    return {"tokens": tokens, "probs": chosen}


@dataclass
class Seq2Seq:
    options: Seq2SeqOptions
    batch: Batch
    enc: Spec
    dec: Spec
    params: dict
    result: Result
    train_log: dict | None

    def to_dict(self) -> dict:
        return answer(self._raw())

    def _raw(self) -> dict:
        o, b, res = self.options, self.batch, self.result
        enc_grads, dec_grads = res.enc_grads, res.dec_grads
        assert enc_grads is not None and dec_grads is not None, "a trace has its backward pass"
        dirs = len(stacked.directions(o.bidirectional))
        dec_mask = b.dec_in.mask
        pred = np.nan_to_num(res.probs, nan=-1.0).argmax(-1).T  # (B, T)
        max_steps = int(b.dec_in.lengths.max()) + 4
        # the encoder has no dense layer of its own: the readout is the decoder's
        counts = [self.enc.param_count(outputs=0, directions=dirs), self.dec.param_count()]
        return {
            "request": o.as_dict(),
            "source_vocab": b.source_vocab,
            "target_vocab": b.target_vocab,
            "source_tokens": b.source.ids,
            "source_lengths": b.source.lengths,
            "target_inputs": b.dec_in.ids,
            "target_outputs": b.dec_out,
            "target_lengths": b.dec_in.lengths,
            "weights": dict(self.params),
            "encoder": {"layers": stacked.layer_views(res.enc, enc_grads, self.enc)},
            "context": [
                {
                    "h": c[0],
                    "c": c[1] if len(c) > 1 else None,
                    "dL_dh": row_norms(lg[0].dh0),
                }
                for c, lg in zip(res.ctx, dec_grads.layers, strict=True)
            ],
            "decoder": {
                "layers": stacked.layer_views(res.dec, dec_grads, self.dec),
                "logits": np.swapaxes(res.logits, 0, 1),
                "probs": np.swapaxes(res.probs, 0, 1),
                "losses": res.losses.T,
                "predicted": [[b.target_vocab[i] for i in row] for row in pred],
            },
            "loss": res.loss,
            "accuracy": float(np.mean((pred == b.dec_out)[dec_mask])),
            "generated": greedy(self.params, self.dec, res.ctx, b.target_vocab, max_steps),
            "train": self.train_log,
            "param_count": {k: counts[0][k] + counts[1][k] for k in counts[0]},
        }


def seq2seq(
    pairs, should_stop: ShouldStop = None, weights: dict | None = None, **options
) -> Seq2Seq:
    """Train an encoder-decoder on the pairs ([source, target]) and trace it.

    Options: those of Seq2SeqOptions (core.task_options). Raises OptionError naming the
    option and the limit; core.cancel.Cancelled when should_stop() says so."""
    o = normalize_seq2seq(pairs, **options)
    return fit(o, prepare(o), weights, should_stop)


def fit(
    o: Seq2SeqOptions, batch: Batch, weights: dict | None = None, should_stop: ShouldStop = None
) -> Seq2Seq:
    """The work of seq2seq() on checked options; no limits applied."""
    enc, dec = specs(o, batch)

    def loss_and_grads(p):
        r = run(p, enc, dec, batch, o.bidirectional)
        hit = (batch.dec_out == r.probs.argmax(-1).T)[batch.dec_in.mask]
        return r.loss, r.param_grads, {"accuracy": float(hit.mean())}

    shape = shapes(enc, dec, o.bidirectional)
    params, log = fit_task(o, shape, weights, loss_and_grads, should_stop)
    checkpoint(should_stop)
    with np.errstate(all="ignore"):
        res = run(params, enc, dec, batch, o.bidirectional)
    return Seq2Seq(o, batch, enc, dec, params, res, log)


def estimate_cost(o: Seq2SeqOptions, batch: Batch) -> float:
    """Estimated seconds of fit() and its JSON (core.cost.estimate_task_cost): both halves,
    the readout, greedy decoding (forward only), the output."""
    enc, dec = specs(o, batch)
    dirs = len(stacked.directions(o.bidirectional))
    (B, S), T = batch.source.ids.shape, batch.dec_in.ids.shape[1]
    G, V = CELLS[o.cell].G, dec.vocab
    halves = [
        cost.stack_counts(S, B, enc.hidden, enc.layers, o.cell, enc.n_in, dirs),
        cost.stack_counts(T, B, dec.hidden, dec.layers, o.cell, dec.n_in),
    ]
    decode = cost.stack_counts(T + 4, B, dec.hidden, dec.layers, o.cell, dec.n_in)
    halves.append({k: v / 2 for k, v in decode.items()})  # once, forward only: ~1/2 a pass
    per_step = (3 + G + 2 * (o.cell == "lstm")) * B * dec.hidden * dec.layers * (S + T)
    shape = shapes(enc, dec, o.bidirectional)
    head_flops = 6 * B * T * V * dec.hidden
    return cost.estimate_task_cost(
        halves, shape, head_flops, per_step + 3 * B * T * V, o.train_steps
    )
