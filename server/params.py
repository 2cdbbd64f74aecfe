"""Query parameters of the trace endpoints: every limit from `core.limits`, so OpenAPI shows it."""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from core import limits as L

Cell = Literal[L.CELL_NAMES]  # type: ignore[valid-type]
Activation = Literal[L.ACTIVATIONS]  # type: ignore[valid-type]
Optimizer = Literal[L.OPTIMIZERS]  # type: ignore[valid-type]
TokenMode = Literal[L.TOKEN_MODES]  # type: ignore[valid-type]

# A replacement character in a query string means bytes that were not UTF-8 (lone surrogates).
REPLACEMENT = "\ufffd"


def first_bad_char(text: str) -> str | None:
    """The first control character, surrogate or U+FFFD in `text`, if any."""
    for ch in text:
        if ch == REPLACEMENT or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
    return None


def _finite(default: float | None, description: str, **bounds: float) -> Any:
    """A float option: NaN, inf and values beyond `bounds` are refused with a 422."""
    return Field(default, allow_inf_nan=False, description=description, **bounds)


class TraceOptions(BaseModel):
    """Everything a trace depends on except the cell; the fields of docs/trace-format.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(
        min_length=L.MIN_TOKENS,
        max_length=L.MAX_TEXT_CHARS,
        description=(
            f"The sequence: {L.MIN_TOKENS}..{L.MAX_TOKENS} tokens and at most {L.MAX_VOCAB} "
            f"distinct ones after NFC, at most {L.MAX_TEXT_CHARS} code points, "
            "no control characters."
        ),
        examples=["hello"],
    )
    hidden: int = Field(16, ge=1, le=L.MAX_HIDDEN, description="Hidden size H.")
    seed: int = Field(0, ge=0, le=L.MAX_SEED, description="NumPy Generator seed.")
    layers: int = Field(1, ge=1, le=L.MAX_LAYERS, description="Stacked layers.")
    activation: Activation = Field("tanh", description="Vanilla RNN only.")
    embedding: int = Field(
        0, ge=0, le=L.MAX_EMBEDDING, description="0 = one-hot input, else embedding size E."
    )
    init_scale: float = _finite(
        1.0, "Multiplies PyTorch's default init range of every tensor.", gt=0, le=L.MAX_INIT_SCALE
    )
    w_hh_sigma: float | None = _finite(
        None,
        "Rescale each gate block of W_hh to this largest singular value.",
        gt=0,
        le=L.MAX_SIGMA,
    )
    forget_bias: float | None = _finite(
        None, "LSTM forget-gate bias.", ge=-L.MAX_GATE_BIAS, le=L.MAX_GATE_BIAS
    )
    update_bias: float | None = _finite(
        None, "GRU update-gate (z) bias.", ge=-L.MAX_GATE_BIAS, le=L.MAX_GATE_BIAS
    )
    clip: float | None = _finite(None, "Global-norm clipping threshold.", gt=0, le=L.MAX_CLIP)
    truncate: int | None = Field(
        None, ge=1, le=L.MAX_TOKENS, description="Truncated BPTT window k."
    )
    train_steps: int = Field(
        0, ge=0, le=L.MAX_TRAIN_STEPS, description="Optimisation steps before the trace."
    )
    optimizer: Optimizer = "adam"
    lr: float = _finite(0.05, "Learning rate.", gt=0, le=L.MAX_LR)
    tokens: TokenMode = Field("char", description="One token per code point, or per word.")

    @field_validator("text")
    @classmethod
    def _printable_nfc(cls, text: str) -> str:
        bad = first_bad_char(text)
        if bad is not None:
            raise PydanticCustomError(
                "control_character",
                "must not contain control characters or invalid UTF-8 (found U+{code})",
                {"code": f"{ord(bad):04X}"},
            )
        return unicodedata.normalize("NFC", text)

    def core_kwargs(self) -> dict:
        """Keyword arguments of `core.trace` other than the cell."""
        return self.model_dump(exclude={"cell", "cells"})


class TraceQuery(TraceOptions):
    """Query of `GET /api/v1/trace`."""

    cell: Cell = Field("lstm", description="Which recurrent cell.")


class CompareQuery(TraceOptions):
    """Query of `GET /api/v1/compare`: the same options for each listed cell."""

    cells: str = Field(
        ",".join(L.CELL_NAMES),
        max_length=64,
        description=f"Comma-separated distinct cells out of {', '.join(L.CELL_NAMES)}.",
    )

    @field_validator("cells")
    @classmethod
    def _known_distinct(cls, cells: str) -> str:
        names = cells.split(",")
        unknown = [n for n in names if n not in L.CELL_NAMES]
        if unknown:
            raise PydanticCustomError(
                "unknown_cell",
                "unknown cell {unknown}; choose from {allowed}",
                {"unknown": repr(unknown[0][:20]), "allowed": ", ".join(L.CELL_NAMES)},
            )
        if len(set(names)) != len(names):
            raise PydanticCustomError("duplicate_cell", "each cell at most once", {})
        return cells

    @property
    def cell_list(self) -> list[str]:
        return self.cells.split(",")
