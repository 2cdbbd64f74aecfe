"""The model store: metadata in SQLite, weights as content-addressed safetensors files.

    <data dir>/models.sqlite3              one row per model (WAL: workers read while one writes)
    <data dir>/weights/<sha256>.safetensors the export of core.checkpoints (PyTorch names)

A model's id is the first 16 hex digits of its file's SHA-256: the same weights, vocabulary
and options are the same model, and a trace of `model=<id>` is as deterministic as any other.
Every writer takes SQLite's write lock (BEGIN IMMEDIATE) for the few milliseconds of its
change, files included, so several worker processes share the store safely; readers never
wait. Nothing is created until the first write: reading an empty store touches no disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rnnscope.core.checkpoints import Imported, import_file
from rnnscope.server import sqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, name TEXT NOT NULL, cell TEXT NOT NULL,
    layers INTEGER NOT NULL, hidden INTEGER NOT NULL, embedding INTEGER NOT NULL,
    activation TEXT NOT NULL, vocab TEXT NOT NULL, tokens TEXT NOT NULL, format TEXT NOT NULL,
    mapped TEXT NOT NULL, bytes INTEGER NOT NULL, created REAL NOT NULL,
    residual INTEGER NOT NULL DEFAULT 0
)
"""
# Columns added since the table was first made: a store made before them gets them (their
# default is right for every model stored then: no model had skip connections kept).
ADDED = {"residual": "INTEGER NOT NULL DEFAULT 0"}
COLUMNS = (
    "id",
    "sha256",
    "name",
    "cell",
    "layers",
    "hidden",
    "embedding",
    "activation",
    "vocab",
    "tokens",
    "format",
    "mapped",
    "bytes",
    "created",
    "residual",
)


def _add_columns(con: sqlite3.Connection) -> bool:
    """The columns of ADDED, to a table made before them (a racing worker may add one first);
    False while there is no table yet (nothing stored: it will be made with them)."""
    have = {row[1] for row in con.execute("PRAGMA table_info(models)")}
    for column, kind in ADDED.items():
        if have and column not in have:
            with contextlib.suppress(sqlite3.OperationalError):
                con.execute(f"ALTER TABLE models ADD COLUMN {column} {kind}")
    return bool(have)


class StoreFull(Exception):
    """A quota would be exceeded; the message says which, by how much, and what to do; `ctx`
    its rule and numbers (a page says it in its language: static/js/refusals.js)."""

    def __init__(self, message: str, ctx: dict[str, Any]):
        super().__init__(message)
        self.ctx = ctx


@dataclass(frozen=True)
class Record:
    """One stored model as listed: everything but the weights."""

    id: str
    sha256: str
    name: str
    cell: str
    layers: int
    hidden: int
    embedding: int
    activation: str
    vocab: list[str]
    tokens: str
    format: str
    mapped: dict[str, str | None]
    bytes: int
    created: float
    residual: bool  # skip connections from the second layer up (core.model.Spec)

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Record:
        d = dict(zip(COLUMNS, row, strict=True))
        return cls(
            **{
                **d,
                "vocab": json.loads(d["vocab"]),
                "mapped": json.loads(d["mapped"]),
                "residual": bool(d["residual"]),
            }
        )

    def public(self) -> dict[str, Any]:
        """The API's fields (POST answer, GET list and item)."""
        return {k: v for k, v in vars(self).items() if k != "sha256"}


