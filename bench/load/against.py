"""Before and after in one run: another revision served from a temporary git worktree, and
runs interleaved with this checkout's, so that the machine's other load falls on both alike.

    with revisions("main~3") as revs:     # [("main~3", /tmp/...), ("now", ROOT)]
        for label, root in interleaved(revs, rounds=2):   # A B, B A, A B, ...
            out = in_checkout(root, SCRIPT, "arg")      # SCRIPT imports that revision

The worktree is made with `git worktree add --detach` and always removed. It runs with this
checkout's virtual environment: the revisions must share their dependencies.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.load.server import ROOT


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """A temporary worktree of `rev` (detached), removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="rnnscope-rev-"))
    path = tmp / "checkout"
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "--detach", "--quiet", str(path), rev], check=True)
    try:
        yield path
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(path)], check=False)
        subprocess.run([*git, "worktree", "prune"], check=False)
        with contextlib.suppress(OSError):
            tmp.rmdir()


@contextlib.contextmanager
def revisions(against: str | None) -> Iterator[list[tuple[str, Path]]]:
    """[(label, checkout)]: `against` (if given) before this checkout ("now")."""
    with contextlib.ExitStack() as stack:
        found: list[tuple[str, Path]] = []
        if against:
            found.append((against, stack.enter_context(checkout(against))))
        found.append(("now", ROOT))
        yield found


def in_checkout(root: Path, script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """The standard output of `python -c script args...` run in the checkout `root` (so that
    `rnnscope` is that revision's), with this virtual environment's Python and this process's
    environment plus `env`. A failure raises, its standard error shown first."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=root, env={**os.environ, **(env or {})}, capture_output=True,
    )  # fmt: skip
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode(errors="replace"))
        done.check_returncode()
    return done.stdout.decode()


def interleaved(revs: list[tuple[str, Path]], rounds: int) -> Iterator[tuple[str, Path]]:
    """Each revision once per round, the order reversed every other round (A B, B A, ...)."""
    for r in range(rounds):
        yield from revs if r % 2 == 0 else revs[::-1]


def load() -> str:
    """The load average now, for the figures' conditions."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def ratio(before: float, after: float) -> str:
    """after / before, as a factor ("0.31x"); "-" when either is missing."""
    if not before or before != before or after != after:
        return "-"
    return f"{after / before:.2f}x"
