"""Third-party browser files shipped inside installed Python packages (no CDN, no npm)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .payload import IMMUTABLE, Payload

JS = "text/javascript; charset=utf-8"

# URL name under /vendor/ -> (package, file inside it, media type)
FILES = {
    "plotly.min.js": ("plotly", "package_data/plotly.min.js", JS),
}


@cache
def load_vendor() -> dict[str, Payload]:
    """Every file of FILES, gzipped once per process (plotly.min.js: 4.8 MB -> 1.5 MB)."""
    return {
        name: Payload.build((resources.files(package) / path).read_bytes(), media_type, level=9)
        for name, (package, path, media_type) in FILES.items()
    }


def versioned_url(files: dict[str, Payload], name: str) -> str:
    """`/vendor/<name>?v=<digest of its bytes>`, the URL the page names: another `plotly`
    package gives another URL, so a browser may keep the file for good (`cache_control`)."""
    return f"/vendor/{name}?v={files[name].digest}"


def cache_control(payload: Payload, asked: str | None, max_age: int) -> str:
    """For a request naming digest `asked` (`?v=`): kept for good when it is the file's; at the
    fixed URL (no digest) `max_age` seconds; under another digest (a page shell from before an
    upgrade, or behind a proxy an instance not yet upgraded) revalidated on every use, so that
    no cache keeps under one digest the bytes of another."""
    if asked is None:
        return f"public, max-age={max_age}"
    return IMMUTABLE if asked == payload.digest else "no-cache"


def plotly_version() -> str:
    from plotly import __version__  # the Python package; it pins the bundled plotly.js

    return str(__version__)
