"""Responses of /api/v1/classify and /api/v1/seq2seq: docs/tasks-format.md, field for field.

Arrays are batch first (B examples or pairs, T steps, H units). Floats are `float | None`: a
value that overflowed is null and `nonfinite.fields` says where.
"""

from __future__ import annotations

from pydantic import BaseModel

from .trace import Mat, Num, Open, ParamCount, Tensor, Vec

Cube = list[Mat]  # (B, T, H)


class TaskRequest(Open):
    """The normalized options shared by both: re-running them reproduces the answer."""

    cell: str
    hidden: int
    seed: int
    layers: int
    activation: str
    embedding: int
    init_scale: float
    clip: float | None
    optimizer: str
    lr: float
    train_steps: int
    tokens: str
    bidirectional: bool


class ClassifyRequest(TaskRequest):
    examples: list[list[str]]  # [text, label] pairs, parsed from the query's JSON, NFC
    max_len: int | None
    pad: str
    mask: bool


class Seq2SeqRequest(TaskRequest):
    pairs: list[list[str]]  # [source, target]


class StepGrad(Open):
    dL_dh: Mat  # (B, T) ||dL/dh_t|| reaching the cell at step t; 0 on a masked pad
    dL_dc: Mat | None  # LSTM
    dL_dh_vec: Cube
    dL_dh0: Vec  # (B,)


class Direction(Open):
    """One direction of one layer in time order: h (B, T, H) is the state after each step."""

    h: Cube
    c: Cube | None
    gates: dict[str, Cube]
    grad: StepGrad


class TaskLayer(Direction):
    """The forward direction; `reverse` the backward one when bidirectional."""

    reverse: Direction | None = None


class TaskSnapshot(Open):
    step: int
    accuracy: Num


class TaskTrain(Open):
    optimizer: str
    lr: float
    steps: int
    loss: Vec  # (steps + 1,) mean loss before each step and after the last
    snapshots: list[TaskSnapshot]


class NonFiniteFields(Open):
    fields: list[str]


class ClassifyOut(Open):
    """`core.classify.classify(...).to_dict()`: many-to-one over a padded batch."""

    request: ClassifyRequest
    vocab: list[str]  # vocab[0] = "<pad>"
    labels: list[str]  # sorted
    tokens: list[list[int]]  # (B, T) ids after padding and cutting
    lengths: list[int]
    mask: list[list[bool]]
    targets: list[int]
    weights: dict[str, Tensor]
    final_state: Mat  # (B, dirs*H)
    logits: Mat  # (B, C)
    probs: Mat
    predicted: list[str]
    loss: Num
    losses: Vec
    accuracy: Num
    grad_input: Mat  # (B, T) ||dL/dx_t||
    train: TaskTrain | None
    param_count: ParamCount
    layers: list[TaskLayer]
    nonfinite: NonFiniteFields


class Context(Open):
    h: Mat  # (B, dirs*H): the encoder's final state of this layer, the decoder's h_0
    c: Mat | None
    dL_dh: Vec  # (B,) ||dL/d(context)||


class Encoder(Open):
    layers: list[TaskLayer]


class Decoder(Open):
    layers: list[TaskLayer]
    logits: list[Mat]  # (B, T, V)
    probs: list[Mat]
    losses: Mat  # (B, T), 0 on pads
    predicted: list[list[str]]


class Generated(Open):
    tokens: list[list[str]]  # greedy decoding, until <eos>
    probs: list[Vec]  # p of each chosen token


class Seq2SeqOut(Open):
    """`core.seq2seq.seq2seq(...).to_dict()`: an encoder, its context, a decoder."""

    request: Seq2SeqRequest
    source_vocab: list[str]
    target_vocab: list[str]
    source_tokens: list[list[int]]
    source_lengths: list[int]
    target_inputs: list[list[int]]
    target_outputs: list[list[int]]
    target_lengths: list[int]
    weights: dict[str, Tensor]
    encoder: Encoder
    context: list[Context]
    decoder: Decoder
    loss: Num
    accuracy: Num
    generated: Generated
    train: TaskTrain | None
    param_count: ParamCount
    nonfinite: NonFiniteFields


__all__ = ["BaseModel", "ClassifyOut", "Seq2SeqOut"]
