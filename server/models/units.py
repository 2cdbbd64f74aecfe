"""Response of GET /api/v1/models/{id}/units: what a stored model's units do on a text."""

from __future__ import annotations

from pydantic import BaseModel, Field


class UnitScore(BaseModel):
    """One unit as a detector of the pattern's tokens."""

    layer: int = Field(description="0-based layer.")
    kind: str = Field(description="h, c (LSTM) or a gate: i, f, g, o (LSTM); r, z, n (GRU).")
    unit: int = Field(description="0-based index in the layer.")
    auc: float = Field(description="max(AUC, 1 - AUC): 0.5 is chance, 1 a perfect detector.")
    sign: int = Field(description="+1: higher on the marked tokens; -1: lower.")


class UnitRef(BaseModel):
    layer: int
    kind: str
    unit: int


class UnitsOut(BaseModel):
    """The text as tokens, the marked tokens, the ranking and one unit's activation."""

    model: str = Field(description="The stored model's id.")
    tokens: list[str] = Field(description="The text in the model's tokens.")
    marked: list[bool] | None = Field(description="Per token: inside the pattern (null: none).")
    units: list[UnitScore] | None = Field(description="Best detectors of the pattern, best first.")
    baseline: list[UnitScore] | None = Field(
        description="The same ranking for the same architecture untrained (seed 0)."
    )
    unit: UnitRef = Field(description="The unit whose activation `values` holds.")
    values: list[float] = Field(description="Its activation after reading each token.")
