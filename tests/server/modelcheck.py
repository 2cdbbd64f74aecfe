"""Does a response model declare every field of what it validated? (models allow extras)."""

from __future__ import annotations

from pydantic import BaseModel


def undeclared(model: BaseModel, where: str = "") -> list[str]:
    """Paths of every field the model accepted without declaring it (extra="allow")."""
    found = [f"{where}.{name}" for name in model.model_extra or {}]
    for name in type(model).model_fields:
        found += _walk(getattr(model, name), f"{where}.{name}")
    return found


def _walk(value: object, where: str) -> list[str]:
    if isinstance(value, BaseModel):
        return undeclared(value, where)
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _walk(v, f"{where}.{k}")]
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return [p for i, v in enumerate(value) for p in _walk(v, f"{where}[{i}]")]
    return []
