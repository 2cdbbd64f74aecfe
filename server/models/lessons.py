"""Responses of the lesson endpoints: /api/v1/recall, /api/v1/sample, /api/v1/activations."""

from __future__ import annotations

from pydantic import BaseModel

from .trace import Mat, Num, Open, TraceRequest, Vec


class RecallRequest(Open):
    """The normalized query: re-running it reproduces the run."""

    cell: str
    hidden: int
    n_distract: int
    n_symbols: int
    steps: int
    batch: int
    lr: float
    seed: int
    optimizer: str
    clip: float | None
    forget_bias: float | None
    update_bias: float | None


class RecallScore(Open):
    """An evaluation on the fixed evaluation batch."""

    accuracy: Num  # of the answer at the last step
    loss: Num  # cross-entropy of that answer
    grad_ratio: Num  # geometric mean over sequences of ||dL/dh_1|| / ||dL/dh_T||


class RecallPoint(RecallScore):
    """A point of the training curve."""

    step: int


class RecallEval(RecallScore):
    """The full evaluation before and after training."""

    grad_norms: Vec  # (T,) ||dL/dh_t||, geometric mean over sequences


class RecallOut(Open):
    """`core.recall.train_recall(...)`: many-to-one, remember the first of T tokens."""

    request: RecallRequest
    cell: str
    vocab: list[str]  # K symbols, distractors, the query token "?"
    T: int  # n_distract + 2 steps
    chance: float  # 1 / n_symbols
    curve: list[RecallPoint]
    start: RecallEval
    end: RecallEval


class SampleRequest(TraceRequest):
    """The trace options of the trained model, and how it was sampled."""

    start: str
    length: int
    temperature: float
    sample_seed: int


class SampleOut(Open):
    """One-to-many: `length` tokens generated after `start`, each fed back as the next input."""

    request: SampleRequest
    vocab: list[str]
    tokens: list[str]  # (length + 1,), start first
    probs: Mat  # (length, V): the distribution each token was drawn from


class Curve(BaseModel):
    value: list[float]  # (N,)
    derivative: list[float]  # (N,)
    max_derivative: float  # sigmoid 0.25, tanh 1, relu 1


class ActivationsOut(BaseModel):
    """act(x) and act'(x) on a grid (core.activations): why gradients vanish."""

    x: list[float]  # (N,) from -6 to 6
    functions: dict[str, Curve]  # tanh, sigmoid, relu
