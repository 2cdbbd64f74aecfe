"""Shared set-up of the page benchmarks: the app on a loopback port and headless Chromium.

The server and the browser are the tests' own (tests/loopback.py, tests/browser/chromium.py):
same uvicorn, same launch flags; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import string
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BASE_TEXT = "the quick brown fox jumps over a lazy dog"  # 27 distinct characters
# A view of a few hundred thousand elements takes seconds to open on a loaded machine.
TIMEOUT_MS = 300_000


@contextlib.contextmanager
def live_server(page_dir: Path | None = None) -> Iterator[str]:
    """The app on a free loopback port; with `page_dir`, its static/ and templates/ are those
    found there (an older version of the page, see page_at)."""
    from rnnscope.server.main import create_app
    from rnnscope.server.settings import Settings
    from tests.loopback import serving

    dirs = {}
    if page_dir is not None:
        dirs = {"static_dir": page_dir / "static", "templates_dir": page_dir / "templates"}
    with serving(create_app(Settings(**dirs))) as base:
        yield base


@contextlib.contextmanager
def chromium_page(base: str, width: int = 1366, height: int = 768):
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import launch

    with sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=base)
        context.add_init_script(ERRORS)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@contextlib.contextmanager
def page_at(rev: str) -> Iterator[Path]:
    """static/ and templates/ as they were at git revision `rev`, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="rnnscope-page-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "static", "templates"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        yield Path(tmp)


@contextlib.contextmanager
def servers(against: str | None) -> Iterator[list[tuple[str, str]]]:
    """[(label, base URL)]: the page as it is now, preceded by the page at `against` if given,
    both served by this checkout's server (so only the page differs)."""
    with contextlib.ExitStack() as stack:
        found = []
        if against:
            old = stack.enter_context(page_at(against))
            found.append((against, stack.enter_context(live_server(old))))
        found.append(("now", stack.enter_context(live_server())))
        yield found


# Uncaught errors of the page, kept where open_view and page_errors can read them.
ERRORS = """window.__errors = [];
addEventListener('error', (e) => window.__errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));"""


class PageError(RuntimeError):
    """The page threw instead of drawing the view (an older page may, see --against)."""


def page_errors(page) -> list[str]:
    return page.evaluate("() => window.__errors || []")


def open_view(page, query: str, renders: int = 1, base: str = "") -> None:
    page.goto(base + "/" + query)
    page.wait_for_function(
        "n => Number(document.body.dataset.renders || 0) >= n || (window.__errors || []).length",
        arg=renders,
    )
    if page_errors(page):
        raise PageError(page_errors(page)[0])
    page.wait_for_function("() => !document.querySelector('#status .msg')")


