"""Response of /api/v1/cells: what is static about each cell, and the limits of every option."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ParamFormula(BaseModel):
    """Parameter count of one layer; `in` is V (one-hot), E (embedding) or H above layer 0."""

    model_config = ConfigDict(extra="allow")

    pytorch: str
    keras: str


class CellInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    gates: list[str]  # PyTorch's row order
    gate_names: dict[str, str]
    state: list[str]  # ["h"] or ["h", "c"]
    rows_per_unit: int  # G: rows of W_ih per hidden unit
    equations: list[str]
    decay_factor: str
    param_count: ParamFormula


class CellsOut(BaseModel):
    cells: dict[str, CellInfo]
    limits: dict[str, int | float | list[str]]  # core/limits.py, names as there
