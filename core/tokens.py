"""Text -> tokens -> vocabulary -> one-hot vectors, as in the lecture's `hello` example."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Encoded:
    """A tokenized text: `vocab` in order of first appearance, `ids` per token (T+1,)."""

    tokens: list[str]
    vocab: list[str]
    ids: np.ndarray  # (T+1,) int

    @property
    def inputs(self) -> np.ndarray:  # (T,) tokens[:-1]
        return self.ids[:-1]

    @property
    def targets(self) -> np.ndarray:  # (T,) tokens[1:]
        return self.ids[1:]


def tokenize(text: str, mode: str = "char") -> list[str]:
    """NFC-normalize, then one token per code point (`char`) or per whitespace-split word."""
    text = unicodedata.normalize("NFC", text)
    if mode == "char":
        return list(text)
    if mode == "word":
        return text.split()
    raise ValueError(f"tokens must be 'char' or 'word', not {mode!r}")


def encode(text: str, mode: str = "char") -> Encoded:
    """`hello` -> vocab [h, e, l, o], ids [0, 1, 2, 2, 3]."""
    tokens = tokenize(text, mode)
    index: dict[str, int] = {}
    for tok in tokens:
        index.setdefault(tok, len(index))
    ids = np.fromiter((index[t] for t in tokens), dtype=np.int64, count=len(tokens))
    return Encoded(tokens=tokens, vocab=list(index), ids=ids)


def one_hot(ids: np.ndarray, size: int) -> np.ndarray:
    """(T,) ints -> (T, size) float64 rows with a single 1."""
    out = np.zeros((len(ids), size))
    out[np.arange(len(ids)), ids] = 1.0
    return out


class UnknownTokens(ValueError):
    """Tokens a fixed vocabulary lacks: `.n` of them, `.shown` the first ten as written."""

    def __init__(self, unknown: list[str]):
        self.n = len(unknown)
        self.shown = ", ".join(repr(t) for t in unknown[:10]) + (", ..." if self.n > 10 else "")
        super().__init__(f"the model's vocabulary lacks {self.n} of its tokens: {self.shown}")


def encode_in(text: str, vocab: list[str], mode: str = "char") -> Encoded:
    """Tokenize `text` into a fixed vocabulary (a stored model's); ValueError listing the
    tokens it lacks, each once, in order of appearance."""
    tokens = tokenize(text, mode)
    index = {tok: i for i, tok in enumerate(vocab)}
    unknown = list(dict.fromkeys(t for t in tokens if t not in index))
    if unknown:
        raise UnknownTokens(unknown)
    ids = np.fromiter((index[t] for t in tokens), dtype=np.int64, count=len(tokens))
    return Encoded(tokens=tokens, vocab=list(vocab), ids=ids)
