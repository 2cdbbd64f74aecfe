"""422 answers that name the parameter and the limit, and never echo (possibly NaN) input."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from rnnscope.core.option import Option
from rnnscope.core.options import OPTIONS, OptionError, for_endpoint, refused

from .engine import ClientGone

MAX_NAME = 64  # longer parameter names are cut in messages
# pydantic's ctx of a refused value that a client may phrase the limit with (never the input)
LIMIT_CTX = ("ge", "gt", "le", "lt", "min_length", "max_length", "expected")


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    # the numbers of the message, for a client to say it in its own words: a limit of a
    # declared option (ge, gt, le, min_length, max_length, expected), or core's `rule` and
    # its numbers (a cost refusal: rule cost, estimate, budget, max_train_steps, max_hidden)
    ctx: dict[str, float | int | str | None] | None = None


class ErrorBody(BaseModel):
    """Body of every 422: one item per broken parameter."""

    detail: list[ErrorItem]


def _item(error: dict[str, Any], allowed: list[str], endpoint: str) -> ErrorItem:
    loc = [str(p)[:MAX_NAME] if isinstance(p, str) else p for p in error.get("loc", ())]
    kind = str(error.get("type", "value_error"))
    name = next((p for p in reversed(loc) if isinstance(p, str) and p != "query"), "query")
    why = refused(endpoint, name)
    fields = _field_names(loc, endpoint) if loc[:1] == ["body"] else []
    if kind == "extra_forbidden" and why:  # refused on purpose: say why
        msg, kind = f"{name}: {why}", "refused"
    elif kind == "extra_forbidden" and fields:  # a JSON body's field (POST /api/v1/jobs)
        msg = f"{name}: unknown field; allowed: {', '.join(fields)}"
    elif kind == "extra_forbidden":
        msg = f"{name}: unknown query parameter; allowed: {', '.join(allowed)}"
    elif kind == "missing":
        msg = f"{name}: required"
    else:
        msg = f"{name}: {error.get('msg', 'invalid')}"
    item = ErrorItem(loc=loc, msg=msg, type=kind)
    ctx = error.get("ctx") or {}
    limits = {k: v for k, v in ctx.items() if k in LIMIT_CTX}
    if "rule" in ctx:  # core's rule and its numbers (a list's items, the corpus' one of two)
        item.ctx = {k: v for k, v in ctx.items() if v is None or isinstance(v, int | float | str)}
    elif limits:
        item.ctx = limits
    elif kind not in ("extra_forbidden", "missing", "refused"):
        _name_the_range(item, name, _declared(loc, endpoint))
    return item


def _field_names(loc: list[str | int], endpoint: str) -> list[str]:
    """A JSON body's fields at `loc`: its objects (`corpus`), then its declared options."""
    where = ".".join([endpoint, *[p for p in loc[1:-1] if isinstance(p, str)]])
    inner = {e[len(where) + 1 :].split(".")[0] for o in OPTIONS for e in o.endpoints
             if e.startswith(f"{where}.")}  # fmt: skip
    return [*sorted(inner), *(o.name for o in _declared(loc, endpoint))]


def _declared(loc: list[str | int], endpoint: str) -> tuple[Option, ...]:
    """The options declared where `loc` points: the endpoint's, or inside a JSON body's object
    those of `<endpoint>.<object>` (core/options.py: `jobs.corpus`)."""
    inner = [p for p in loc[1:-1] if isinstance(p, str)]
    return for_endpoint(".".join([endpoint, *inner]))


# A number that did not parse (or is not finite): pydantic's message names no limit, so the
# declaration's range is added, in words and in ctx (`rule` as below, `min`, `max`).
RANGE_RULES = {"int": {"rule": "integer"}, "float": {"rule": "number"}}
OPEN_RULE = {"rule": "number_above"}  # a float with gt: above min, up to max


def _name_the_range(item: ErrorItem, name: str, options: tuple[Option, ...]) -> None:
    option: Option | None = next((o for o in options if o.name == name), None)
    if option is None or option.type not in RANGE_RULES:
        return
    lo = option.gt if option.gt is not None else option.ge
    if lo is None or option.le is None:
        return
    word = "an integer" if option.type == "int" else "a finite number"
    item.msg += f"; {name} must be {word} {option.bounds()}"
    rule = OPEN_RULE if option.gt is not None else RANGE_RULES[option.type]
    item.ctx = {**rule, "min": lo, "max": option.le}


def _allowed_params(request: Request) -> list[str]:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return []
    names: list[str] = []
    for param in dependant.query_params:
        annotation = param.field_info.annotation
        fields = getattr(annotation, "model_fields", None)
        names.extend(fields if fields else [param.alias])
    return names


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    allowed = _allowed_params(request)
    endpoint = request.url.path.rstrip("/").rsplit("/", 1)[-1]  # /api/v1/<endpoint>
    items = [_item(e, allowed, endpoint) for e in exc.errors()]
    return JSONResponse(ErrorBody(detail=items).model_dump(exclude_unset=True), status_code=422)


async def _on_option_error(request: Request, exc: OptionError) -> JSONResponse:
    """Limits only visible after tokenizing (token count, vocabulary, cost), from core."""
    item = ErrorItem(loc=["query", exc.field], msg=str(exc), type=exc.kind)
    if exc.ctx is not None:
        item.ctx = exc.ctx
    return JSONResponse(ErrorBody(detail=[item]).model_dump(exclude_unset=True), status_code=422)


# FastAPI's answer to a body it cannot decode (not UTF-8, for one): a bare 400 that names
# nothing; it becomes a 422 naming `body`, like every other refusal.
BODY_NOT_PARSED = "There was an error parsing the body"


async def _on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 400 and exc.detail == BODY_NOT_PARSED:
        item = ErrorItem(loc=["body"], msg="body: not valid JSON text (UTF-8)", type="json_invalid")
        return JSONResponse(ErrorBody(detail=[item]).model_dump(), status_code=422)
    return await http_exception_handler(request, exc)


async def _on_client_gone(request: Request, exc: ClientGone) -> Response:
    """Nobody reads this: the connection is closed. 499 as nginx logs a closed request."""
    return Response(status_code=499)


def install(app: FastAPI) -> None:
    """Replace FastAPI's 422 handler (it echoes input and can fail on NaN) with ours."""
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(OptionError, _on_option_error)  # type: ignore[arg-type]
    app.add_exception_handler(ClientGone, _on_client_gone)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_error)  # type: ignore[arg-type]


def refuse(
    status: int,
    loc: list[str],
    msg: str,
    kind: str,
    headers: dict[str, str] | None = None,
    ctx: dict[str, Any] | None = None,
) -> HTTPException:
    """An HTTPException whose body has the 422 shape ({detail: [{loc, msg, type}]}) whatever
    its status (401, 403, 404, 413), so the page reads every refusal the same way; `ctx`, the
    limit's `rule` and numbers, lets a page say it in its own language (static/js/refusals.js)."""
    item: dict[str, Any] = {"loc": loc, "msg": msg, "type": kind}
    if ctx is not None:
        item["ctx"] = ctx
    return HTTPException(status, [item], headers=headers)
