"""Training jobs shared by every worker: rows in SQLite, trainings in processes of their own.

    <data dir>/jobs.sqlite3             jobs and their events (WAL, short transactions)
    <data dir>/corpora/<sha256>.txt     each corpus once

A POST inserts a queued job; `dispatch()` (called by any worker, and by each training as it
ends) claims queued jobs in one BEGIN IMMEDIATE while fewer than `max_running` run, and starts
`python -m rnnscope.server.job_runner` for each, in a session of its own. A training writes its
progress and events here and heeds the cancel flag; whichever worker answers a GET or an
event stream reads them from here. A job whose training has not said anything for STALE
seconds (its process died) is marked failed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rnnscope.server import sqlite

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY, status TEXT NOT NULL, config TEXT NOT NULL, corpus TEXT NOT NULL,
        step INTEGER NOT NULL DEFAULT 0, steps INTEGER NOT NULL, train_loss REAL,
        val_loss REAL, model_id TEXT, error TEXT, created REAL NOT NULL, started REAL,
        finished REAL, heartbeat REAL, cancel INTEGER NOT NULL DEFAULT 0,
        kept_step INTEGER)""",
    """CREATE TABLE IF NOT EXISTS events (
        job TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (job, seq))""",
)
FIELDS = (
    "id",
    "status",
    "config",
    "step",
    "steps",
    "train_loss",
    "val_loss",
    "model_id",
    "error",
    "created",
    "started",
    "finished",
    "kept_step",
)
# Columns added since the table was first made: a store made before them gets them (NULL).
ADDED = {"kept_step": "INTEGER"}
TERMINAL = ("done", "failed", "cancelled")
STALE = 120.0  # seconds without a heartbeat: the training process is gone
KEEP = 100  # finished jobs kept (older ones and their events are removed)


