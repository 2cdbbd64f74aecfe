"""The trace as pydantic models: docs/trace-format.md, field for field (OpenAPI documents it).

Floats are `float | None`: a value that overflowed is null and `nonfinite` says where.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Num = float | None
Vec = list[Num]  # (T,)
Mat = list[list[Num]]  # (T, H) or (T, V)


class Open(BaseModel):
    # The contract lets core add fields; none are renamed.
    model_config = ConfigDict(extra="allow")


class SharedOptions(Open):
    text: str
    hidden: int
    seed: int
    layers: int
    activation: str
    embedding: int
    init_scale: float
    w_hh_sigma: float | None
    forget_bias: float | None
    update_bias: float | None
    clip: float | None
    truncate: int | None
    train_steps: int
    optimizer: str
    lr: float
    tokens: str
    residual: bool
    init: str
    spectral_radius: float | None
    truncate_mode: str
    train: str
    ridge: float
    digits: int | None = Field(None, description="Significant digits of the answer's floats.")


class TraceRequest(SharedOptions):
    """The normalized options: re-running them reproduces the trace."""

    cell: str
    model: str | None = Field(None, description="The stored model traced, if any.")


class GateFactor(Open):
    """LSTM: mean/max of f_t over units; GRU: of z_t."""

    name: Literal["forget_gate", "update_gate"]
    mean: Vec
    max: Vec


class JacobianFactor(Open):
    """RNN: max = ||diag(act'_t) W_hh||_2 (null when H > JACOBIAN_MAX_HIDDEN), mean = RMS
    singular value; the lecture's bound (gamma sigma_max)^(T-1-t) dLlast_dh[T-1], top layer."""

    name: Literal["jacobian_step"]
    mean: Vec
    max: Vec | None
    gamma: float  # max of act'
    sigma_max: Num  # ||W_hh||_2
    bound: Vec | None = None  # top layer only


Factor = Annotated[JacobianFactor | GateFactor, Field(discriminator="name")]


class LayerGrad(Open):
    dL_dh: Vec
    dLlast_dh: Vec
    dL_dc: Vec | None
    dLlast_dc: Vec | None
    dL_dh_vec: Mat
    dL_dc_vec: Mat | None
    dL_dh0: Num
    dW_ih_t: Vec  # ||step t's share of dL/dW_ih|| = ||d_ih_t|| ||x_t||
    dW_hh_t: Vec  # ||step t's share of dL/dW_hh|| = ||d_hh_t|| ||h_{t-1}||
    gates: dict[str, Mat]  # dL/d(pre-activation) per gate: {a} | {i,f,g,o} | {r,z,n}
    jacobian: Vec | None
    factor: Factor
    truncated_at: int | None


class WhhSpectrum(Open):
    """Per gate block of W_hh (PyTorch's order; one block for the RNN), largest first."""

    singular: Mat  # (G, H) singular values
    eig_abs: Mat  # (G, H) eigenvalue magnitudes


class Layer(Open):
    input: Mat
    h: Mat
    c: Mat | None
    gates: dict[str, Mat]  # {} | {i,f,g,o} | {r,z,n}
    pre: dict[str, Mat]  # {a} | {i,f,g,o} | {r,z,n,hn}
    grad: LayerGrad
    w_hh_spectrum: WhhSpectrum | None  # null when H > JACOBIAN_MAX_HIDDEN or W_hh not finite


class ParamGradNorms(Open):
    before: dict[str, Num]
    after: dict[str, Num]
    global_before: Num
    global_after: Num
    clipped: bool


class ParamCount(Open):
    pytorch: int
    keras: int
    pytorch_recurrent: int
    keras_recurrent: int
    embedding: int
    dense: int


class NonFinite(Open):
    forward: list[int]
    backward: list[int]
    fields: list[str]


class Snapshot(Open):
    step: int
    dLlast_dh: Mat  # (L, T)


class TrainLog(Open):
    optimizer: str
    lr: float
    steps: int
    loss: Vec  # (steps + 1,)
    snapshots: list[Snapshot]
    backward_steps: int  # cell steps that training's BPTT walked (0: readout alone, ridge)
    ridge: float | None = None  # optimizer ridge: its strength


# Weights are nested lists of any depth: (rows, cols) matrices and (n,) vectors.
Tensor = list[Num] | list[list[Num]]


class BackwardSteps(Open):
    """Cell steps (layers x time steps) that the backward passes walked: truncation's cost."""

    total: int  # BPTT of the whole loss
    last: int  # BPTT of the last step's loss
    train: int  # every training step's BPTT together


COST = (
    "What GET /api/v1/cost answers for the same options (every cell, the stored `model` if "
    "any, `train_steps` left out): the page reads what fits here instead of asking. Not in a "
    "comparison of stored `models`."
)
FITTED = (
    "Present (true) when `fit=true` made the server train less than asked: `request.train_steps` "
    "is what it trained, the most that fits."
)


class TraceOut(Open):
    """One trace: `core.trace(...).to_dict()`."""

    request: TraceRequest
    vocab: list[str]
    tokens: list[str]
    inputs: list[int]
    targets: list[int]
    x: Mat
    embedded: Mat | None
    layers: list[Layer]
    logits: Mat
    probs: Mat
    predicted: list[str]
    loss: Vec
    total_loss: Num
    param_grad_norms: ParamGradNorms
    param_count: ParamCount
    weights: dict[str, Tensor]
    nonfinite: NonFinite
    train: TrainLog | None
    backward_steps: BackwardSteps
    cost: CostOut | None = Field(None, description=COST)
    fitted: bool | None = Field(None, description=FITTED)


class CompareRequest(SharedOptions):
    """The shared options plus the list of cells (or of stored models, `traces` keyed by id;
    then each trace's own `request` has its model's cell and sizes)."""

    cells: list[str]
    models: list[str] | None = None


class CompareOut(BaseModel):
    """The same options and seed for each cell."""

    request: CompareRequest
    traces: dict[str, TraceOut]
    cost: CostOut | None = Field(None, description=COST)
    fitted: bool | None = Field(None, description=FITTED)


from .cost import CostOut  # noqa: E402  (cost.py reads CompareRequest above)

TraceOut.model_rebuild()
CompareOut.model_rebuild()
