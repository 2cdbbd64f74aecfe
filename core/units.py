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
from dataclasses import dataclass

import numpy as np

from . import params as P
from .model import Spec, input_vectors, run_layer, stack, zero_state

KINDS = ("h", "c", "i", "f", "g", "o", "r", "z", "n")


def pattern_mask(text: str, pattern: str) -> np.ndarray:
    """(len(text),) bool: the characters inside any match of `pattern` (re, DOTALL)."""
    mask = np.zeros(len(text), dtype=bool)
    for m in re.finditer(pattern, text, flags=re.DOTALL):
        mask[m.start() : m.end()] = True
    return mask


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """AUC of `scores` (n,) detecting `labels` (n,) bool, by ranks (Mann-Whitney U); ties get
    their average rank. NaN when one class is empty."""
    labels = np.asarray(labels, dtype=bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = np.asarray(scores)[order]
    # average ranks over ties: each run of equal scores gets the mean of its positions
    edges = np.flatnonzero(np.diff(sorted_scores)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [len(scores)]])
    for s, e in zip(starts, ends, strict=True):
        ranks[order[s:e]] = (s + e + 1) / 2.0  # 1-based mean of s+1 .. e
    u = ranks[labels].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def auc_table(acts: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(H,) AUC of every column of acts (T, H)."""
    return np.array([auc(acts[:, j], labels) for j in range(acts.shape[1])])


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
        xs = layer["h"]
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
