"""The one error an import raises: it names the field (or the file's tensor) and the reason."""

from __future__ import annotations


class CheckpointError(ValueError):
    """A file that cannot become an rnnscope model. `.field` is `file`, `vocab`, `tokens` or the
    name of a tensor in the file; the message says why and, where it helps, what would work.
    `.too_large` marks refusals for size (the server answers 413 instead of 422); `.ctx`, where
    given, the refusal's rule and numbers for a page to say it in its language."""

    def __init__(self, field: str, message: str, too_large: bool = False,
                 ctx: dict[str, object] | None = None):  # fmt: skip
        super().__init__(f"{field}: {message}")
        self.field = field
        self.too_large = too_large
        self.ctx = ctx


def need(ok: bool, field: str, message: str) -> None:
    """Raise CheckpointError(field, message) unless `ok`."""
    if not ok:
        raise CheckpointError(field, message)


def label(name: object, limit: int = 80) -> str:
    """A name from a file, safe to put in a message: printable, at most `limit` characters."""
    text = name if isinstance(name, str) else repr(name)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 3] + "..."
