"""The one error an import raises: it names the field (or the file's tensor) and the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Ctx = Mapping[str, object]


class CheckpointError(ValueError):
    """A file that cannot become an rnnscope model. `.field` is `file`, `vocab`, `tokens` or the
    name of a tensor in the file; the message says why and, where it helps, what would work.
    `.ctx` is the refusal's `rule` and the names and numbers it needs (tensor, shape, limit),
    for a page to say it in its language: each rule has its lines in static/js/refusals.js
    (tests/server/test_upload_rules.py). `.too_large` marks refusals for size (the server
    answers 413 instead of 422)."""

    def __init__(self, field: str, message: str, ctx: Ctx, too_large: bool = False):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.too_large = too_large
        self.ctx: dict[str, object] = dict(ctx)

    def __reduce__(self) -> tuple[type[CheckpointError], tuple[Any, ...]]:
        # pickled whole: an import in a compute process (server/pool.py) may raise one, and
        # ValueError's own pickling calls __init__ with the message alone (a TypeError)
        return CheckpointError, (self.field, self.message, self.ctx, self.too_large)


def need(ok: bool, field: str, message: str, ctx: Ctx) -> None:
    """Raise CheckpointError(field, message, ctx) unless `ok`."""
    if not ok:
        raise CheckpointError(field, message, ctx)


def damaged(fmt: str) -> dict[str, object]:
    """The rule of a file whose structure is broken (cut short, offsets that do not add up, a
    malformed pickle): one sentence for all of them, naming the format."""
    return {"rule": "damaged", "format": fmt}


def shape(found: object, expected: str) -> dict[str, object]:
    """The rule of a tensor of the wrong shape: the shape found and the one expected."""
    return {"rule": "shape", "shape": str(tuple(found)), "expected": expected}  # type: ignore[arg-type]


def label(name: object, limit: int = 80) -> str:
    """A name from a file, safe to put in a message: printable, at most `limit` characters."""
    text = name if isinstance(name, str) else repr(name)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 3] + "..."
