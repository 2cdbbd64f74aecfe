"""Responses of /api/v1/models: stored models (server/store.py) as the API lists them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rnnscope.core import limits as L


class StoredModel(BaseModel):
    """A stored model: everything but its weights (GET .../weights.safetensors has those)."""

    id: str = Field(description="16 hex digits of the SHA-256 of the model's safetensors file.")
    name: str
    cell: Literal[L.CELL_NAMES]  # type: ignore[valid-type]
    layers: int
    hidden: int
    embedding: int = Field(description="0: one-hot input.")
    activation: Literal[L.ACTIVATIONS]  # type: ignore[valid-type]
    residual: bool = Field(
        False,
        description="Skip connections: from the second layer up, a layer's output is its h "
        "plus its input (a trace's `residual`; a file's safetensors metadata, else false).",
    )
    vocab: list[str] = Field(description="Token of each row of the embedding and readout.")
    tokens: Literal[L.TOKEN_MODES]  # type: ignore[valid-type]
    format: str = Field(description="The uploaded file's format, or rnnscope (a trace).")
    mapped: dict[str, str | None] = Field(
        description="Our tensor name -> the file's (null: not in the file, zeros)."
    )
    bytes: int = Field(description="Size of the stored safetensors file.")
    created: float = Field(description="Unix time of the upload.")


class StoreUsage(BaseModel):
    """What the store holds and allows, and whether this client may write."""

    models: int
    max_models: int
    bytes: int
    max_bytes: int
    max_file_bytes: int
    writable: bool = Field(description="May this request's client upload and delete?")
    token_required: bool = Field(description="Writes need Authorization: Bearer <token>.")


class StoredModels(BaseModel):
    models: list[StoredModel]
    store: StoreUsage
