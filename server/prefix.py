"""The app's root as the browser sees it, under any path prefix a proxy strips.

A proxy may serve the app under a prefix it strips before the app sees the request:
jupyter-server-proxy's /user/<name>/proxy/<port>/, deploy/nginx with --prefix, code-server's
/proxy/<port>/. Every address the app gives the browser must keep that prefix:

- `root(request)`: where the app's "/" is, seen from the requested page; the page shells
  write it into every URL (server/routers/pages.py, static/js/paths.js).
- `RelativeRedirects`: Starlette's own redirects (`/tasks/` to `/tasks`) are absolute URLs
  built from the Host header and the path the app saw, which leave the prefix; they become
  references relative to the requested path ("../tasks"), which every proxy passes on as
  they are (jupyter-server-proxy would prefix a path from "/" a second time).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A path prefix as a proxy names it: segments of URL path characters, none "." or "..".
PREFIX = re.compile(r"(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._~%!$&*+,;=:@-]+)*/?")


def root(request: Request) -> str:
    """Where this app's "/" is, seen from the page the browser asked for.

    A proxy that strips a prefix may name it in X-Forwarded-Prefix (jupyter-server-proxy does;
    deploy/nginx sets it): then the root is that path ("/user/ann/proxy/8123/"), right even
    when the address has no trailing slash. Otherwise it is relative to the requested path
    ("./" for /tasks, "../" for /tasks/), which is right under any prefix a proxy strips. A
    header that is not a plain path is ignored."""
    prefix = request.headers.get("x-forwarded-prefix", "")
    if prefix.startswith("/") and not prefix.startswith("//") and PREFIX.fullmatch(prefix):
        return prefix.rstrip("/") + "/"
    return up(request.scope)


def up(scope: Scope) -> str:
    """The app's root relative to the requested path: "./" for /tasks, "../" for /tasks/."""
    path = str(scope["path"]).removeprefix(scope.get("root_path", ""))
    return "../" * path.count("/", 1) or "./"


class RelativeRedirects:
    """Rewrites the Location of the app's redirects to this host into a reference relative
    to the requested path, keeping the query: /user/ann/proxy/8123/tasks/ goes to ../tasks."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_relative(message: Message) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                message = {**message, "headers": [
                    (k, relative(scope, v) if k == b"location" else v)
                    for k, v in message.get("headers", [])
                ]}  # fmt: skip
            await send(message)

        await self.app(scope, receive, send_relative)


def relative(scope: Scope, location: bytes) -> bytes:
    """`location` relative to the requested path, when it points into this app on this host."""
    url = urlsplit(location.decode("latin-1"))
    host = Request(scope).headers.get("host", "")
    if (url.netloc and url.netloc != host) or not url.path.startswith("/"):
        return location
    target = up(scope) + url.path.removeprefix("/")
    return (target + (f"?{url.query}" if url.query else "")).encode("latin-1")
