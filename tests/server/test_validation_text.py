"""Hostile text over a real socket: a trace or a clear 4xx, never a 5xx, never a hang.

Every request has a timeout; every 200 is strict JSON whose tokens are the code points of the
NFC text; every 422 names the parameter. The server is uvicorn with h11 on loopback, as
`rnnscope serve` runs it, so raw bytes and oversized requests meet the real HTTP parser.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import sys
import threading
import unicodedata
from urllib.parse import quote

import httpx
import pytest

TIMEOUT = 60.0  # seconds; a hang fails the test instead of blocking the suite
BASE = {"cell": "gru", "hidden": "2"}  # every text is cheap to trace

# Code points of every Unicode general category: the first one and two drawn at random.
BY_CATEGORY: dict[str, list[int]] = {}
for _cp in range(sys.maxunicode + 1):
    BY_CATEGORY.setdefault(unicodedata.category(chr(_cp)), []).append(_cp)
_rng = random.Random(6)
SAMPLES = {cat: [cps[0], *_rng.sample(cps, min(2, len(cps)))] for cat, cps in BY_CATEGORY.items()}
REFUSED = {"Cc", "Cs"}  # control characters and lone surrogates: 422 (README, "Bad input")

TEXTS = {
    "combining marks": "e\u0301le\u0300ve a\u0308\u0323\u0302 q\u0307\u0323",
    "combining pile-up": "a" + "\u0301\u0316\u0344" * 60,
    "hangul jamo (NFC composes)": "\u1112\u1161\u11ab\u1100\u1173\u11af",
    "old hangul jamo (no syllable)": "\u1100\u1100\u1161\u11a8\u11a8",
    "hangul syllables": "안녕하세요 세계",
    "emoji with joiners": "👩\u200d👩\u200d👧\u200d👦👍🏽🏳\ufe0f\u200d🌈",
    "regional flags": "🇰🇷🇺🇸🇯🇵",
    "right to left": "שלום עולם مرحبا بالعالم",
    "bidi overrides": "\u202eabc\u202c\u2066def\u2069\u200fx",
    "zero width": "a\u200bb\u200cc\u200dd\ufeffe\u2060f",
    "noncharacters": "a\ufdd0b\ufffec\U0010ffff",
    "private use": "\ue000\U000f0000\U00100000",
    "astral letters": "\U0001d525\U0001d522\U0001d529\U0001d529\U0001d52c \U00010400\U00010428",
    "line and paragraph separators": "a\u2028b\u2029c",
    "no-break and ideographic spaces": "a\u00a0b\u3000c\u2007d",
    "257 tokens": ("ab" * 129)[:257],
    "word tokens": "the\u3000cat\u00a0sat\u2028on the mat",
}
CONTROL = {
    "NUL": "he\x00llo",
    "escape sequence": "he\x1b[31mllo",
    "DEL": "he\x7fllo",
    "C1 next line": "he\x85llo",
    "tab": "he\tllo",
    "newline": "he\nllo",
}
# invalid UTF-8, percent-encoded in the URL: lone surrogates, truncated and overlong forms
BAD_UTF8 = {
    "lone high surrogate": "he%ED%A0%80llo",
    "lone low surrogate": "he%ED%B0%80llo",
    "truncated 4-byte": "he%F0%9F%98llo",
    "overlong slash": "he%C0%AFllo",
    "byte ff": "he%FFllo",
}


def get(live_server: str, query: str) -> httpx.Response:
    return httpx.get(f"{live_server}/api/v1/trace?{query}", timeout=TIMEOUT)


def query(text: str, **extra: str) -> str:
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in {"text": text, **BASE, **extra}.items())


def strict(raw: bytes):
    def refuse(constant: str):
        raise AssertionError(f"non-JSON constant {constant}")

    return json.loads(raw, parse_constant=refuse)


def assert_trace(r: httpx.Response, text: str, tokens: str = "char") -> None:
    assert r.status_code == 200, (r.status_code, r.text[:300])
    body = strict(r.content)
    nfc = unicodedata.normalize("NFC", text)
    if tokens == "char":
        assert "".join(body["tokens"]) == nfc
    else:
        assert body["tokens"] == nfc.split()


def assert_refused(r: httpx.Response, name: str = "text") -> None:
    assert r.status_code == 422, (r.status_code, r.text[:300])
    detail = strict(r.content)["detail"]
    assert any(item["loc"][-1] == name and item["msg"].startswith(name) for item in detail)


@pytest.mark.parametrize("category", sorted(SAMPLES))
def test_every_unicode_category(live_server, category):
    for cp in SAMPLES[category]:
        if category == "Cs":  # not encodable: sent as the UTF-8 bytes a surrogate would have
            r = get(
                live_server,
                "text=a"
                + "".join(f"%{b:02X}" for b in chr(cp).encode("utf-8", "surrogatepass"))
                + "b&cell=gru&hidden=2",
            )
            assert_refused(r)
            continue
        text = f"a{chr(cp)}b{chr(cp)}"
        r = get(live_server, query(text))
        if category in REFUSED:
            assert_refused(r)
        else:
            assert_trace(r, text)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_hostile_but_valid_text_is_traced(live_server, name):
    text = TEXTS[name]
    tokens = "word" if name == "word tokens" else "char"
    assert_trace(get(live_server, query(text, tokens=tokens)), text, tokens)


@pytest.mark.parametrize("name", sorted(CONTROL))
def test_control_characters_are_refused(live_server, name):
    assert_refused(get(live_server, query(CONTROL[name])))


@pytest.mark.parametrize("name", sorted(BAD_UTF8))
def test_invalid_utf8_is_refused(live_server, name):
    assert_refused(get(live_server, f"text={BAD_UTF8[name]}&cell=gru&hidden=2"))


def test_too_many_tokens_or_characters(live_server):
    assert_refused(get(live_server, query("ab" * 129)))  # 258 tokens
    assert_refused(get(live_server, query("\u0958" * 129)))  # NFC: 258 tokens from 129 code points
    assert_refused(get(live_server, query("x" * 4097)))  # over MAX_TEXT_CHARS
    assert_refused(
        get(
            live_server,
            query(
                "",
            ),
        )
    )
    assert_refused(get(live_server, query("a")))


@pytest.mark.parametrize("name", ["start", "cell", "cells", "activation", "optimizer", "tokens"])
def test_hostile_text_in_every_string_parameter(live_server, name):
    path = {"start": "sample", "cells": "compare"}.get(name, "trace")
    for value in [*TEXTS.values(), *CONTROL.values(), "\x00", "<script>", "'; DROP TABLE"]:
        params = {"text": "hello", "hidden": "2", name: value}
        if name == "cells":
            params.pop("cell", None)
        if path == "sample":
            params.setdefault("start", "h")
        r = httpx.get(f"{live_server}/api/v1/{path}", params=params, timeout=TIMEOUT)
        assert r.status_code == 422, (name, value, r.status_code)
        assert strict(r.content)["detail"]


# -- bytes on the wire that no browser sends, read back with a timeout


def raw_request(live_server: str, data: bytes) -> bytes:
    """Send `data` while reading the answer (a server may answer before reading it all)."""
    host, port = live_server.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=TIMEOUT)

    def send() -> None:
        # the server may answer and close before it has read everything: fine
        with contextlib.suppress(OSError):
            sock.sendall(data)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        head = sock.recv(64)
    finally:
        sock.close()
        sender.join(TIMEOUT)
    return head


def status_of(head: bytes) -> int:
    assert head.startswith(b"HTTP/1.1 "), head
    return int(head.split()[1])


@pytest.mark.parametrize(
    "name, data",
    [
        (
            "10 MB query string",
            b"GET /api/v1/trace?text=" + b"a" * 10_000_000 + b" HTTP/1.1\r\nhost: x\r\n\r\n",
        ),
        (
            "64 KB query string",
            b"GET /api/v1/trace?text=" + b"ab" * 32_000 + b" HTTP/1.1\r\nhost: x\r\n\r\n",
        ),
        (
            "10 MB body on a GET",
            b"GET /api/v1/trace?text=hello&hidden=2 HTTP/1.1\r\nhost: x\r\n"
            b"content-length: 10000000\r\n\r\n" + b"x" * 10_000_000,
        ),
        (
            "10 MB chunked body",
            b"GET /api/v1/trace?text=hello&hidden=2 HTTP/1.1\r\nhost: x\r\n"
            b"transfer-encoding: chunked\r\n\r\n"
            + (b"100000\r\n" + b"y" * 2**20 + b"\r\n") * 10
            + b"0\r\n\r\n",
        ),
        ("raw NUL in the target", b"GET /api/v1/trace?text=he\x00llo HTTP/1.1\r\nhost: x\r\n\r\n"),
        (
            "raw UTF-8 in the target",
            "GET /api/v1/trace?text=안녕 HTTP/1.1\r\nhost: x\r\n\r\n".encode(),
        ),
        ("raw byte ff in the target", b"GET /api/v1/trace?text=h\xffi HTTP/1.1\r\nhost: x\r\n\r\n"),
        (
            "1 MB header",
            b"GET /api/v1/trace?text=hello HTTP/1.1\r\nhost: x\r\nx-big: "
            + b"z" * 2**20
            + b"\r\n\r\n",
        ),
    ],
)
def test_oversized_and_malformed_requests(live_server, name, data):
    status = status_of(raw_request(live_server, data))
    assert status == 200 or 400 <= status < 500, (name, status)


def test_the_server_still_answers_after_all_that(live_server):
    assert_trace(get(live_server, query("hello")), "hello")
