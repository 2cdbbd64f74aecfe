"""The options of a trace, checked against core.limits. Errors name the option and the limit."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from . import limits as L


class OptionError(ValueError):
    """A bad option: `.field` names it, the message says the limit."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Options:
    text: str
    cell: str = "lstm"
    hidden: int = 16
    seed: int = 0
    layers: int = 1
    activation: str = "tanh"
    embedding: int = 0
    init_scale: float = 1.0
    w_hh_sigma: float | None = None
    forget_bias: float | None = None
    update_bias: float | None = None
    clip: float | None = None
    truncate: int | None = None
    train_steps: int = 0
    optimizer: str = "adam"
    lr: float = 0.05
    tokens: str = "char"

    def as_dict(self) -> dict:
        return asdict(self)


def _choice(field: str, value, allowed) -> None:
    if value not in allowed:
        raise OptionError(field, f"must be one of {', '.join(allowed)}, not {value!r}")


def _int(field: str, value, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise OptionError(field, f"must be an integer from {lo} to {hi}, not {value!r}")


def _float(field: str, value, lo: float, hi: float, open_lo: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (lo < value if open_lo else lo <= value) and value <= hi
    if not ok:
        bound = f"({lo}, {hi}]" if open_lo else f"[{lo}, {hi}]"
        raise OptionError(field, f"must be a finite number in {bound}, not {value!r}")


def normalize(text: str, **kw) -> Options:
    """Check every option; returns the frozen Options. Raises OptionError."""
    unknown = set(kw) - set(Options.__dataclass_fields__)
    if unknown:
        raise OptionError(sorted(unknown)[0], "unknown option")
    o = Options(text=text, **kw)
    if not isinstance(text, str) or len(text) > L.MAX_TEXT_CHARS:
        raise OptionError("text", f"must be a string of at most {L.MAX_TEXT_CHARS} characters")
    _choice("cell", o.cell, L.CELL_NAMES)
    _choice("activation", o.activation, L.ACTIVATIONS)
    _choice("optimizer", o.optimizer, L.OPTIMIZERS)
    _choice("tokens", o.tokens, L.TOKEN_MODES)
    _int("hidden", o.hidden, 1, L.MAX_HIDDEN)
    _int("seed", o.seed, 0, L.MAX_SEED)
    _int("layers", o.layers, 1, L.MAX_LAYERS)
    _int("embedding", o.embedding, 0, L.MAX_EMBEDDING)
    _int("train_steps", o.train_steps, 0, L.MAX_TRAIN_STEPS)
    if o.truncate is not None:
        _int("truncate", o.truncate, 1, L.MAX_TOKENS)
    _float("init_scale", o.init_scale, 0.0, L.MAX_INIT_SCALE, open_lo=True)
    _float("lr", o.lr, 0.0, L.MAX_LR, open_lo=True)
    if o.w_hh_sigma is not None:
        _float("w_hh_sigma", o.w_hh_sigma, 0.0, L.MAX_SIGMA, open_lo=True)
    if o.clip is not None:
        _float("clip", o.clip, 0.0, L.MAX_CLIP, open_lo=True)
    for name in ("forget_bias", "update_bias"):
        if getattr(o, name) is not None:
            _float(name, getattr(o, name), -L.MAX_GATE_BIAS, L.MAX_GATE_BIAS)
    return o


def check_tokens(n_tokens: int, n_vocab: int) -> None:
    """Limits that need the tokenized text."""
    if n_tokens < L.MIN_TOKENS:
        raise OptionError("text", f"needs at least {L.MIN_TOKENS} tokens, has {n_tokens}")
    if n_tokens > L.MAX_TOKENS:
        raise OptionError("text", f"has {n_tokens} tokens; the limit is {L.MAX_TOKENS}")
    if n_vocab > L.MAX_VOCAB:
        raise OptionError("text", f"has {n_vocab} distinct tokens; the limit is {L.MAX_VOCAB}")
