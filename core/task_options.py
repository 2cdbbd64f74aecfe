"""The checked options of a classification and of a sequence-to-sequence request.

Every option is declared once in core/options.py (endpoints `classify` and `seq2seq`); this
module adds what a declaration cannot say about `examples` and `pairs`: a JSON array of
[text, label] (or [source, target]) pairs, each text printable and within the limits, and for
labels, 2..8 distinct ones without markup. Errors name the option and the limit and never
repeat the text they refuse.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, fields
from typing import Any

from . import limits as L
from .option import first_bad_char
from .options import OptionError, check

# Characters a label may not hold: it names a class on the page and in the JSON.
LABEL_FORBIDDEN = set("<>&\"'`")
PAIRS_JSON = {"rule": "pairs_json"}  # a refusal's ctx: not an array of two-string arrays


@dataclass(frozen=True)
class TaskOptions:
    """The model options shared with a trace, and bidirectional (core/options.py)."""

    cell: str
    hidden: int
    seed: int
    layers: int
    activation: str
    embedding: int
    init_scale: float
    clip: float | None
    optimizer: str
    lr: float
    train_steps: int
    tokens: str
    bidirectional: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ClassifyOptions(TaskOptions):
    examples: tuple[tuple[str, str], ...]
    max_len: int | None
    pad: str
    mask: bool


@dataclass(frozen=True)
class Seq2SeqOptions(TaskOptions):
    pairs: tuple[tuple[str, str], ...]


def parse_pairs(field: str, raw: str) -> Any:
    """A JSON array given as text (a query parameter) -> Python lists; OptionError if not."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise OptionError(
            field, "is not valid JSON: expected an array of 2-element arrays", ctx=PAIRS_JSON
        ) from None


def _pairs(field: str, value: Any, second: str) -> tuple[tuple[str, str], ...]:
    """2..64 pairs of strings, each NFC, non-empty, printable, within the character limits."""
    if not isinstance(value, (list, tuple)):
        raise OptionError(field, f"must be a JSON array of [text, {second}] pairs", ctx=PAIRS_JSON)
    if not L.MIN_EXAMPLES <= len(value) <= L.MAX_EXAMPLES:
        raise OptionError(
            field,
            f"must hold {L.MIN_EXAMPLES} to {L.MAX_EXAMPLES} pairs, not {len(value)}",
            ctx={
                "rule": "pairs_count",
                "min": L.MIN_EXAMPLES,
                "max": L.MAX_EXAMPLES,
                "n": len(value),
            },
        )
    out, total = [], 0
    for i, pair in enumerate(value):
        ok = isinstance(pair, (list, tuple)) and len(pair) == 2
        if not ok or not all(isinstance(s, str) for s in pair):
            raise OptionError(
                field,
                f"item {i} must be [text, {second}], two strings",
                ctx={"rule": "pair_shape", "item": i, "part": second},
            )
        a, b = (unicodedata.normalize("NFC", s) for s in pair)
        for part, s in (("text", a), (second, b)):
            name, where = f"item {i} {part}", {"item": i, "part": part}
            if not s.strip():
                raise OptionError(field, f"{name} is empty", ctx={"rule": "pair_empty", **where})
            if len(s) > L.MAX_EXAMPLE_CHARS:
                raise OptionError(
                    field,
                    f"{name} has {len(s)} characters; the limit is {L.MAX_EXAMPLE_CHARS}",
                    ctx={"rule": "pair_chars", **where, "n": len(s), "max": L.MAX_EXAMPLE_CHARS},
                )
            if first_bad_char(s) is not None:
                raise OptionError(
                    field,
                    f"{name} holds a control character or invalid UTF-8",
                    ctx={"rule": "pair_control", **where},
                )
        total += len(a) + len(b)
        out.append((a, b))
    if total > L.MAX_EXAMPLES_CHARS:
        raise OptionError(
            field,
            f"has {total} characters in all; the limit is {L.MAX_EXAMPLES_CHARS}",
            ctx={"rule": "pairs_chars", "n": total, "max": L.MAX_EXAMPLES_CHARS},
        )
    return tuple(out)


