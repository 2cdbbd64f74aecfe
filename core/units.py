"""What the units learned: each unit's activation over a long text, ranked by how well it
detects the characters a pattern matches (Karpathy, Johnson and Fei-Fei 2015: units that track
quotes, brackets, line length).

The score of a unit is the AUC of its activation as a detector of the matched characters: the
chance that a matched character gets a higher activation than an unmatched one (ties count
one half). A unit that fires *low* inside the pattern is as good a detector: its AUC is
1 - AUC with `sign` -1. 0.5 is chance.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from . import limits as L
from . import params as P
from .model import Spec, input_vectors, layer_output, run_layer, stack, zero_state
from .options import OptionError
from .pattern import char_mask, spans
from .tokens import UnknownTokens, encode_in

KINDS = ("h", "c", "i", "f", "g", "o", "r", "z", "n")


def pattern_mask(text: str, pattern: str) -> np.ndarray:
    """(len(text),) bool: the characters inside any match of `pattern` (group 1's, if it has
    one), matched with re.DOTALL in a child process with a deadline (core.pattern)."""
    return char_mask(len(text), spans(text, pattern))


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """AUC of `scores` (n,) detecting `labels` (n,) bool, by ranks (Mann-Whitney U); ties get
    their average rank. NaN when one class is empty."""
    return float(auc_table(np.asarray(scores)[:, None], labels)[0])


def auc_table(acts: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(H,) AUC of every column of acts (T, H) at once; NaN when one class is empty.

    Sort each column; each run of equal values gets the mean of its ranks 1..T (midranks);
    U = the positives' rank sum - n_pos (n_pos + 1) / 2; AUC = U / (n_pos n_neg)."""
    labels = np.asarray(labels, dtype=bool)
    n, h = acts.shape
    n_pos = int(labels.sum())
    n_neg = n - n_pos
    if n_pos == 0 or n_neg == 0:
        return np.full(h, np.nan)
    order = np.argsort(acts, axis=0, kind="stable")
    s = np.take_along_axis(acts, order, axis=0).T  # (H, T): column j sorted, as a row
    new_run = np.ones((h, n), dtype=bool)
    new_run[:, 1:] = s[:, 1:] != s[:, :-1]
    run = np.cumsum(new_run.ravel()) - 1  # every run of every column numbered apart
    positions = np.tile(np.arange(1, n + 1, dtype=np.float64), h)
    midrank = (np.bincount(run, weights=positions) / np.bincount(run))[run].reshape(h, n)
    rank_sum = (midrank * labels[order].T).sum(axis=1)
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def activations(params: dict, spec: Spec, ids: np.ndarray) -> list[dict[str, np.ndarray]]:
    """Per layer {h, c (LSTM), gates...}: each (T, H), the model run over ids (T,) from the
    zero state, every step reading one token (as the page's trace does)."""
    xs = input_vectors(params, spec, np.asarray(ids))
    out = []
    for k in range(spec.layers):
        recs = run_layer(P.layer(params, k), spec, xs, zero_state(spec))
        layer = {"h": stack(recs, "h")}
        if spec.cell == "lstm":
            layer["c"] = stack(recs, "c")
        for gate in recs[0].gates:
            layer[gate] = np.array([r.gates[gate] for r in recs])
        out.append(layer)
        xs = layer_output(spec, k, layer["h"], xs)
    return out


@dataclass(frozen=True)
class Unit:
    layer: int  # 0-based
    kind: str  # h, c or a gate
    unit: int  # 0-based
    auc: float  # max(AUC, 1 - AUC): how well it detects, whichever way it fires
    sign: int  # +1: higher inside the pattern; -1: lower


def rank_units(acts: list[dict[str, np.ndarray]], labels: np.ndarray, top: int = 20) -> list[Unit]:
    """The `top` best detectors of `labels` among every unit of every kind and layer."""
    found = []
    for k, layer in enumerate(acts):
        for kind, a in layer.items():
            for j, score in enumerate(auc_table(a, labels)):
                if np.isfinite(score):
                    best, sign = (score, 1) if score >= 0.5 else (1.0 - score, -1)
                    found.append(Unit(k, kind, j, float(best), sign))
    found.sort(key=lambda u: (-u.auc, u.layer, KINDS.index(u.kind), u.unit))
    return found[:top]


