"""Query parameters of the API: one pydantic model per endpoint, generated from the options
declared in core/options.py, so that OpenAPI shows each one's type, default, limits and meaning.

A query model is the endpoint's declarations as fields, in declaration order. Validation
happens here, once per request; the server then hands core the checked values (`Options`)
without checking them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from rnnscope.core.option import Option, OptionError
from rnnscope.core.options import Options, for_endpoint

__all__ = ["ClassifyQuery", "CompareQuery", "CostQuery", "OptionsQuery", "RecallQuery",
           "SampleQuery", "Seq2SeqQuery", "TraceQuery", "UnitsQuery", "query_model"]  # fmt: skip


def core_check(option: Option) -> AfterValidator:
    """core's own check of `option` (Option.check) after pydantic's: control characters and
    NFC for printable strings, the items of a list. Its OptionError becomes a 422 item."""

    def check(value: Any) -> Any:
        try:
            return option.check(value)
        except OptionError as exc:
            raise PydanticCustomError(exc.kind, exc.message.replace("{", "{{"), exc.ctx) from None

    return AfterValidator(check)


def field(option: Option) -> tuple[Any, Any]:
    """(annotation, FieldInfo) of `option` for pydantic.create_model."""
    kind: Any = {"int": int, "float": float, "bool": bool}.get(option.type, str)
    if option.values is not None and option.type == "str":
        kind = Literal[option.values]
    annotation: Any = kind
    if option.printable or option.type == "list":
        annotation = Annotated[kind, core_check(option)]
    if option.nullable:
        annotation = annotation | None
    bounds: dict[str, Any] = {"ge": option.ge, "gt": option.gt, "le": option.le,
                              "min_length": option.min_length,
                              "max_length": option.max_length}  # fmt: skip
    if option.type == "float":
        bounds["allow_inf_nan"] = False
    info: Any = Field(
        ... if option.required else option.default,
        description=option.meaning,
        examples=None if option.example is None else [option.example],
        **{k: v for k, v in bounds.items() if v is not None},
    )
    return annotation, info


def blank_is_null(model: type[BaseModel], data: Any) -> Any:
    """`data` with "" as None for each nullable field of `model` (a query string's `clip=`, an
    empty box of a form): the same as leaving it out."""
    if not isinstance(data, dict):
        return data
    nullable = {n for n, f in model.model_fields.items() if type(None) in get_args(f.annotation)}
    return {k: None if v == "" and k in nullable else v for k, v in data.items()}


class OptionsQuery(BaseModel):
    """A query string: no unknown parameters; `clip=` (empty) means null, as leaving it out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    if TYPE_CHECKING:  # the fields come from core.options: each one is there at run time

        def __getattr__(self, name: str) -> Any: ...

    @model_validator(mode="before")
    @classmethod
    def _blank_is_null(cls, data: Any) -> Any:
        return blank_is_null(cls, data)

    def trace_options(self, cell: str | None = None) -> Options:
        """The checked options of one trace (core.trace.run takes them as they are)."""
        values = self.model_dump(include=set(Options.__dataclass_fields__))
        return Options(**{**values, **({"cell": cell} if cell is not None else {})})

    def core_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of `core.trace` other than the cell."""
        return {k: v for k, v in self.trace_options("lstm").as_dict().items() if k != "cell"}

    @property
    def cell_list(self) -> list[str]:
        """compare's `cells` as a list."""
        return str(self.cells).split(",")


def query_model(endpoint: str, name: str, doc: str) -> type[OptionsQuery]:
    """The query model of `endpoint`: one field per option it takes (core.options)."""
    options = for_endpoint(endpoint)
    if not options:
        raise OptionError(endpoint, "no option declares this endpoint")
    fields: dict[str, Any] = {o.name: field(o) for o in options}
    model = create_model(name, __base__=OptionsQuery, __doc__=doc, **fields)
    model.__module__ = __name__
    return model


if TYPE_CHECKING:  # for mypy: each model is an OptionsQuery with its endpoint's fields
    TraceQuery: TypeAlias = OptionsQuery
    CompareQuery: TypeAlias = OptionsQuery
    SampleQuery: TypeAlias = OptionsQuery
    RecallQuery: TypeAlias = OptionsQuery
    UnitsQuery: TypeAlias = OptionsQuery
    CostQuery: TypeAlias = OptionsQuery
    ClassifyQuery: TypeAlias = OptionsQuery
    Seq2SeqQuery: TypeAlias = OptionsQuery
else:
    TraceQuery = query_model("trace", "TraceQuery", "Query of `GET /api/v1/trace`.")
    CompareQuery = query_model(
        "compare", "CompareQuery", "Query of `GET /api/v1/compare`: the same options per cell."
    )
    SampleQuery = query_model(
        "sample", "SampleQuery",
        "Query of `GET /api/v1/sample`: train as for a trace, then generate from `start`.",
    )  # fmt: skip
    CostQuery = query_model(
        "cost", "CostQuery", "Query of `GET /api/v1/cost`: a comparison's options, not run."
    )
    RecallQuery = query_model(
        "recall", "RecallQuery",
        "Query of `GET /api/v1/recall`: the keyword arguments of `core.recall.train_recall`.",
    )  # fmt: skip
    UnitsQuery = query_model(
        "units", "UnitsQuery",
        "Query of `GET /api/v1/models/{id}/units`: a text, a pattern, a unit.",
    )  # fmt: skip
    ClassifyQuery = query_model(
        "classify", "ClassifyQuery",
        "Query of `GET /api/v1/classify`: a classifier trained on `examples`, then traced.",
    )  # fmt: skip
    Seq2SeqQuery = query_model(
        "seq2seq", "Seq2SeqQuery",
        "Query of `GET /api/v1/seq2seq`: an encoder-decoder trained on `pairs`, then traced.",
    )  # fmt: skip
