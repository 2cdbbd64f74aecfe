"""A small HTTP/1.1 client on asyncio streams, for load generators on loopback.

Each simulated browser gets a `Pool` of at most 6 keep-alive connections to one origin, as
Chromium keeps per host. Bodies are read as bytes, never decoded: `nbytes` is what crossed
the wire (compressed when the server sent gzip). Much cheaper per request than a full client,
so that on a 2-core machine most of the CPU goes to the server being measured.

Only for 127.0.0.1 / localhost: `Pool` refuses any other host.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

LOOPBACK = ("127.0.0.1", "localhost", "::1")

# What Chromium sends for fetch() and subresources; the server answers gzip or identity.
BROWSER_HEADERS = {
    "accept-encoding": "gzip, deflate, br, zstd",
    "accept-language": "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
    "user-agent": "rnnscope-lecture-load/1",
}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    nbytes: int  # body bytes on the wire
    seconds: float  # request sent .. last body byte read
    body: bytes = field(default=b"", repr=False)  # kept only when asked for


class Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.reusable = True

    def close(self) -> None:
        self.reusable = False
        self.writer.close()

    async def request(self, host: str, target: str, headers: dict[str, str], keep: bool) -> Reply:
        lines = [f"GET {target} HTTP/1.1", f"host: {host}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        start = time.perf_counter()
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        hdrs: dict[str, str] = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                hdrs[name.strip().lower()] = value.strip()
        body = await self._body(status, hdrs)
        seconds = time.perf_counter() - start
        if hdrs.get("connection", "").lower() == "close":
            self.close()
        return Reply(status, hdrs, len(body), seconds, body if keep else b"")

    async def _body(self, status: int, hdrs: dict[str, str]) -> bytes:
        if status in (204, 304) or 100 <= status < 200:
            return b""
        if "content-length" in hdrs:
            return await self.reader.readexactly(int(hdrs["content-length"]))
        if "chunked" in hdrs.get("transfer-encoding", "").lower():
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    return b"".join(parts)
                parts.append(chunk[:-2])
        self.reusable = False
        return await self.reader.read()


class Pool:
    """Up to `size` keep-alive connections to one loopback origin; `get()` waits for a free one."""

    def __init__(self, host: str, port: int, size: int = 6) -> None:
        if host not in LOOPBACK:
            raise ValueError(f"load generators target loopback only, not {host!r}")
        self.host, self.port = host, port
        self._idle: list[Conn] = []
        self._slots = asyncio.Semaphore(size)
        self.opened = 0

    async def get(
        self, target: str, headers: dict[str, str] | None = None, keep_body: bool = False
    ) -> Reply:
        """One GET. If cancelled mid-way (a newer keystroke), the connection is closed, as a
        browser aborting a fetch does."""
        all_headers = {**BROWSER_HEADERS, **(headers or {})}
        async with self._slots:
            while True:
                reused = bool(self._idle)
                conn = self._idle.pop() if reused else await self._open()
                try:
                    reply = await conn.request(
                        f"{self.host}:{self.port}", target, all_headers, keep_body
                    )
                except (asyncio.IncompleteReadError, ConnectionError) as exc:
                    conn.close()
                    # The server closed an idle keep-alive connection: retry on a new one, as
                    # browsers do. Anything else is an error of this request.
                    if reused and not getattr(exc, "partial", b""):
                        continue
                    raise
                except BaseException:
                    conn.close()
                    raise
                if conn.reusable:
                    self._idle.append(conn)
                return reply

    async def _open(self) -> Conn:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=2**20)
        self.opened += 1
        return Conn(reader, writer)

    def close(self) -> None:
        for conn in self._idle:
            conn.close()
        self._idle.clear()
