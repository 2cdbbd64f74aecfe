"""Requests and answers of /api/v1/jobs: training a language model on a corpus."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rnnscope.core import limits as L


class CorpusIn(BaseModel):
    """Exactly one of `text` (pasted or uploaded) and `builtin` (a standard-library module)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=L.MAX_CORPUS_CHARS)
    builtin: str | None = Field(None, max_length=64, examples=["argparse"])

    @model_validator(mode="after")
    def _one(self) -> CorpusIn:
        if (self.text is None) == (self.builtin is None):
            raise ValueError("give exactly one of text and builtin")
        return self


class JobIn(BaseModel):
    """A training run: a character language model on the corpus."""

    model_config = ConfigDict(extra="forbid")

    corpus: CorpusIn
    cell: Literal[L.CELL_NAMES] = "lstm"  # type: ignore[valid-type]
    hidden: int = Field(128, ge=1, le=L.MAX_JOB_HIDDEN, description="Hidden size H.")
    layers: int = Field(1, ge=1, le=L.MAX_LAYERS)
    embedding: int = Field(0, ge=0, le=L.MAX_JOB_EMBEDDING, description="0 = one-hot input.")
    seq_len: int = Field(64, ge=2, le=L.MAX_SEQ_LEN, description="Characters per BPTT window.")
    batch: int = Field(32, ge=1, le=L.MAX_JOB_BATCH, description="Streams read side by side.")
    steps: int = Field(2000, ge=1, le=L.MAX_JOB_STEPS, description="Optimiser steps (Adam).")
    lr: float = Field(0.003, gt=0, le=1, allow_inf_nan=False)
    lr_decay: float = Field(
        1.0,
        gt=0,
        le=1,
        allow_inf_nan=False,
        description="lr is multiplied by it at the end of each epoch from `decay_after` on "
        "(char-rnn: 0.97); 1 = constant.",
    )
    decay_after: int = Field(10, ge=0, le=L.MAX_JOB_STEPS, description="Epochs before the decay.")
    dropout: float = Field(
        0.0,
        ge=0,
        le=0.9,
        allow_inf_nan=False,
        description="On each layer's output on its way up (next layer, readout), not on the "
        "recurrence; 0 = none.",
    )
    seed: int = Field(0, ge=0, le=L.MAX_SEED)
    val_fraction: float = Field(0.1, ge=0, le=0.5, allow_inf_nan=False)
    name: str = Field("", max_length=80, description="Name of the stored model.")


Status = Literal["queued", "running", "done", "failed", "cancelled"]


class JobOut(BaseModel):
    """A job's state; `model_id` is the stored model once it is done."""

    id: str
    status: Status
    step: int
    steps: int
    train_loss: float | None
    val_loss: float | None
    model_id: str | None
    error: str | None
    created: float
    started: float | None
    finished: float | None
    config: dict[str, Any] = Field(description="The request, the corpus as its size and name.")
