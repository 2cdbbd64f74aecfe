"""The options of a classification and of a sequence-to-sequence request, checked against
core.limits. Errors name the option and the limit and never repeat the text they refuse."""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import asdict, dataclass, fields

from . import limits as L
from .options import OptionError

# Until these options join core.options' single declaration (options' work), three checks:


def _choice(field: str, value, allowed) -> None:
    if value not in allowed:
        raise OptionError(field, f"must be one of {', '.join(allowed)}")


def _int(field: str, value, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise OptionError(field, f"must be an integer from {lo} to {hi}")


def _float(field: str, value, lo: float, hi: float) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not (ok and lo < value <= hi):
        raise OptionError(field, f"must be a finite number in ({lo}, {hi}]")


# Characters a label may not hold: it names a class on the page and in the JSON.
LABEL_FORBIDDEN = set("<>&\"'`")


@dataclass(frozen=True)
class TaskOptions:
    """The model options shared with a trace (docs/trace-format.md) and bidirectional."""

    cell: str = "lstm"
    hidden: int = 16
    seed: int = 0
    layers: int = 1
    activation: str = "tanh"
    embedding: int = 0
    init_scale: float = 1.0
    train_steps: int = 200
    optimizer: str = "adam"
    lr: float = 0.05
    clip: float | None = None
    tokens: str = "word"
    bidirectional: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ClassifyOptions(TaskOptions):
    examples: tuple[tuple[str, str], ...] = ()
    max_len: int | None = None  # None: the longest text
    pad: str = "pre"
    mask: bool = True


@dataclass(frozen=True)
class Seq2SeqOptions(TaskOptions):
    pairs: tuple[tuple[str, str], ...] = ()
    tokens: str = "char"


def parse_pairs(field: str, raw: str) -> list:
    """A JSON array given as text (a query parameter) -> Python lists; OptionError if not."""
    if not isinstance(raw, str) or len(raw) > 4 * L.MAX_EXAMPLES_CHARS:
        raise OptionError(
            field, f"must be a JSON array of at most {4 * L.MAX_EXAMPLES_CHARS} characters"
        )
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise OptionError(
            field, "is not valid JSON: expected an array of 2-element arrays"
        ) from None
    return value


def _pairs(field: str, value, second: str) -> tuple[tuple[str, str], ...]:
    """2..64 pairs of strings, each NFC, non-empty, printable, within the character limits."""
    what = f"a JSON array of [text, {second}] pairs"
    if not isinstance(value, (list, tuple)):
        raise OptionError(field, f"must be {what}")
    if not L.MIN_EXAMPLES <= len(value) <= L.MAX_EXAMPLES:
        raise OptionError(
            field, f"must hold {L.MIN_EXAMPLES} to {L.MAX_EXAMPLES} pairs, not {len(value)}"
        )
    out, total = [], 0
    for i, pair in enumerate(value):
        ok = isinstance(pair, (list, tuple)) and len(pair) == 2
        if not ok or not all(isinstance(s, str) for s in pair):
            raise OptionError(field, f"item {i} must be [text, {second}], two strings")
        a, b = (unicodedata.normalize("NFC", s) for s in pair)
        for j, s in enumerate((a, b)):
            name = f"item {i} {'text' if j == 0 else second}"
            if not s.strip():
                raise OptionError(field, f"{name} is empty")
            if len(s) > L.MAX_EXAMPLE_CHARS:
                raise OptionError(
                    field, f"{name} has {len(s)} characters; the limit is {L.MAX_EXAMPLE_CHARS}"
                )
            if any(unicodedata.category(c) in ("Cc", "Cs") or c == "\ufffd" for c in s):
                raise OptionError(field, f"{name} holds a control character or invalid UTF-8")
        total += len(a) + len(b)
        out.append((a, b))
    if total > L.MAX_EXAMPLES_CHARS:
        raise OptionError(
            field, f"has {total} characters in all; the limit is {L.MAX_EXAMPLES_CHARS}"
        )
    return tuple(out)


def _labels(pairs: tuple[tuple[str, str], ...]) -> None:
    for i, (_, label) in enumerate(pairs):
        if len(label) > L.MAX_LABEL_CHARS:
            raise OptionError(
                "examples",
                f"item {i} label has {len(label)} characters; the limit is {L.MAX_LABEL_CHARS}",
            )
        if LABEL_FORBIDDEN & set(label) or label != label.strip():
            raise OptionError(
                "examples",
                f"item {i} label may not hold < > & \" ' ` or leading or trailing spaces",
            )
    n = len({label for _, label in pairs})
    if not L.MIN_LABELS <= n <= L.MAX_LABELS:
        raise OptionError(
            "examples", f"must have {L.MIN_LABELS} to {L.MAX_LABELS} distinct labels, not {n}"
        )


def _model(o: TaskOptions) -> None:
    _choice("cell", o.cell, L.CELL_NAMES)
    _choice("activation", o.activation, L.ACTIVATIONS)
    _choice("optimizer", o.optimizer, L.OPTIMIZERS)
    _choice("tokens", o.tokens, L.TOKEN_MODES)
    _int("hidden", o.hidden, 1, L.MAX_HIDDEN)
    _int("seed", o.seed, 0, L.MAX_SEED)
    _int("layers", o.layers, 1, L.MAX_LAYERS)
    _int("embedding", o.embedding, 0, L.MAX_EMBEDDING)
    _int("train_steps", o.train_steps, 0, L.MAX_TRAIN_STEPS)
    _float("init_scale", o.init_scale, 0.0, L.MAX_INIT_SCALE)
    _float("lr", o.lr, 0.0, L.MAX_LR)
    if o.clip is not None:
        _float("clip", o.clip, 0.0, L.MAX_CLIP)
    if not isinstance(o.bidirectional, bool):
        raise OptionError("bidirectional", "must be true or false")


def _known(cls, kw: dict) -> None:
    unknown = set(kw) - {f.name for f in fields(cls)}
    if unknown:
        raise OptionError(sorted(unknown)[0], "unknown option")


def normalize_classify(examples, **kw) -> ClassifyOptions:
    """Check a classification's options; `examples` as a list or its JSON text."""
    _known(ClassifyOptions, kw)
    if isinstance(examples, str):
        examples = parse_pairs("examples", examples)
    o = ClassifyOptions(examples=_pairs("examples", examples, "label"), **kw)
    _labels(o.examples)
    _model(o)
    _choice("pad", o.pad, L.PAD_SIDES)
    if o.max_len is not None:
        _int("max_len", o.max_len, 1, L.MAX_SEQ_TOKENS)
    if not isinstance(o.mask, bool):
        raise OptionError("mask", "must be true or false")
    return o


def normalize_seq2seq(pairs, **kw) -> Seq2SeqOptions:
    """Check a sequence-to-sequence request's options; `pairs` as a list or its JSON text."""
    _known(Seq2SeqOptions, kw)
    if isinstance(pairs, str):
        pairs = parse_pairs("pairs", pairs)
    o = Seq2SeqOptions(pairs=_pairs("pairs", pairs, "target"), **kw)
    _model(o)
    return o


def check_sequences(field: str, token_lists: list[list[str]], vocab_size: int) -> None:
    """Limits that need the tokenized texts: 1..MAX_SEQ_TOKENS tokens each, the vocabulary."""
    for i, toks in enumerate(token_lists):
        if not toks:
            raise OptionError(field, f"item {i} has no tokens")
        if len(toks) > L.MAX_SEQ_TOKENS:
            raise OptionError(
                field, f"item {i} has {len(toks)} tokens; the limit is {L.MAX_SEQ_TOKENS}"
            )
    if vocab_size > L.MAX_TASK_VOCAB:
        raise OptionError(
            field,
            f"has {vocab_size} distinct tokens with the specials; the limit is {L.MAX_TASK_VOCAB}",
        )
