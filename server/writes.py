"""Who may write (upload, train, delete): the lecturer, not the room.

With RNNSCOPE_ADMIN_TOKEN set, a write needs `Authorization: Bearer <token>`. Without it, a
write is allowed only while the server listens on a loopback address (a lecturer's laptop,
`rnnscope serve` as `make run` starts it) and the request arrived on a loopback address
from one, not through a proxy. `rnnscope serve --host 0.0.0.0` makes the server reachable
from the room: then writes need the token. Reads (listing, tracing a stored model) are
everyone's.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Request

from .errors import refuse
from .settings import Settings

FORWARDED = ("forwarded", "x-forwarded-for", "x-real-ip")


def is_loopback(host: object) -> bool:
    """127.0.0.0/8, ::1 and `localhost`; anything else (0.0.0.0, a name, None) is not."""
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _peer_host(request: Request, key: str) -> object:
    addr = request.scope.get(key)
    return addr[0] if addr else None


def check_write(request: Request, settings: Settings) -> None:
    """Raise 401 (no or wrong token) or 403 (not a loopback server) unless writes are allowed."""
    if settings.admin_token is not None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        token = settings.admin_token.get_secret_value().encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token):
            raise refuse(
                401,
                ["header", "authorization"],
                "authorization: writes need Authorization: Bearer <RNNSCOPE_ADMIN_TOKEN>",
                "token",
                headers={"WWW-Authenticate": "Bearer"},
                ctx={"rule": "admin_token"},
            )
        return
    if not is_loopback(settings.host):
        why = f"this server listens on {settings.host}, not a loopback address"
    elif any(h in request.headers for h in FORWARDED):
        why = "this request came through a proxy"
    elif not (
        is_loopback(_peer_host(request, "server")) and is_loopback(_peer_host(request, "client"))
    ):
        why = "this request did not come from this machine"
    else:
        return
    raise refuse(
        403,
        ["header", "authorization"],
        f"authorization: without RNNSCOPE_ADMIN_TOKEN, only the machine a loopback server runs "
        f"on may upload, train or delete; {why}. Set RNNSCOPE_ADMIN_TOKEN and send "
        "Authorization: Bearer <token>",
        "loopback",
        ctx={"rule": "loopback"},
    )
