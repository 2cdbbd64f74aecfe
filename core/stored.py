"""Traces and samples of a stored model (core.checkpoints.Imported): its weights, its vocabulary.

The typed text must use the model's tokens; `train_steps` then fine-tunes from the stored
weights on that text (the stored model itself never changes). Options that make a model
(cell, hidden, layers, embedding, activation, residual, tokens, seed, init_scale, w_hh_sigma,
forget_bias, update_bias) come from the model; the rest (train_steps, optimizer, lr, clip,
truncate) are the request's.
"""

from __future__ import annotations

from dataclasses import replace

from .cancel import ShouldStop
from .checkpoints import Imported
from .options import OptionError, Options, check_tokens, normalize
from .sample import sample
from .tokens import Encoded, UnknownTokens, encode_in
from .trace import Trace, run

FROM_MODEL = ("cell", "hidden", "layers", "embedding", "activation", "residual", "tokens")
UNUSED = ("seed", "init_scale", "w_hh_sigma", "forget_bias", "update_bias")


def model_options(model: Imported, text: str, **options) -> Options:
    """The request's options checked, with the model's own in place of what makes a model."""
    given = {k: v for k, v in options.items() if k not in FROM_MODEL + UNUSED}
    o = normalize(text, **given)
    s = model.spec
    return replace(
        o,
        cell=s.cell,
        hidden=s.hidden,
        layers=s.layers,
        embedding=s.embedding,
        activation=s.activation,
        residual=s.residual,
        tokens=model.tokens,
    )


def encode_for(model: Imported, text: str) -> Encoded:
    """`text` in the model's vocabulary; OptionError on `text` naming unknown tokens."""
    try:
        enc = encode_in(text, model.vocab, model.tokens)
    except UnknownTokens as exc:
        ctx = {"rule": "model_vocab", "n": exc.n, "tokens": exc.shown}
        raise OptionError("text", str(exc), ctx=ctx) from None
    except ValueError as exc:
        raise OptionError("text", str(exc)) from None
    check_tokens(len(enc.tokens), None)
    return enc


def model_request(model: Imported, text: str, **options) -> tuple[Options, Encoded]:
    """A stored model's trace as core.trace.run takes it: the options (model_options) and
    `text` in the model's vocabulary (encode_for). OptionError before any work."""
    o = model_options(model, text, **options)
    return o, encode_for(model, o.text)


def trace_model(model: Imported, text: str, should_stop: ShouldStop = None, **options) -> Trace:
    """core.trace for a stored model: the same Trace, vocab = the model's whole vocabulary."""
    o, enc = model_request(model, text, **options)
    return run(o, enc, model.params, should_stop)


def sample_model(
    model: Imported,
    text: str,
    start: str,
    length: int,
    temperature: float = 1.0,
    sample_seed: int = 0,
    should_stop: ShouldStop = None,
    **options,
) -> dict:
    """Generate `length` tokens after `start` (a token of the model's vocabulary) from the
    stored weights, fine-tuned on `text` first when `train_steps` asks for it.
    {vocab, tokens, probs} as core.sample.sample gives them."""
    if start not in model.vocab:
        raise OptionError(
            "start",
            f"must be one of the {len(model.vocab)} tokens of the model",
            ctx={"rule": "start_token", "n": len(model.vocab)},
        )
    params, spec = model.params, model.spec
    if options.get("train_steps"):
        tr = trace_model(model, text, should_stop, **options)
        params, spec = tr.params, tr.spec
    else:
        encode_for(model, model_options(model, text, **options).text)  # the text's tokens fit
    out = sample(
        params, spec, model.vocab, model.vocab.index(start), length, temperature, sample_seed
    )
    return {"vocab": model.vocab, "tokens": out["tokens"], "probs": out["probs"]}
