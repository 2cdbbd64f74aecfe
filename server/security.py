"""Security headers on every response, as a plain ASGI middleware (no body buffering)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


# Plotly.js draws without eval but injects <style> rules and exports images as data:/blob: URLs.
# Who may show the page in a frame: nobody by default (Settings.frame_ancestors); a notebook's
# server (server/notebook.py) lets the notebook's own page frame it.
def csp(frame_ancestors: str = "'none'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


CSP = csp()


def headers(frame_ancestors: str = "'none'") -> list[tuple[bytes, bytes]]:
    """The headers every response gets; X-Frame-Options only while nobody may frame the page
    (it knows no list of origins, and CSP's frame-ancestors supersedes it where allowed)."""
    found = [
        (b"content-security-policy", csp(frame_ancestors).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]
    if frame_ancestors == "'none'":
        found.insert(3, (b"x-frame-options", b"DENY"))
    return found


HEADERS = headers()


class SecurityHeaders:
    """Adds CSP, nosniff, Referrer-Policy and friends unless the route set its own (/docs)."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'none'") -> None:
        self.app = app
        self.headers = headers(frame_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(pair for pair in self.headers if pair[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