def _labels(pairs: tuple[tuple[str, str], ...]) -> None:
    for i, (_, label) in enumerate(pairs):
        if len(label) > L.MAX_LABEL_CHARS:
            raise OptionError(
                "examples",
                f"item {i} label has {len(label)} characters; the limit is {L.MAX_LABEL_CHARS}",
                ctx={
                    "rule": "pair_chars",
                    "item": i,
                    "part": "label",
                    "n": len(label),
                    "max": L.MAX_LABEL_CHARS,
                },
            )
        if LABEL_FORBIDDEN & set(label) or label != label.strip():
            raise OptionError(
                "examples",
                f"item {i} label may not hold < > & \" ' ` or leading or trailing spaces",
                ctx={"rule": "label_chars", "item": i},
            )
    n = len({label for _, label in pairs})
    if not L.MIN_LABELS <= n <= L.MAX_LABELS:
        raise OptionError(
            "examples",
            f"must have {L.MIN_LABELS} to {L.MAX_LABELS} distinct labels, not {n}",
            ctx={"rule": "labels_count", "min": L.MIN_LABELS, "max": L.MAX_LABELS, "n": n},
        )


def classify_options(opts: dict) -> ClassifyOptions:
    """The declared options, already checked (core.options.check or the server's query model),
    with `examples` parsed from its JSON text and checked."""
    pairs = _pairs("examples", parse_pairs("examples", opts["examples"]), "label")
    _labels(pairs)
    return ClassifyOptions(**{**opts, "examples": pairs})


def seq2seq_options(opts: dict) -> Seq2SeqOptions:
    """As classify_options, for `pairs`."""
    return Seq2SeqOptions(
        **{**opts, "pairs": _pairs("pairs", parse_pairs("pairs", opts["pairs"]), "target")}
    )


def _text(field: str, value: Any) -> Any:
    """`examples` or `pairs` as JSON text: as given in a query, or written from Python lists."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        raise OptionError(
            field, "must be a list of 2-element lists of strings", ctx=PAIRS_JSON
        ) from None


def normalize_classify(examples: Any, **kw: Any) -> ClassifyOptions:
    """Check a classification's options; `examples` as its JSON text or a list of pairs."""
    return classify_options(check("classify", examples=_text("examples", examples), **kw))


def normalize_seq2seq(pairs: Any, **kw: Any) -> Seq2SeqOptions:
    """Check a sequence-to-sequence request's options; `pairs` as JSON text or a list."""
    return seq2seq_options(check("seq2seq", pairs=_text("pairs", pairs), **kw))


def field_names(cls: type) -> set[str]:
    """The options a dataclass above holds (tests keep them equal to the declarations)."""
    return {f.name for f in fields(cls)}


def check_sequences(field: str, token_lists: list[list[str]], vocab_size: int) -> None:
    """Limits that need the tokenized texts: 1..MAX_SEQ_TOKENS tokens each, the vocabulary."""
    for i, toks in enumerate(token_lists):
        if not toks:
            raise OptionError(
                field, f"item {i} has no tokens", ctx={"rule": "item_tokens_min", "item": i}
            )
        if len(toks) > L.MAX_SEQ_TOKENS:
            raise OptionError(
                field,
                f"item {i} has {len(toks)} tokens; the limit is {L.MAX_SEQ_TOKENS}",
                ctx={"rule": "item_tokens_max", "item": i, "n": len(toks), "max": L.MAX_SEQ_TOKENS},
            )
    if vocab_size > L.MAX_TASK_VOCAB:
        raise OptionError(
            field,
            f"has {vocab_size} distinct tokens with the specials; the limit is {L.MAX_TASK_VOCAB}",
            ctx={"rule": "vocab_max", "n": vocab_size, "max": L.MAX_TASK_VOCAB},
        )
