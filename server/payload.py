"""Prepared response bodies: bytes serialized once, gzipped once, served with ETag and 304."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request  # not fastapi: a compute process (server/pool.py)
from starlette.responses import Response  # builds Payloads and should start fast

# Below this size gzip saves less than it costs.
MIN_GZIP_BYTES = 1024
# For a URL that names its content (a digest in it): the bytes behind it never change, so a
# browser keeps them a year without asking again.
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Payload:
    """One body, kept gzipped when it is worth it, with a strong ETag for each encoding.

    Only one copy is stored: the gzip when there is one (3-4 times smaller for traces, so the
    cache holds that many more answers in its bytes), else the plain bytes. `raw` gives the
    plain bytes either way (decompressed on demand: clients without gzip are rare).
    """

    media_type: str
    digest: str
    gz: bytes | None = field(default=None, repr=False)
    plain: bytes | None = field(default=None, repr=False)
    # what `raw` says, when the server reads it again (a cost answer, server/traces.py): kept
    # beside the bytes so that it is not parsed on every request; never changed by a reader.
    # Or what a work sends beside its answer: a training's parameters (server/keeper.py).
    data: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, raw: bytes, media_type: str, level: int = 4, data: Any = None) -> Payload:
        """`level` 0 keeps no gzip twin (for files that are compressed already); `data`: the
        value `raw` serializes, when it is read again (kept, not checked against `raw`)."""
        compress = level > 0 and len(raw) >= MIN_GZIP_BYTES
        gz = gzip.compress(raw, compresslevel=level, mtime=0) if compress else None
        digest = hashlib.sha256(raw).hexdigest()[:32]
        return cls(media_type, digest, gz=gz, plain=None if gz is not None else raw, data=data)

    @property
    def raw(self) -> bytes:
        return self.plain if self.plain is not None else gzip.decompress(self.gz or b"")

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'

    @property
    def gz_etag(self) -> str:
        return f'"{self.digest}-gz"'

    @property
    def size(self) -> int:
        """Bytes held."""
        return len(self.plain or b"") + len(self.gz or b"")


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when `Accept-Encoding` allows gzip (or `*`) with a non-zero q-value."""
    if not accept_encoding:
        return False
    allowed: dict[str, bool] = {}
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        allowed[coding.strip().lower()] = q > 0
    return allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", False)))


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Weak comparison of `If-None-Match` against our ETag, as RFC 9110 asks for GET."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return etag in tags


def respond(request: Request, payload: Payload, cache_control: str) -> Response:
    """Serve `payload` as gzip when the client takes it, or 304 when its copy is current."""
    use_gz = payload.gz is not None and accepts_gzip(request.headers.get("accept-encoding"))
    etag = payload.gz_etag if use_gz else payload.etag
    headers = {"ETag": etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if use_gz:
        headers["Content-Encoding"] = "gzip"
        return Response(content=payload.gz, media_type=payload.media_type, headers=headers)
    return Response(content=payload.raw, media_type=payload.media_type, headers=headers)
