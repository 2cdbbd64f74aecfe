"""Response of /api/v1/cost: a request's estimated cost against the budget, and what fits."""

from __future__ import annotations

from pydantic import BaseModel

from .trace import CompareRequest


class CellCost(BaseModel):
    """One cell's trace alone: what GET /api/v1/trace with this cell would cost."""

    estimate: float
    max_train_steps: int | None
    max_hidden: int | None


class ModelCost(BaseModel):
    """A stored model's trace on the text (`model=<id>`): what GET /api/v1/trace with that
    model would cost; its hidden size is the model's."""

    id: str
    cell: str  # the model's cell
    tokens: int  # tokens of `text` in the model's vocabulary
    vocab: int  # the model's vocabulary
    estimate: float
    fits: bool
    max_train_steps: int | None  # the most fine-tuning that fits
    max_hidden: None  # the model's own: not the request's to change


class CostOut(BaseModel):
    """What GET /api/v1/compare with these options, and each cell's GET /api/v1/trace, would
    cost, before any work; the page offers only the choices that fit."""

    request: CompareRequest  # the normalized options and the cells
    tokens: int  # tokens of `text`
    vocab: int  # distinct tokens
    estimate: float  # estimated seconds of work (core.estimate_cost, summed over the cells)
    budget: float  # COST_BUDGET: a request estimated above it is refused (422 on `cost`)
    fits: bool  # estimate <= budget
    max_train_steps: int | None  # the most training that fits, other options as given
    max_hidden: int | None  # the largest hidden size that fits, other options as given
    per_cell: dict[str, CellCost]  # each listed cell's trace alone (GET /api/v1/trace)
    model: ModelCost | None = None  # with `model=<id>`: that stored model's trace
