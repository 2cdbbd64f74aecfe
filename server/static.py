"""The page's own files (static/), served from memory: read and gzipped once per version.

Starlette's StaticFiles costs a realpath, a thread hop for stat, another for open and one per
read, on every request; for the 35 modules of one page that is most of a worker's time when a
lecture hall opens the page at once (docs/architecture.md, D1). Here a request costs one stat: the
bytes and their gzip twin stay in memory until the file's mtime or size changes, so an edited
module is served at the next request (the page revalidates every module: `no-cache` + ETag).
"""

from __future__ import annotations

import mimetypes
import stat
from pathlib import Path

from .payload import Payload

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


class PageFiles:
    """`get("js/main.js")` -> the file under `directory` as a Payload, or None (404)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory.resolve()
        self._files: dict[str, tuple[tuple[int, int], Payload]] = {}

    def get(self, path: str) -> Payload | None:
        parts = path.split("/")
        if any(not p or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None  # "..", hidden files, empty segments
        file = self.directory.joinpath(*parts)
        try:
            st = file.stat()
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        version = (st.st_mtime_ns, st.st_size)
        known = self._files.get(path)
        if known is not None and known[0] == version:
            return known[1]
        if not file.resolve().is_relative_to(self.directory):
            return None  # a symlink out of the directory
        media_type = MEDIA_TYPES.get(file.suffix.lower())
        compress = media_type is not None
        media_type = media_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        payload = Payload.build(file.read_bytes(), media_type, level=9 if compress else 0)
        self._files[path] = (version, payload)
        return payload
