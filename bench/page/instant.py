"""Is the page instant on lecture-hall Wi-Fi? The first visit on a slow link, and keystrokes.

    .venv/bin/python -m bench.page.instant [--against REV] [--visits 3] [--reps 5]

Both parts drive headless Chromium (the tests' launch flags) against `rnnscope serve` in a
child process on a loopback port (bench/load/server.py). With `--against REV`, the checkout of
REV (a temporary git worktree: its server, page and all) is served beside this one and every
row is measured for both, interleaved, so that both see the same load; the ratios follow.

First visit: an empty cache on an emulated 2 Mbit/s link with 40 ms latency (DevTools
`Network.emulateNetworkConditions`; one student's share of a busy access point) opens `/`.
From the browser's own clocks: the time from navigation to the network's first token on
screen (a MutationObserver sees `svg.network text.token`), the bytes received before it and in
all (DevTools `Network.dataReceived` / `loadingFinished`: bytes as they crossed the wire),
and the time until the charts are drawn (the page's `rnnscope:rendered`).

Keystrokes: for one LSTM at T = H = 4 and T = H = 32 and compare mode at T = H = 32, each
sample deletes the text's last character and types one the server has not seen, and splits
the time after the last keydown (the event's own timeStamp) into the pause before the request
(Resource Timing's startTime), the request (to responseEnd), and the page's work until the DOM
is quiet (the last DOM mutation, seen by a MutationObserver, once none came for QUIET_MS);
also the longest main-thread task meanwhile, and `painted`: from the answer until the frame
that shows the last mutation has been rendered (a task queued from that frame's
requestAnimationFrame runs after its style, layout and paint), which the page's work leaves
out.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.load.server import served
from bench.page.common import ROOT, chromium_page, conditions, median, text_of, unseen_keys

LINK = {"latency": 40, "downloadThroughput": 2_000_000 / 8, "uploadThroughput": 2_000_000 / 8}
QUIET_MS = 500
SIZES = [("lstm", 4, 4), ("lstm", 32, 32), ("compare", 32, 32)]

# In every page: when the first input token appears, the last DOM mutation, long tasks.
WATCH = """(() => {
  window.__watch = {firstToken: null, lastMutation: 0, longest: 0, painted: 0, frame: false};
  const observer = new MutationObserver(() => {
    window.__watch.lastMutation = performance.now();
    if (!window.__watch.frame) {  // the frame that shows this change: a task after it ends
      window.__watch.frame = true;
      requestAnimationFrame(() => setTimeout(() => {
        window.__watch.frame = false;
        window.__watch.painted = performance.now();
      }, 0));
    }
    if (window.__watch.firstToken === null && document.querySelector('svg.network text.token')) {
      window.__watch.firstToken = performance.now();
    }
  });
  const all = {subtree: true, childList: true, attributes: true, characterData: true};
  observer.observe(document, all);
  new PerformanceObserver((list) => {
    const w = window.__watch;
    for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
  }).observe({type: 'longtask', buffered: true});
  const api = (e) => e.name.includes('/api/');
  window.__api = () => performance.getEntriesByType('resource').filter(api);
  addEventListener('rnnscope:rendered', () => { window.__watch.rendered ??= performance.now(); });
})();"""


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """The repository at `rev` in a temporary git worktree (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="rnnscope-before-") as tmp:
        path = Path(tmp) / "tree"
        git = ["git", "-C", str(ROOT)]
        subprocess.run(
            [*git, "worktree", "add", "--detach", str(path), rev], check=True, capture_output=True
        )
        try:
            yield path
        finally:
            subprocess.run(
                [*git, "worktree", "remove", "--force", str(path)], check=True, capture_output=True
            )


def first_visit(base: str) -> dict:
    """One first visit of `/` with an empty cache on the slow link."""
    with chromium_page(base) as page:
        page.context.add_init_script(WATCH)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **LINK})
        clock = {}
        chunks: list[tuple[float, int]] = []  # (monotonic s, bytes)
        totals: dict[str, float] = {}
        received: dict[str, int] = {}

        def sent(e) -> None:
            clock.setdefault("offset", e["wallTime"] - e["timestamp"])

        def data(e) -> None:
            chunks.append((e["timestamp"], e["encodedDataLength"]))
            received[e["requestId"]] = received.get(e["requestId"], 0) + e["encodedDataLength"]

        def finished(e) -> None:
            rest = e["encodedDataLength"] - received.get(e["requestId"], 0)  # headers, mostly
            chunks.append((e["timestamp"], max(rest, 0)))
            totals[e["requestId"]] = e["encodedDataLength"]

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.dataReceived", data)
        cdp.on("Network.loadingFinished", finished)
        page.goto(base + "/")
        page.wait_for_function(
            "() => window.__watch.firstToken !== null && window.__watch.rendered"
        )
        page.wait_for_load_state("networkidle")
        w = page.evaluate("() => ({origin: performance.timeOrigin, ...window.__watch})")
        token_at = (w["origin"] + w["firstToken"]) / 1000 - clock["offset"]  # monotonic s
        before = sum(n for at, n in chunks if at <= token_at)
        cdp.detach()
        return {
            "token": w["firstToken"],
            "before": before,
            "total": sum(totals.values()),
            "charts": w["rendered"],
        }


