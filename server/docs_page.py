"""/docs without JavaScript: the OpenAPI schema turned into rows for server/templates/docs.html."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .payload import Payload
from .templating import make_templates

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML = "text/html; charset=utf-8"
REF = "#/components/schemas/"
Schema = dict[str, Any]  # a piece of /openapi.json: a schema, a parameter, a response

# JSON-schema keyword -> how the page states that limit
BOUNDS = {
    "minimum": "≥ {}",
    "exclusiveMinimum": "> {}",
    "maximum": "≤ {}",
    "exclusiveMaximum": "< {}",
    "minLength": "length ≥ {}",
    "maxLength": "length ≤ {}",
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str
    limits: list[str]
    description: str


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    fields: list[tuple[str, str]]  # (name, type)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    params: list[Param]
    responses: list[tuple[str, str, bool]]  # (status, model name or description, is a model)
    example: str | None  # a GET link to click, when one can be written


def _variants(schema: Schema) -> list[Schema]:
    """`X | None` is anyOf [X, null]: the limits sit on X, the type names both."""
    variants: list[Schema] = schema.get("anyOf", [schema])
    return variants


def type_name(schema: Schema) -> str:
    names = []
    for s in _variants(schema):
        if "$ref" in s:
            names.append(s["$ref"].removeprefix(REF))
        elif s.get("type") == "array":
            names.append(f"list of {type_name(s.get('items', {}))}")
        elif isinstance(s.get("additionalProperties"), dict):
            names.append(f"map of {type_name(s['additionalProperties'])}")
        else:
            names.append(s.get("type", "any"))
    return " or ".join(names)


def limits(schema: Schema) -> list[str]:
    out = []
    for s in _variants(schema):
        out += [text.format(s[key]) for key, text in BOUNDS.items() if key in s]
        if "enum" in s:
            out.append("one of " + ", ".join(map(str, s["enum"])))
    return out


def _default(param: Schema) -> str:
    if param.get("required"):
        return "required"
    default = param["schema"].get("default")
    return "null (leave it out)" if default is None else str(default)


def _response(status: str, answer: Schema) -> tuple[str, str, bool]:
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return status, answer.get("description", ""), False
    return status, type_name(schema), "$ref" in schema


def models(spec: dict[str, Any]) -> list[Model]:
    """Every schema of `components`, its fields and their types."""
    schemas = spec.get("components", {}).get("schemas", {})
    return [
        Model(
            name,
            s.get("description", ""),
            [(f, type_name(p)) for f, p in s.get("properties", {}).items()],
        )
        for name, s in sorted(schemas.items())
    ]


def example_url(path: str, params: list[Schema]) -> str:
    """The path with every parameter that has a schema example set to it (required ones must)."""
    missing = [p["name"] for p in params if p.get("required") and not p["schema"].get("examples")]
    if missing:
        raise ValueError(f"{path}: required parameters without an example: {missing}")
    query = urlencode(
        {p["name"]: p["schema"]["examples"][0] for p in params if p["schema"].get("examples")}
    )
    return f"{path}?{query}" if query else path


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of `spec`, in the order of its paths."""
    ops = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = op.get("parameters", [])
            description = op.get("description", "")
            ops.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary") or description.partition("\n")[0],
                    description=description,
                    params=[
                        Param(
                            name=p["name"],
                            type=type_name(p["schema"]),
                            required=bool(p.get("required")),
                            default=_default(p),
                            limits=limits(p["schema"]),
                            description=p.get("description", ""),
                        )
                        for p in params
                    ],
                    responses=[_response(s, r) for s, r in sorted(op["responses"].items())],
                    # a link to click: GET only, and not for one stored model (no id to show)
                    example=example_url(path, params)
                    if method == "get" and not any(p.get("in") == "path" for p in params)
                    else None,
                )
            )
    return ops


def docs_payload(spec: dict[str, Any]) -> Payload:
    """The whole page, rendered once (autoescaped) from the app's OpenAPI schema."""
    env = make_templates(TEMPLATES).env
    html = env.get_template("docs.html").render(
        info=spec["info"], operations=operations(spec), models=models(spec)
    )
    return Payload.build(html.encode(), HTML)