class JobStore:
    def __init__(self, root: Path, max_running: int):
        self.root = root
        self.db = root / "jobs.sqlite3"
        self.corpora = root / "corpora"
        self.max_running = max_running

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self.corpora.mkdir(parents=True, exist_ok=True)
        con = sqlite.connect(self.db)
        try:
            for statement in SCHEMA:
                con.execute(statement)
            have = {row[1] for row in con.execute("PRAGMA table_info(jobs)")}
            for column, kind in ADDED.items():
                if column not in have:
                    with contextlib.suppress(sqlite3.OperationalError):  # another added it
                        con.execute(f"ALTER TABLE jobs ADD COLUMN {column} {kind}")
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (the lock every worker and training shares)."""
        with self.connect() as con, sqlite.transaction(con):
            yield con

    # --- the API's side ---

    def create(self, config: dict[str, Any], corpus: str) -> str:
        """A queued job for `config` training on `corpus` (stored once by content)."""
        sha = hashlib.sha256(corpus.encode()).hexdigest()
        path = self.corpora / f"{sha}.txt"
        job = secrets.token_hex(8)
        with self.write() as con:
            if not path.exists():
                path.write_text(corpus, encoding="utf-8")
            con.execute(
                "INSERT INTO jobs (id, status, config, corpus, steps, created) "
                "VALUES (?, 'queued', ?, ?, ?, ?)",
                (job, json.dumps(config), sha, config["steps"], time.time()),
            )
            self._event(con, job, "queued", {})
            self._prune(con)
        return job

    def get(self, job: str) -> dict[str, Any] | None:
        if not self.db.exists():  # reading an empty store creates nothing
            return None
        with self.connect() as con:
            row = con.execute(f"SELECT {', '.join(FIELDS)} FROM jobs WHERE id = ?", (job,))
            found = row.fetchone()
        if found is None:
            return None
        out = dict(zip(FIELDS, found, strict=True))
        out["config"] = json.loads(out["config"])
        return out

    def events(self, job: str, after: int = 0) -> list[tuple[int, str, dict[str, Any]]]:
        if not self.db.exists():
            return []
        with self.connect() as con:
            rows = con.execute(
                "SELECT seq, kind, data FROM events WHERE job = ? AND seq > ? ORDER BY seq",
                (job, after),
            ).fetchall()
        return [(seq, kind, json.loads(data)) for seq, kind, data in rows]

    def cancel(self, job: str) -> bool:
        """Ask for a stop: a queued job ends at once, a running one at its next step."""
        with self.write() as con:
            row = con.execute("SELECT status FROM jobs WHERE id = ?", (job,)).fetchone()
            if row is None:
                return False
            if row[0] == "queued":
                self._finish(con, job, "cancelled", {})
            elif row[0] == "running":
                con.execute("UPDATE jobs SET cancel = 1 WHERE id = ?", (job,))
        return True

    def dispatch(self) -> list[str]:
        """Start a training for each queued job that fits under max_running; fail stale ones."""
        started: list[str] = []
        if not self.db.exists():  # no job was ever created: nothing to start, nothing written
            return started
        with self.write() as con:
            limit = time.time() - STALE
            for (job,) in con.execute(
                "SELECT id FROM jobs WHERE status = 'running' AND heartbeat < ?", (limit,)
            ).fetchall():
                stopped = {"error": "the training process stopped", "reason": "process_stopped"}
                self._finish(con, job, "failed", stopped)
            (running,) = con.execute(
                "SELECT COUNT(*) FROM jobs WHERE status = 'running'"
            ).fetchone()
            queued = con.execute(
                "SELECT id FROM jobs WHERE status = 'queued' ORDER BY created LIMIT ?",
                (max(0, self.max_running - running),),
            ).fetchall()
            now = time.time()
            for (job,) in queued:
                con.execute(
                    "UPDATE jobs SET status = 'running', started = ?, heartbeat = ? WHERE id = ?",
                    (now, now, job),
                )
                self._event(con, job, "started", {})
                started.append(job)
        for job in started:
            subprocess.Popen(
                [sys.executable, "-m", "rnnscope.server.job_runner", str(self.root), job],
                start_new_session=True,
                stdin=subprocess.DEVNULL,
            )
        return started

    # --- the training's side (server/job_runner.py) ---

    def corpus_of(self, job: str) -> tuple[dict[str, Any], str]:
        with self.connect() as con:
            config, sha = con.execute(
                "SELECT config, corpus FROM jobs WHERE id = ?", (job,)
            ).fetchone()
        return json.loads(config), (self.corpora / f"{sha}.txt").read_text(encoding="utf-8")

    def progress(
        self,
        job: str,
        step: int,
        train_loss: float | None,
        val_loss: float | None,
        events: list[tuple[str, dict[str, Any]]],
    ) -> bool:
        """Record progress and events; True when the job has been asked to stop."""
        with self.write() as con:
            con.execute(
                "UPDATE jobs SET step = ?, train_loss = COALESCE(?, train_loss), "
                "val_loss = COALESCE(?, val_loss), heartbeat = ? WHERE id = ?",
                (step, train_loss, val_loss, time.time(), job),
            )
            for kind, data in events:
                self._event(con, job, kind, data)
            (cancel,) = con.execute("SELECT cancel FROM jobs WHERE id = ?", (job,)).fetchone()
        return bool(cancel)

    def finish(self, job: str, status: str, data: dict[str, Any]) -> None:
        with self.write() as con:
            self._finish(con, job, status, data)

    # --- helpers, inside a write transaction ---

    def _finish(self, con: sqlite3.Connection, job: str, status: str, data: dict[str, Any]) -> None:
        con.execute(
            "UPDATE jobs SET status = ?, finished = ?, model_id = ?, error = ?, kept_step = ? "
            "WHERE id = ?",
            (status, time.time(), *(data.get(k) for k in ("model_id", "error", "kept_step")), job),
        )
        self._event(con, job, status, data)

    @staticmethod
    def _event(con: sqlite3.Connection, job: str, kind: str, data: dict[str, Any]) -> None:
        (last,) = con.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE job = ?", (job,)
        ).fetchone()
        con.execute(
            "INSERT INTO events (job, seq, kind, data) VALUES (?, ?, ?, ?)",
            (job, last + 1, kind, json.dumps(data)),
        )

    def _prune(self, con: sqlite3.Connection) -> None:
        old = con.execute(
            "SELECT id FROM jobs WHERE status IN ('done', 'failed', 'cancelled') "
            "ORDER BY created DESC LIMIT -1 OFFSET ?",
            (KEEP,),
        ).fetchall()
        for (job,) in old:
            con.execute("DELETE FROM events WHERE job = ?", (job,))
            con.execute("DELETE FROM jobs WHERE id = ?", (job,))
        used = {sha for (sha,) in con.execute("SELECT DISTINCT corpus FROM jobs")}
        for path in self.corpora.glob("*.txt"):
            if path.stem not in used:
                path.unlink(missing_ok=True)
