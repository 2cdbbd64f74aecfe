"""Parts -> an rnnscope model: sizes within the limits, finite floats, a vocabulary that fits.

The result is the state_dict of core.params (float64, PyTorch names and layout), with
`mapped` saying which tensor of the file became which of ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .. import limits as L
from .. import params as P
from ..model import Spec
from . import safetensors
from . import vocab as V
from .errors import CheckpointError, label, need
from .errors import shape as shape_rule
from .parts import LAYER_KEYS, Parts, Tensor


@dataclass(frozen=True)
class Imported:
    """A model ready to trace: its spec, float64 weights in PyTorch names, its vocabulary."""

    spec: Spec
    params: dict[str, np.ndarray]
    vocab: list[str]
    tokens: str  # char or word
    format: str  # the file's format: safetensors, npz, pytorch, keras
    mapped: dict[str, str | None]  # our tensor name -> the file's (None: zeros, not in the file)

    def metadata(self) -> dict[str, str]:
        """safetensors __metadata__ of the export: enough to import it again as it is."""
        s = self.spec
        return {
            "format": "pt",  # the safetensors convention for a PyTorch state_dict
            "cell": s.cell,
            "hidden": str(s.hidden),
            "layers": str(s.layers),
            "embedding": str(s.embedding),
            "activation": s.activation,
            "vocab": json.dumps(self.vocab, ensure_ascii=False),
            "tokens": self.tokens,
            "source_format": self.format,
            "mapped": json.dumps(self.mapped, ensure_ascii=False),
            # only when set: a model without skip connections keeps the bytes (and so the id)
            # it was stored under before `residual` was kept; a file without it reads false
            **({"residual": "true"} if s.residual else {}),
        }

    def to_safetensors(self) -> bytes:
        """The export: PyTorch names, float64, the vocabulary and options in the metadata."""
        return safetensors.write(self.params, self.metadata())


def one_of(choices: tuple[str, ...]) -> dict[str, object]:
    """The rule of a value outside its choices, as pydantic says it (refusals.js joins them)."""
    return {"rule": "literal_error", "expected": " or ".join(f"'{c}'" for c in choices)}


def _floats(t: Tensor, ours: str) -> np.ndarray:
    where = label(t.name or ours)
    dtype = {"rule": "dtype", "dtype": str(t.array.dtype)}
    need(t.array.dtype.kind == "f", where, f"dtype {t.array.dtype}: weights must be floats", dtype)
    with np.errstate(invalid="ignore"):  # a float16 NaN widens to a NaN, refused below
        arr = np.array(t.array, dtype=np.float64)  # a copy: the file's buffer is not kept
    if not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).sum())
        ctx = {"rule": "nonfinite", "n": bad, "size": arr.size}
        raise CheckpointError(where, f"{bad} of its {arr.size} values are NaN or infinite", ctx)
    return arr


def _limits(parts: Parts, vocab_rows: int) -> None:
    top = parts.layers[0]["weight_hh"]
    hidden = top.array.shape[1]
    need(
        hidden <= L.MAX_HIDDEN,
        label(top.name),
        f"hidden size {hidden}; at most {L.MAX_HIDDEN}",
        {"rule": "size_max", "what": "hidden", "n": hidden, "max": L.MAX_HIDDEN},
    )
    layers = len(parts.layers)
    need(
        layers <= L.MAX_LAYERS,
        "file",
        f"{layers} recurrent layers; at most {L.MAX_LAYERS}",
        {"rule": "size_max", "what": "layers", "n": layers, "max": L.MAX_LAYERS},
    )
    need(
        2 <= vocab_rows <= L.MAX_MODEL_VOCAB,
        label(parts.readout_weight.name),
        f"{vocab_rows} rows (vocabulary size); from 2 to {L.MAX_MODEL_VOCAB}",
        {"rule": "vocab_rows", "n": vocab_rows, "min": 2, "max": L.MAX_MODEL_VOCAB},
    )
    if parts.embedding is not None:
        emb = parts.embedding
        need(
            emb.array.shape[0] == vocab_rows,
            label(emb.name),
            f"{emb.array.shape[0]} rows, but the readout ({label(parts.readout_weight.name)}) "
            f"has {vocab_rows}: one row per token in both",
            {
                "rule": "embedding_rows",
                "n": emb.array.shape[0],
                "rows": vocab_rows,
                "readout": label(parts.readout_weight.name),
            },
        )
        need(
            emb.array.shape[1] <= L.MAX_MODEL_EMBEDDING,
            label(emb.name),
            f"embedding size {emb.array.shape[1]}; at most {L.MAX_MODEL_EMBEDDING}",
            {
                "rule": "size_max",
                "what": "embedding",
                "n": emb.array.shape[1],
                "max": L.MAX_MODEL_EMBEDDING,
            },
        )


def build(parts: Parts, fmt: str, vocab: object = None, tokens: str | None = None) -> Imported:
    """Check `parts` and the vocabulary (the upload's `vocab`, else the file's) into a model."""
    rows = parts.readout_weight.array.shape[0]
    _limits(parts, rows)
    given = vocab if vocab is not None else parts.hints.get("vocab")
    if given is None:
        raise CheckpointError(
            "vocab",
            f"required: the file holds no vocabulary; send its {rows} "
            "tokens in row order (a JSON list or a string of characters)",
            ctx={"rule": "vocab_required", "n": rows},
        )
    tokens_list = V.parse(given)
    mode = tokens or parts.hints.get("tokens") or V.infer_mode(tokens_list)
    need(mode in L.TOKEN_MODES, "tokens", f"must be one of {', '.join(L.TOKEN_MODES)}",
         one_of(L.TOKEN_MODES))  # fmt: skip
    tokens_list = V.check(tokens_list, rows, parts.readout_weight.name or "readout", mode)
    need(
        parts.activation in L.ACTIVATIONS,
        "activation",
        f"{label(parts.activation)} is not one of {', '.join(L.ACTIVATIONS)}",
        one_of(L.ACTIVATIONS),
    )
    residual = parts.hints.get("residual", "false")
    need(residual in ("true", "false"), "residual", "must be true or false",
         one_of(("true", "false")))  # fmt: skip
    emb = parts.embedding
    spec = Spec(
        parts.cell,
        rows,
        parts.layers[0]["weight_hh"].array.shape[1],
        len(parts.layers),
        0 if emb is None else emb.array.shape[1],
        parts.activation if parts.cell == "rnn" else "tanh",
        residual == "true",
    )
    ours: dict[str, Tensor] = {}
    if emb is not None:
        ours["embedding.weight"] = emb
    for k, layer in enumerate(parts.layers):
        for key in LAYER_KEYS:
            ours[f"{key}_l{k}"] = layer[key]
    ours["readout.weight"], ours["readout.bias"] = parts.readout_weight, parts.readout_bias
    params = {name: _floats(t, name) for name, t in ours.items()}
    expected = P.shapes(spec.cell, spec.vocab, spec.hidden, spec.layers, spec.embedding)
    for name, shape in expected.items():
        need(
            params[name].shape == shape,
            label(ours[name].name or name),
            f"shape {params[name].shape}, expected {shape} for {name}",
            shape_rule(params[name].shape, f"{shape} ({name})"),
        )
    mapped = {name: t.name for name, t in ours.items()}
    return Imported(spec, {n: params[n] for n in expected}, tokens_list, mode, fmt, mapped)