class ModelStore:
    def __init__(self, root: Path, max_file_bytes: int, max_total_bytes: int, max_models: int):
        self.root = root
        self.db = root / "models.sqlite3"
        self.weights = root / "weights"
        self.max_file_bytes = max_file_bytes
        self.max_total_bytes = max_total_bytes
        self.max_models = max_models
        self._columns_added = False  # ADDED checked on this store's table (_connect)

    # --- connections: one per operation (cheap), so any thread of any worker may call ---

    @contextlib.contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection | None]:
        if not create and not self.db.exists():
            yield None
            return
        if create:
            self.weights.mkdir(parents=True, exist_ok=True)
        con = sqlite.connect(self.db)
        try:
            if create:
                con.execute(SCHEMA)
            if not self._columns_added:  # once a process: not a PRAGMA on every read
                self._columns_added = _add_columns(con)
            yield con
        finally:
            con.close()

    def _file(self, sha: str) -> Path:
        return self.weights / f"{sha}.safetensors"

    # --- reads ---

    def _select(self, where: str = "", args: tuple[str, ...] = ()) -> list[Record]:
        with self._connect() as con:
            if con is None:
                return []
            try:
                rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM models {where}", args)
                return [Record.from_row(r) for r in rows]
            except sqlite3.OperationalError as exc:  # the first write has not made the table
                if "no such table" in str(exc):
                    return []
                raise

    def list(self) -> list[Record]:
        return self._select("ORDER BY created, id")

    def get(self, model_id: str) -> Record | None:
        found = self._select("WHERE id = ?", (model_id,))
        return found[0] if found else None

    def weights_bytes(self, record: Record) -> bytes:
        return self._file(record.sha256).read_bytes()

    def load(self, record: Record) -> Imported:
        """The stored model, ready to trace (its file is our own export: read back as is)."""
        model = import_file(self.weights_bytes(record))
        return replace(model, format=record.format, mapped=record.mapped)

    # --- writes: each in one short BEGIN IMMEDIATE transaction, files included ---

    def put(self, model: Imported, name: str) -> tuple[Record, bool]:
        """Store `model` under `name`; (record, True) when new, (existing, False) when the
        same model is already stored. StoreFull when a quota would be exceeded."""
        data = model.to_safetensors()
        if len(data) > self.max_file_bytes:
            raise StoreFull(
                f"the model's weights take {len(data)} bytes; a stored model may "
                f"take at most {self.max_file_bytes} (RNNSCOPE_STORE_MAX_FILE_BYTES)",
                {"rule": "store_file_bytes", "n": len(data), "max": self.max_file_bytes},
            )
        sha = hashlib.sha256(data).hexdigest()
        with self._connect(create=True) as con:
            assert con is not None
            with sqlite.transaction(con):
                row = con.execute(
                    f"SELECT {', '.join(COLUMNS)} FROM models WHERE id = ?", (sha[:16],)
                ).fetchone()
                if row:
                    return Record.from_row(row), False
                self._check_quota(con, len(data))
                self._write(sha, data)
                record = self._record(model, name, sha, len(data))
                con.execute(
                    f"INSERT INTO models ({', '.join(COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(COLUMNS))})",
                    self._row(record),
                )
        return record, True

    def delete(self, model_id: str) -> bool:
        """Remove the model and its file; False when there was none."""
        with self._connect() as con:
            if con is None:
                return False
            with sqlite.transaction(con):
                row = con.execute("SELECT sha256 FROM models WHERE id = ?", (model_id,)).fetchone()
                if row:
                    con.execute("DELETE FROM models WHERE id = ?", (model_id,))
                    self._file(row[0]).unlink(missing_ok=True)
        return row is not None

    def _check_quota(self, con: sqlite3.Connection, size: int) -> None:
        count, total = con.execute(
            "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM models"
        ).fetchone()
        if count >= self.max_models:
            raise StoreFull(
                f"the store holds {count} models, its limit "
                "(RNNSCOPE_STORE_MAX_MODELS); delete one first",
                {"rule": "store_models", "n": count},
            )
        if total + size > self.max_total_bytes:
            raise StoreFull(
                f"the store holds {total} bytes of its {self.max_total_bytes} "
                f"(RNNSCOPE_STORE_MAX_BYTES) and this model needs {size} more; "
                "delete a model first",
                {"rule": "store_bytes", "n": total, "max": self.max_total_bytes, "need": size},
            )

    def _write(self, sha: str, data: bytes) -> None:
        """Atomically: a reader sees the whole file or none."""
        fd, tmp = tempfile.mkstemp(dir=self.weights, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._file(sha))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def _record(model: Imported, name: str, sha: str, size: int) -> Record:
        s = model.spec
        return Record(
            sha[:16],
            sha,
            name,
            s.cell,
            s.layers,
            s.hidden,
            s.embedding,
            s.activation,
            model.vocab,
            model.tokens,
            model.format,
            model.mapped,
            size,
            time.time(),
            s.residual,
        )

    @staticmethod
    def _row(r: Record) -> tuple[Any, ...]:
        d = {
            **vars(r),
            "vocab": json.dumps(r.vocab, ensure_ascii=False),
            "mapped": json.dumps(r.mapped, ensure_ascii=False),
        }
        return tuple(d[c] for c in COLUMNS)