def conditions(page) -> str:
    """One line on what the figures were measured on: load, cores, browser."""
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    cores = len(os.sched_getaffinity(0))
    return f"{cores} cores, load average {load} at start, Chromium {page.context.browser.version}"


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def text_of(T: int) -> str:
    """T+1 characters (T steps) cut from BASE_TEXT repeated: always the same 27-token vocabulary
    once T >= 40."""
    return (BASE_TEXT * (T // len(BASE_TEXT) + 2))[: T + 1]


# The keys a keystroke bench types: one keydown each on a US keyboard, none of them in BASE_TEXT
# (each text typed has the same vocabulary: its start's and the key).
KEYS = string.ascii_uppercase + string.digits + string.punctuation


def unseen_keys(text: str, start: int = 0, warm_up: str = "~") -> Iterator[str]:
    """What to type, keystroke after keystroke, after deleting the field's last character, so
    that every text is one the page (and its server) has not seen, however many are asked.
    `text` is the field as the page opened; the n-th keystroke (from `start`) replaces its last
    character with the n-th key of KEYS not in `text` nor `warm_up` (typed once before). When
    those are used up, the next keystroke types two keys and the first stays: the texts after
    it are one character longer (one step more), new again."""
    pool = [k for k in KEYS if k not in text and k not in warm_up]
    kept = ""  # the keys kept between `text` minus its last character and the key typed
    for n in itertools.count(start):
        rounds, i = divmod(n, len(pool))
        keep = pool[-1] * rounds
        yield keep[len(kept) :] + pool[i]
        kept = keep


def cost(T: int, H: int, cells: list[str], vocab: int) -> float:
    """The server's estimate for an untrained request (server/traces.py adds up the cells)."""
    from rnnscope import core
    from rnnscope.core.cost import Work

    return sum(core.estimate_cost(Work(steps=T, hidden=H, cell=c, vocab=vocab)) for c in cells)


def largest_hidden(T: int, cells: list[str], vocab: int) -> int:
    """The largest hidden size the server accepts untrained for T steps and these cells."""
    from rnnscope.core import limits

    ok = [
        H for H in range(1, limits.MAX_HIDDEN + 1) if cost(T, H, cells, vocab) <= limits.COST_BUDGET
    ]
    return max(ok, default=0)


def parse_sizes(
    spec: str, presets: dict[str, list[tuple[str, int, int]]]
) -> list[tuple[str, int, int]]:
    """Rows from a comma list of preset names and `cell:TxH` items (H may be `max`: the largest
    hidden size the server accepts at that T with these benches' text, one more token kept spare
    for the latency bench's typed characters)."""
    from rnnscope.core import limits

    rows = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        if item in presets:
            rows += presets[item]
            continue
        cell, _, size = item.partition(":")
        T, _, H = size.partition("x")
        cells = list(limits.CELL_NAMES) if cell == "compare" else [cell]
        vocab = len(set(text_of(int(T)))) + 1
        rows.append((cell, int(T), largest_hidden(int(T), cells, vocab) if H == "max" else int(H)))
    return rows


# Past T = H = 32, up to the largest sizes the page lets one ask for: 256 steps (MAX_TOKENS - 1)
# and hidden 256 (MAX_HIDDEN) for one cell; compare mode is bounded by COST_BUDGET at T = 256.
LARGEST = "lstm:256x32,lstm:32x256,lstm:256x256,compare:256x32,compare:32x256,compare:256xmax"


def describe_sizes(rows: list[tuple[str, int, int]]) -> str:
    """One line per row past T = H = 32: the server's estimated cost of it against the budget."""
    from rnnscope.core import limits

    lines = []
    for cell, T, H in rows:
        if T <= 32 and H <= 32:
            continue
        cells = list(limits.CELL_NAMES) if cell == "compare" else [cell]
        vocab = len(set(text_of(T)))
        lines.append(
            f"{cell} T={T} H={H}: estimated {cost(T, H, cells, vocab):.2f} s of COST_BUDGET "
            f"{limits.COST_BUDGET} s (largest H at this T: {largest_hidden(T, cells, vocab + 1)})"
        )
    return "\n".join(lines)


def size_arguments(parser: argparse.ArgumentParser) -> None:
    """--sizes and --against, as every page bench takes them."""
    parser.add_argument(
        "--sizes", default="lecture", help="presets (lecture, largest) and cell:TxH items"
    )
    parser.add_argument(
        "--against", metavar="REV", help="also measure the page (static/, templates/) at git REV"
    )


@contextlib.contextmanager
def session(
    args: argparse.Namespace, presets: dict[str, list[tuple[str, int, int]]], columns: list[str]
):
    """The servers (this page, and the page at --against), one Chromium page, the rows of
    --sizes; prints the conditions, what the large sizes cost, and the table's header (with a
    `page` column when two pages are compared). Yields (bases, page, rows)."""
    rows = parse_sizes(args.sizes, presets)
    with servers(args.against) as bases, chromium_page(bases[-1][1]) as page:
        print(conditions(page), end="\n\n")
        if describe_sizes(rows):
            print(describe_sizes(rows), end="\n\n")
        head = (["page"] if args.against else []) + columns
        print(f"| {' | '.join(head)} |")
        print("|" + " --- |" * len(head))
        yield bases, page, rows
