"""Sentences of different lengths as one batch: a vocabulary whose id 0 is `<pad>`, sequences
padded and cut to one length as Keras's `pad_sequences` does, and the mask of the real tokens.

    tokens    ["i", "liked", "it"]   ["boring"]
    ids       [3, 4, 5]              [6]
    pre  (T=3) [3, 4, 5]             [0, 0, 6]      pads before: the real tokens end the row
    post (T=3) [3, 4, 5]             [6, 0, 0]      pads after: the real tokens start the row

A sequence longer than `max_len` is cut on the same side as it would be padded (pre: its first
tokens go, as `pad_sequences(padding="pre", truncating="pre")`; post: its last tokens go).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .limits import PAD_SIDES
from .tokens import tokenize

PAD = "<pad>"
SIDES = PAD_SIDES


@dataclass(frozen=True)
class Padded:
    """A batch of B sequences padded to T steps; arrays are batch-first, as the page shows."""

    ids: np.ndarray  # (B, T) token ids, 0 on pads
    lengths: np.ndarray  # (B,) real tokens kept
    mask: np.ndarray  # (B, T) True on real tokens

    @property
    def time_major(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids (T, B), mask (T, B)): the order the cells are stepped in."""
        return self.ids.T, self.mask.T


def build_vocab(texts: list[list[str]], specials: tuple[str, ...] = (PAD,)) -> list[str]:
    """Specials first (id 0 is `<pad>`), then every token in order of first appearance."""
    index = dict.fromkeys(specials)
    for tokens in texts:
        index.update(dict.fromkeys(t for t in tokens if t not in index))
    return list(index)


def tokenize_all(texts: list[str], mode: str) -> list[list[str]]:
    """Each text tokenized as a trace's text is (NFC; char or word)."""
    return [tokenize(t, mode) for t in texts]


def pad(seqs: list[list[int]], max_len: int | None = None, side: str = "pre") -> Padded:
    """Pad (with 0) and cut every sequence to max_len (default: the longest) on `side`."""
    if side not in SIDES:
        raise ValueError(f"pad must be pre or post, not {side!r}")
    T = max_len if max_len is not None else max(len(s) for s in seqs)
    ids = np.zeros((len(seqs), T), dtype=np.int64)
    mask = np.zeros((len(seqs), T), dtype=bool)
    lengths = np.zeros(len(seqs), dtype=np.int64)
    for b, seq in enumerate(seqs):
        kept = (seq[len(seq) - T :] if side == "pre" else seq[:T]) if len(seq) > T else seq
        n = len(kept)
        lengths[b] = n
        at = slice(T - n, T) if side == "pre" else slice(0, n)
        ids[b, at] = kept
        mask[b, at] = True
    return Padded(ids, lengths, mask)
