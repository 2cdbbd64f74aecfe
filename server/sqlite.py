"""SQLite connections to the files every worker shares (the model store, the training jobs,
the answer cache): autocommit, waiting for another writer instead of failing, in WAL mode
(readers go on while one writer writes; the mode is kept in the file once set)."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

WAIT = 30.0  # seconds a connection waits for another one's lock


def connect(path: Path, wait: float = WAIT) -> sqlite3.Connection:
    """An autocommit connection to `path` in WAL mode. Turning a new file to WAL takes a lock
    that SQLite does not wait for (it answers "database is locked" at once), so when several
    threads or workers open a fresh file together, the losers try again until `wait`."""
    con = sqlite3.connect(path, timeout=wait, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    deadline = time.monotonic() + wait
    while True:
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                con.execute("PRAGMA journal_mode = WAL")
            return con
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                con.close()
                raise
            time.sleep(0.01)


@contextlib.contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection: it takes the write lock at once
    (BEGIN IMMEDIATE, waiting for another writer), commits at the end, rolls back on any
    exception (and lets it go on)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