def keystroke(page, ch: str) -> dict:
    page.evaluate(
        """() => {
        performance.clearResourceTimings();
        window.__watch.longest = 0;
        window.__key = {};
        const field = document.getElementById('in-text');
        field.addEventListener('keydown', (e) => { window.__key.down = e.timeStamp; });
    }"""
    )
    page.keyboard.press("Backspace")
    page.keyboard.type(ch)
    page.wait_for_function(
        """q => {
        const api = window.__api();
        const last = api[api.length - 1];
        return last && last.responseEnd > 0 && last.startTime > window.__key.down
          && document.body.dataset.trace && last.name.endsWith(document.body.dataset.trace)
          && performance.now() - Math.max(window.__watch.lastMutation, last.responseEnd) > q;
    }""",
        arg=QUIET_MS,
        polling=50,
    )
    r = page.evaluate(
        """() => {
        const api = window.__api();
        const last = api[api.length - 1];
        const w = window.__watch;
        return {down: window.__key.down, start: last.startTime, end: last.responseEnd,
                quiet: Math.max(w.lastMutation, last.responseEnd), longest: w.longest,
                painted: Math.max(w.painted, last.responseEnd)};
    }"""
    )
    return {
        "pause": r["start"] - r["down"],
        "request": r["end"] - r["start"],
        "work": r["quiet"] - r["end"],
        "painted": r["painted"] - r["end"],
        "total": r["quiet"] - r["down"],
        "longest": r["longest"],
    }


def keystrokes(page, base: str, cell: str, T: int, H: int, reps: int, k: int) -> dict:
    page.goto(f"{base}/?text={text_of(T)}&cell={cell}&hidden={H}&lang=en")
    page.wait_for_function(
        "() => window.__watch.rendered && document.body.dataset.trace !== 'example'"
    )
    page.locator("#in-text").click()
    page.keyboard.press("End")
    # every keystroke a text neither the page nor the server has seen, for any --reps
    keys = itertools.islice(unseen_keys(text_of(T), k, warm_up=""), reps + 1)
    rows = [keystroke(page, ch) for ch in keys][1:]  # 1 warms up
    return {key: median([r[key] for r in rows]) for key in rows[0]}


def served_pages(stack: contextlib.ExitStack, against: str | None) -> list[tuple[str, str]]:
    """(label, base URL) of the page served from this checkout ("now"), after the checkout of
    `against` when given; the servers and the checkout live as long as `stack`."""
    pages = []
    if against:
        old = stack.enter_context(checkout(against))
        pages.append((against, stack.enter_context(served(root=old)).base))
    pages.append(("now", stack.enter_context(served()).base))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", metavar="REV", help="also measure the checkout of git REV")
    parser.add_argument("--visits", type=int, default=3, help="first visits per page (median)")
    parser.add_argument("--reps", type=int, default=5, help="keystrokes per size (median)")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        pages = served_pages(stack, args.against)
        with chromium_page(pages[-1][1]) as probe:
            print(f"`{conditions(probe)}`\n")

        print("First visit, empty cache, 2 Mbit/s and 40 ms (median of", args.visits, "each):\n")
        row("page", "first token ms", "KB before it", "KB in all", "charts drawn ms")
        row("---", *["---:"] * 4)
        visits = {label: [] for label, _ in pages}
        for _ in range(args.visits):
            for label, base in pages:  # interleaved: both see the same load
                visits[label].append(first_visit(base))
        for label, rows in visits.items():
            m = {key: median([r[key] for r in rows]) for key in rows[0]}
            row(label, f"{m['token']:.0f}", f"{m['before'] / 1e3:.0f}", f"{m['total'] / 1e3:.0f}",
                f"{m['charts']:.0f}")  # fmt: skip

        print(f"\nKeystrokes on texts the server has not seen (median of {args.reps}), ms:\n")
        row(
            "page",
            "cell",
            "T = H",
            "pause",
            "request",
            "page work",
            "keydown to quiet",
            "longest task",
            "answer to painted",
        )
        row("---", "---", *["---:"] * 7)
        k = 0
        for cell, T, H in SIZES:
            for label, base in pages:
                with chromium_page(base) as page:
                    page.context.add_init_script(WATCH)
                    m = keystrokes(page, base, cell, T, H, args.reps, k)
                row(
                    label,
                    cell,
                    T,
                    *(
                        f"{m[key]:.0f}"
                        for key in ("pause", "request", "work", "total", "longest", "painted")
                    ),
                )
            k += args.reps + 1


def row(*cells: object) -> None:
    print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
