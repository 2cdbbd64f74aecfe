"""Render deploy/nginx/rnnscope.conf for nginx: the instances, the cache, the admin token.

    RNNSCOPE_ADMIN_TOKEN=$(cat /etc/rnnscope/admin-token) python3 deploy/nginx/render.py \\
        --instance 127.0.0.1:8001 --instance 127.0.0.1:8002 > /etc/nginx/conf.d/rnnscope.conf
    nginx -t && systemctl reload nginx

Standard library only (it runs with any python3, rnnscope installed or not). The token comes
from RNNSCOPE_ADMIN_TOKEN, the variable the instances read, so both sides hold the same one;
it must be 16 to 256 characters of RFC 6750's token alphabet (`python3 -c "import secrets;
print(secrets.token_urlsafe(32))"` makes one). docs/deploy.md explains the result.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("rnnscope.conf")
TOKEN = re.compile(r"[A-Za-z0-9._~+/-]{16,256}=*")
INSTANCE = re.compile(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}|unix:/[^\s;{}]+")
WORD = re.compile(r"[^\s;{}'\"$\\#]+")  # one nginx word: no quoting, no variables
PREFIX = re.compile(r"(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+")  # a URL path, no "." or ".." segments


def prefix_rules(prefix: str) -> str:
    """The server-level lines that serve the app under `prefix` only (none for "")."""
    if not prefix:
        return ""
    if not PREFIX.fullmatch(prefix):
        raise ValueError(f"--prefix: {prefix!r} is not a path like /rnnscope (no trailing /)")
    escaped = prefix.replace(".", "\\.")
    return (
        f"    rewrite ^{escaped}$ {prefix}/ permanent;\n"
        f"    rewrite ^{escaped}(/.*)$ $1 break;\n"
        "    return 404;"
    )


def token_pattern(token: str) -> str:
    """The token as a PCRE that matches it and nothing else (every non-alphanumeric escaped)."""
    if not TOKEN.fullmatch(token):
        raise ValueError(
            "RNNSCOPE_ADMIN_TOKEN: 16 to 256 characters of A-Z a-z 0-9 . _ ~ + / - (then '=')"
        )
    return "".join(c if c.isalnum() else "\\" + c for c in token)


def servers(instances: list[str]) -> str:
    return "\n".join(f"    server {i} max_fails=1 fail_timeout=10s;" for i in instances)


def render(
    instances: list[str],
    token: str,
    *,
    store: list[str] | None = None,
    listen: str = "80",
    server_name: str = "_",
    cache_dir: str = "/var/cache/nginx/rnnscope",
    cache_size: str = "1g",
    access_log: str = "/var/log/nginx/rnnscope.access.log",
    max_body: str = "65m",
    prefix: str = "",
) -> str:
    """The configuration text; ValueError names the first argument that cannot go in."""
    if not instances:
        raise ValueError("--instance: give at least one (host:port of `rnnscope serve`)")
    store = store or instances
    for name, given in (("--instance", instances), ("--store-instance", store)):
        for instance in given:
            if not INSTANCE.fullmatch(instance):
                raise ValueError(f"{name}: {instance!r} is not host:port or unix:/path")
    words = {"listen": listen, "server-name": server_name, "cache-dir": cache_dir,
             "cache-size": cache_size, "access-log": access_log, "max-body": max_body}  # fmt: skip
    for name, value in words.items():
        if not all(WORD.fullmatch(part) for part in value.split(" ")):
            raise ValueError(f"--{name}: {value!r} must be plain nginx words")
    values = {
        "SERVERS": servers(instances),
        "STORE_SERVERS": servers(store),
        "TOKEN_RE": token_pattern(token),
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "CACHE_DIR": cache_dir,
        "CACHE_SIZE": cache_size,
        "ACCESS_LOG": access_log,
        "MAX_BODY": max_body,
        "PREFIX_RULES": prefix_rules(prefix),
        "PREFIX": prefix,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"template: no value for {', '.join(left)}")
    return text


def main(argv: list[str] | None = None) -> int:
    raw = argparse.RawTextHelpFormatter
    top = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    top.add_argument("--instance", action="append", default=[], metavar="HOST:PORT",
                     help="an instance (repeat; default 127.0.0.1:8001 and :8002)")  # fmt: skip
    top.add_argument("--store-instance", action="append", default=[], metavar="HOST:PORT",
                     help="an instance on the data directory's machine (repeat;\n"
                          "default: every --instance, sharing one data directory)")  # fmt: skip
    top.add_argument("--listen", default="80", help="nginx's listen parameters (default 80)")
    top.add_argument("--server-name", default="_")
    top.add_argument("--cache-dir", default="/var/cache/nginx/rnnscope")
    top.add_argument("--cache-size", default="1g", help="most bytes the cache keeps on disk")
    top.add_argument("--access-log", default="/var/log/nginx/rnnscope.access.log")
    top.add_argument("--max-body", default="65m", help="largest request body (uploads)")
    top.add_argument("--prefix", default="", metavar="/PATH",
                     help="serve the app under this path only (/rnnscope: the page is\n"
                          "/rnnscope/), beside other sites on the same host")  # fmt: skip
    args = top.parse_args(argv)
    token = os.environ.get("RNNSCOPE_ADMIN_TOKEN", "")
    try:
        sys.stdout.write(
            render(
                args.instance or ["127.0.0.1:8001", "127.0.0.1:8002"],
                token,
                store=args.store_instance,
                listen=args.listen,
                server_name=args.server_name,
                cache_dir=args.cache_dir,
                cache_size=args.cache_size,
                access_log=args.access_log,
                max_body=args.max_body,
                prefix=args.prefix,
            )
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
