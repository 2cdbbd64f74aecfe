"""Query parameters of the API: every limit from `core.limits`, so OpenAPI shows it."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
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


def printable_nfc(text: str) -> str:
    """`text` in NFC; a PydanticCustomError (422) when it holds a control character."""
    bad = first_bad_char(text)
    if bad is not None:
        raise PydanticCustomError(
            "control_character",
            "must not contain control characters or invalid UTF-8 (found U+{code})",
            {"code": f"{ord(bad):04X}"},
        )
    return unicodedata.normalize("NFC", text)


def _finite(description: str, **bounds: float) -> Any:
    """A float option: NaN, inf and values beyond `bounds` are refused with a 422."""
    return Field(allow_inf_nan=False, description=description, **bounds)


# Options that several queries share, with their limits; each query sets its own default.
Seed = Annotated[int, Field(ge=0, le=L.MAX_SEED, description="NumPy Generator seed.")]
LearningRate = Annotated[float, _finite("Learning rate.", gt=0, le=L.MAX_LR)]
Clip = Annotated[float | None, _finite("Global-norm clipping threshold.", gt=0, le=L.MAX_CLIP)]
GateBias = dict(ge=-L.MAX_GATE_BIAS, le=L.MAX_GATE_BIAS)
ForgetBias = Annotated[float | None, _finite("LSTM forget-gate bias.", **GateBias)]
UpdateBias = Annotated[float | None, _finite("GRU update-gate (z) bias.", **GateBias)]


class Query(BaseModel):
    """A query string: no unknown parameters; `clip=` (empty) means null, as leaving it out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_null(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        nullable = {n for n, f in cls.model_fields.items() if type(None) in get_args(f.annotation)}
        return {k: None if v == "" and k in nullable else v for k, v in data.items()}


class TraceOptions(Query):
    """Everything a trace depends on except the cell; the fields of docs/trace-format.md."""

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
    seed: Seed = 0
    layers: int = Field(1, ge=1, le=L.MAX_LAYERS, description="Stacked layers.")
    activation: Activation = Field("tanh", description="Vanilla RNN only.")
    embedding: int = Field(
        0, ge=0, le=L.MAX_EMBEDDING, description="0 = one-hot input, else embedding size E."
    )
    init_scale: Annotated[
        float,
        _finite("Multiplies PyTorch's default init range of every tensor.",
                gt=0, le=L.MAX_INIT_SCALE),
    ] = 1.0  # fmt: skip
    w_hh_sigma: Annotated[
        float | None,
        _finite("Rescale each gate block of W_hh to this largest singular value.",
                gt=0, le=L.MAX_SIGMA),
    ] = None  # fmt: skip
    forget_bias: ForgetBias = None
    update_bias: UpdateBias = None
    clip: Clip = None
    truncate: int | None = Field(
        None, ge=1, le=L.MAX_TOKENS, description="Truncated BPTT window k."
    )
    train_steps: int = Field(
        0, ge=0, le=L.MAX_TRAIN_STEPS, description="Optimisation steps before the trace."
    )
    optimizer: Optimizer = "adam"
    lr: LearningRate = 0.05
    tokens: TokenMode = Field("char", description="One token per code point, or per word.")

    @field_validator("text")
    @classmethod
    def _printable_nfc(cls, text: str) -> str:
        return printable_nfc(text)

    def core_kwargs(self) -> dict:
        """Keyword arguments of `core.trace` other than the cell."""
        return self.model_dump(include=set(TraceOptions.model_fields))


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


class SampleQuery(TraceQuery):
    """Query of `GET /api/v1/sample`: train as for a trace, then generate from `start`."""

    start: str = Field(
        min_length=1,
        max_length=L.MAX_TEXT_CHARS,
        description="The first input: one of the tokens of `text` (after NFC).",
        examples=["h"],
    )
    length: int = Field(40, ge=1, le=L.MAX_SAMPLE_LENGTH, description="Tokens to generate.")
    temperature: Annotated[
        float,
        _finite("Divides the logits: below 1 sharpens, above 1 flattens.",
                ge=L.MIN_TEMPERATURE, le=L.MAX_TEMPERATURE),
    ] = 1.0  # fmt: skip
    sample_seed: Seed = 0

    @field_validator("start")
    @classmethod
    def _start_printable_nfc(cls, start: str) -> str:
        return printable_nfc(start)


class RecallQuery(Query):
    """Query of `GET /api/v1/recall`: the keyword arguments of `core.recall.train_recall`."""

    cell: Cell = Field("gru", description="Which recurrent cell.")
    hidden: int = Field(32, ge=1, le=L.MAX_RECALL_HIDDEN, description="Hidden size H.")
    n_distract: int = Field(
        40, ge=1, le=L.MAX_RECALL_DISTRACT, description="N distractors between symbol and query."
    )
    n_symbols: int = Field(
        4, ge=L.MIN_RECALL_SYMBOLS, le=L.MAX_RECALL_SYMBOLS, description="K symbols to recall."
    )
    steps: int = Field(
        300, ge=0, le=L.MAX_RECALL_STEPS, description="Training steps.", examples=[100]
    )
    batch: int = Field(32, ge=1, le=L.MAX_RECALL_BATCH, description="Sequences per step.")
    lr: LearningRate = 0.01
    seed: Seed = 0
    optimizer: Optimizer = "adam"
    clip: Clip = 1.0
    forget_bias: ForgetBias = None
    update_bias: UpdateBias = None
