"""Requests and answers of /api/v1/jobs: training a language model on a corpus.

The request's fields are the options core/options.py declares for the endpoint `jobs` (and
`jobs.corpus` for its `corpus` object), made pydantic fields by server/params.py `field` as the
query models are: their types, defaults, limits and meanings are written there, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from rnnscope.core.options import for_endpoint

from ..params import blank_is_null, field


class CorpusBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    if TYPE_CHECKING:  # the fields come from core.options (jobs.corpus): text, builtin
        text: str | None
        builtin: str | None

    @model_validator(mode="after")
    def _one(self) -> CorpusBase:
        if (self.text is None) == (self.builtin is None):
            # pydantic's value_error as before, with a rule: the page says it in its language
            message = "Value error, give exactly one of text and builtin"
            raise PydanticCustomError("value_error", message, {"rule": "corpus_one"})
        return self


class JobBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    if TYPE_CHECKING:  # the fields come from core.options (jobs)
        corpus: CorpusBase

        def __getattr__(self, name: str) -> Any: ...

    @model_validator(mode="before")
    @classmethod
    def _blank_is_null(cls, data: Any) -> Any:
        return blank_is_null(cls, data)  # `init: ""`, `val_every: ""`: unset, as a query's


def _model(name: str, base: type[BaseModel], doc: str, endpoint: str, **more: Any) -> Any:
    fields: dict[str, Any] = {o.name: field(o) for o in for_endpoint(endpoint)}
    model = create_model(name, __base__=base, __doc__=doc, **more, **fields)
    model.__module__ = __name__
    return model


if TYPE_CHECKING:
    CorpusIn: TypeAlias = CorpusBase
    JobIn: TypeAlias = JobBase
else:
    CorpusIn = _model(
        "CorpusIn",
        CorpusBase,
        "Exactly one of `text` (pasted or uploaded) and `builtin` (a standard-library module).",
        "jobs.corpus",
    )
    JobIn = _model(
        "JobIn",
        JobBase,
        "A training run: a character language model on the corpus.",
        "jobs",
        corpus=(CorpusIn, Field(description="The text to train on: `text` or `builtin`.")),
    )


Status = Literal["queued", "running", "done", "failed", "cancelled"]


class JobOut(BaseModel):
    """A job's state; `model_id` is the stored model once it is done, `kept_step` the step
    whose weights it holds (the last, or with `keep: best` the lowest validation loss's)."""

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
    kept_step: int | None = None
    config: dict[str, Any] = Field(description="The request, the corpus as its size and name.")
