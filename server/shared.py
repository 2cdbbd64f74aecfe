"""Heavy answers shared by every worker and kept across restarts, in SQLite under the data dir.

    <data dir>/cache/answers.sqlite3    answers (gzip), who is computing what; WAL

Each worker keeps its own in-memory cache (server/cache.py); a training or a recall run that
one worker has computed is found here by the others, and after a restart. A key is the
normalized request (server/engine.py `key`) prefixed by the fingerprint of the code that
computes the bytes, so a server of another revision sharing the directory never reads them.

Computed once across workers: a worker about to compute a key first claims it (a row naming
its process). Another worker asking for the same key meanwhile waits for the answer to
appear, asking its client every POLL seconds; if the claimant gives up (its client left) or
its process dies, a waiter claims the key and computes it itself.

Bounded: when the answers exceed `max_bytes`, the least recently used go first; answers
marked `keep` (the recall lesson's runs, seconds each) go only after every other one.
SQLite makes concurrent writers from several processes safe; each write is one short
transaction.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import sqlite
from .board import alive
from .payload import Payload
from .slots import ClientGone
from .timing import part

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS answers (
        key TEXT PRIMARY KEY, media TEXT NOT NULL, digest TEXT NOT NULL, size INTEGER NOT NULL,
        used REAL NOT NULL, keep INTEGER NOT NULL, gz BLOB, plain BLOB)""",
    # eviction and the total size read this index only, never the blobs
    "CREATE INDEX IF NOT EXISTS answers_evict ON answers (keep, used, size)",
    """CREATE TABLE IF NOT EXISTS building (
        key TEXT PRIMARY KEY, pid INTEGER NOT NULL, owner TEXT NOT NULL, since REAL NOT NULL)""",
)
# How often a worker waiting for another one's computation looks for the answer.
POLL = 0.1
# A claim older than this is abandoned whatever its process (no computation takes that long).
CLAIM_MAX_AGE = 600.0


@cache
def code_fingerprint() -> str:
    """A digest of the code that computes the answers (core/ and server/ sources)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in ("core", "server"):
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class SharedCache:
    """`get_or_build(key, build, gone, keep)`: one computation of `key` across processes."""

    def __init__(self, root: Path, max_bytes: int, fingerprint: str | None = None) -> None:
        self.path = root / "cache" / "answers.sqlite3"
        self.max_bytes = max_bytes
        self.fingerprint = fingerprint or code_fingerprint()
        self._local = threading.local()
        self.hits = 0  # answers read here that this process had not computed
        self.waits = 0  # keys another process was computing when this one asked
        self.stores = 0  # answers this process computed and stored

    def _db(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite.connect(self.path)
            con.execute("PRAGMA synchronous = NORMAL")
            for statement in SCHEMA:
                con.execute(statement)
            self._local.con = con
        return con

    def _id(self, key: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{key}".encode()).hexdigest()

    def get(self, key: str) -> Payload | None:
        """The stored answer of `key`, or None; marks it used."""
        return self._get(self._id(key))

    def _get(self, kid: str) -> Payload | None:
        con = self._db()
        row = con.execute("SELECT media, digest, gz, plain FROM answers WHERE key = ?", (kid,))
        found = row.fetchone()
        if found is None:
            return None
        con.execute("UPDATE answers SET used = ? WHERE key = ?", (time.time(), kid))
        return Payload(found[0], found[1], gz=found[2], plain=found[3])

    def get_or_build(
        self,
        key: str,
        build: Callable[[], Payload],
        gone: Callable[[], bool] | None = None,
        keep: bool = False,
    ) -> Payload:
        """The stored answer, or the one another process is computing, or `build()`'s."""
        kid = self._id(key)
        with part("peer"):  # while another worker computes it (its Server-Timing)
            owner = self._found_or_claimed(kid, gone)
        if isinstance(owner, Payload):
            return owner
        try:
            payload = build()
        except BaseException:
            self._db().execute("DELETE FROM building WHERE key = ? AND owner = ?", (kid, owner))
            raise
        self._put(kid, owner, payload, keep)
        return payload

    def put(self, key: str, payload: Payload) -> None:
        """Store `payload` under `key` at once, in one transaction: for what is not computed
        here but sent beside an answer (a training's model), so no claim is needed."""
        con = self._db()
        con.execute("BEGIN IMMEDIATE")
        try:
            self._insert(con, self._id(key), payload, False)
        finally:
            con.execute("COMMIT")

    def _found_or_claimed(self, kid: str, gone: Callable[[], bool] | None) -> Payload | str:
        """The stored answer of `kid`, once there, or this process's claim to compute it."""
        waited = False
        while True:
            found = self._get(kid)
            if found is not None:
                self.hits += 1
                return found
            owner = self._claim(kid)
            if owner is not None:
                return owner
            if not waited:
                waited = True
                self.waits += 1
            if gone is not None and gone():
                raise ClientGone
            time.sleep(POLL)

    def _claim(self, kid: str) -> str | None:
        """Claim `kid` for this process: its owner token, or None if another one computes it."""
        con = self._db()
        owner = secrets.token_hex(8)
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        try:
            row = con.execute("SELECT pid, since FROM building WHERE key = ?", (kid,)).fetchone()
            if row is not None and alive(row[0]) and now - row[1] < CLAIM_MAX_AGE:
                return None
            con.execute(
                "INSERT OR REPLACE INTO building (key, pid, owner, since) VALUES (?, ?, ?, ?)",
                (kid, os.getpid(), owner, now),
            )
            return owner
        finally:
            con.execute("COMMIT")

    def _put(self, kid: str, owner: str, payload: Payload, keep: bool) -> None:
        con = self._db()
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("DELETE FROM building WHERE key = ? AND owner = ?", (kid, owner))
            self._insert(con, kid, payload, keep)
        finally:
            con.execute("COMMIT")

    def _insert(self, con: sqlite3.Connection, kid: str, payload: Payload, keep: bool) -> None:
        """Within a write transaction: the answer stored (if it fits at all), then eviction."""
        if payload.size <= self.max_bytes:
            con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (kid, payload.media_type, payload.digest, payload.size, time.time(),
                 int(keep), payload.gz, payload.plain),
            )  # fmt: skip
            self._evict(con)
            self.stores += 1

    def _evict(self, con: sqlite3.Connection) -> None:
        """Least recently used first, answers to keep last, until within max_bytes."""
        (total,) = con.execute("SELECT COALESCE(SUM(size), 0) FROM answers").fetchone()
        if total <= self.max_bytes:
            return
        rows = con.execute("SELECT key, size FROM answers ORDER BY keep, used").fetchall()
        gone = []
        for kid, size in rows:
            if total <= self.max_bytes:
                break
            gone.append((kid,))
            total -= size
        con.executemany("DELETE FROM answers WHERE key = ?", gone)

    def stats(self) -> dict[str, int]:
        """Entries and bytes on disk (all processes), and this process's counters."""
        if not self.path.exists():
            entries = nbytes = 0
        else:
            entries, nbytes = (
                self._db()
                .execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM answers")
                .fetchone()
            )
        return {"entries": entries, "bytes": nbytes, "hits": self.hits, "waits": self.waits,
                "stores": self.stores}  # fmt: skip