def baseline_params(spec: Spec, seed: int = 0) -> dict:
    """The same architecture untrained: PyTorch's default initialisation from `seed`."""
    return P.init(spec.cell, spec.vocab, spec.hidden, spec.layers, spec.embedding, seed)


def read_text(text: str, vocab: list[str], mode: str) -> tuple[str, list[str], np.ndarray]:
    """(NFC text, its tokens, their ids in the model's vocabulary); OptionError on `text`."""
    if not isinstance(text, str) or not 0 < len(text) <= L.MAX_UNITS_TEXT_CHARS:
        raise OptionError(
            "text",
            f"must have 1 to {L.MAX_UNITS_TEXT_CHARS} characters",
            ctx={"rule": "units_text_chars", "max": L.MAX_UNITS_TEXT_CHARS},
        )
    text = unicodedata.normalize("NFC", text)
    try:
        enc = encode_in(text, vocab, mode)
    except UnknownTokens as exc:
        ctx = {"rule": "units_vocab", "n": exc.n, "tokens": exc.shown}
        raise OptionError("text", str(exc), ctx=ctx) from None
    if len(enc.ids) < 2:
        ctx = {"rule": "tokens_min", "min": 2, "n": len(enc.ids)}
        raise OptionError("text", "needs at least 2 tokens", ctx=ctx)
    return text, enc.tokens, enc.ids


def token_mask(text: str, mode: str, chars: np.ndarray) -> np.ndarray:
    """Marked characters -> one flag per token: the character's own (`char`), or a word's
    first character's (`word`, words as str.split cuts them)."""
    if mode == "char":
        return chars
    return np.array([chars[m.start()] for m in re.finditer(r"\S+", text)], dtype=bool)


def find(params: dict, spec: Spec, vocab: list[str], mode: str, text: str, pattern: str,
         top: int = 20) -> dict:  # fmt: skip
    """The unit finder: the `top` units of the model, and of the same architecture untrained
    (the baseline), by AUC for the tokens `pattern` marks in `text`. OptionError on `text`
    (too long, tokens the model lacks) or `pattern` (invalid, too slow, marks no token or
    every token). Also returns the tokens, the marks and every activation (for `series`)."""
    text, tokens, ids = read_text(text, vocab, mode)
    marked = token_mask(text, mode, pattern_mask(text, pattern))
    n = int(marked.sum())
    if n in (0, len(marked)):
        what = "no token" if n == 0 else "every token"
        rule = "pattern_marks_none" if n == 0 else "pattern_marks_all"
        raise OptionError(
            "pattern", f"marks {what} of the text: nothing to tell apart", ctx={"rule": rule}
        )
    acts = activations(params, spec, ids)
    base = activations(baseline_params(spec), spec, ids)
    return {
        "tokens": tokens,
        "marked": marked,
        "units": rank_units(acts, marked, top),
        "baseline": rank_units(base, marked, top),
        "acts": acts,
    }


def parse_unit(value: str, spec: Spec) -> tuple[int, str, int]:
    """`layer:kind:unit` (0:c:63) -> (0, "c", 63), checked against the model."""
    parts = value.split(":") if isinstance(value, str) else []
    kinds: tuple[str, ...] = {"rnn": ("h",), "lstm": ("h", "c", "i", "f", "g", "o"),
                              "gru": ("h", "r", "z", "n")}[spec.cell]  # fmt: skip
    ok = len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and parts[1] in kinds
    if not ok or int(parts[0]) >= spec.layers or int(parts[2]) >= spec.hidden:
        raise OptionError(
            "unit",
            f"must be layer:kind:unit with layer < {spec.layers}, kind one of "
            f"{', '.join(kinds)} and unit < {spec.hidden} (such as 0:{kinds[-1]}:0)",
            ctx={
                "rule": "unit_name",
                "layers": spec.layers,
                "kinds": ", ".join(kinds),
                "hidden": spec.hidden,
                "example": f"0:{kinds[-1]}:0",
            },
        )
    return int(parts[0]), parts[1], int(parts[2])


def estimate_seconds(hidden: int, layers: int, chars: int, pattern: bool) -> float:
    """A rough single-core estimate of find/activations (a slot's place in the queue, not a
    limit): about 0.25 ms a step and layer at H = 128, twice with the baseline."""
    return 2.5e-4 * (0.5 + hidden / 256) * layers * chars * (2 if pattern else 1)
