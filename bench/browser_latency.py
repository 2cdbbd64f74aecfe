"""Keystroke to redrawn view, in headless Chromium, for T and H up to 32.

For each (cell, T, H) the text has T+1 characters; each sample deletes its last character and
types a new one (so the server's cache never answers) and times, from that last keydown:
  debounce   until the fetch starts (the page waits for typing to pause: 120 ms),
  server     the fetch itself (trace computed by core on a loopback server),
  diagrams   from the answer to the network SVG and the cell detail (MathML) being built,
  charts     the Plotly charts and heatmaps, drawn right after the diagrams have painted,
  totals     keydown to the diagrams, and keydown to the frame after the last chart,
  longest    the longest main-thread task meanwhile: how long a next keystroke could wait.
Run: .venv/bin/python bench/browser_latency.py [--reps N]
"""

from __future__ import annotations

import argparse
import string

from browser_common import chromium_page, conditions, live_server, median, open_view

ALPHABET = string.ascii_lowercase + string.ascii_uppercase + string.digits
BASE_TEXT = "the quick brown fox jumps over a lazy dog"
COLUMNS = [
    "cell",
    "T",
    "H",
    "debounce ms",
    "server ms",
    "diagrams ms",
    "charts ms",
    "keystroke to diagrams ms",
    "keystroke to all painted ms",
    "longest task ms",
]


def sample(page, ch: str) -> dict:
    page.evaluate(
        """() => {
        window.__bench = {longest: 0};
        if (!window.__longtasks) {
          window.__longtasks = true;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) {
              window.__bench.longest = Math.max(window.__bench.longest, e.duration);
            }
          }).observe({type: 'longtask'});
        }
        const input = document.getElementById('in-text');
        input.addEventListener('keydown', (e) => { window.__bench.down = e.timeStamp; });
        const start = document.body.dataset.trace;
        performance.clearMarks();
        window.__bench.done = new Promise((resolve) => {
          const onRender = (e) => {
            if (e.detail.url === start) return;
            window.removeEventListener('rnnscope:rendered', onRender);
            requestAnimationFrame(() => resolve(performance.now()));
          };
          window.addEventListener('rnnscope:rendered', onRender);
        });
    }"""
    )
    page.keyboard.press("Backspace")
    page.keyboard.type(ch)
    return page.evaluate(
        """async () => {
        const painted = await window.__bench.done;
        const mark = (n) => performance.getEntriesByName('rnnscope:' + n).slice(-1)[0].startTime;
        return {down: window.__bench.down, fetchStart: mark('fetch-start'),
                fetchEnd: mark('fetch-end'), network: mark('network'),
                rendered: mark('rendered'), painted, longest: window.__bench.longest};
    }"""
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    grid = [("lstm", t, h) for t in (4, 16, 32) for h in (8, 32)] + [("compare", 32, 32)]
    with live_server() as base, chromium_page(base) as page:
        print(conditions(page), end="\n\n")
        print(f"| {' | '.join(COLUMNS)} |")
        print("|" + " --- |" * len(COLUMNS))
        k = 0
        for cell, T, H in grid:
            text = (BASE_TEXT * 2)[: T + 1]
            open_view(page, f"?text={text}&cell={cell}&hidden={H}&lang=en")
            page.wait_for_function("() => document.body.dataset.trace !== 'example'")
            page.locator("#in-text").click()
            page.keyboard.press("End")
            rows = []
            for _ in range(args.reps + 1):  # the first sample warms up
                rows.append(sample(page, ALPHABET[k % len(ALPHABET)]))
                k += 1
            rows = rows[1:]
            debounce = median([r["fetchStart"] - r["down"] for r in rows])
            server = median([r["fetchEnd"] - r["fetchStart"] for r in rows])
            diagrams = median([r["network"] - r["fetchEnd"] for r in rows])
            charts = median([r["rendered"] - r["network"] for r in rows])
            first = median([r["network"] - r["down"] for r in rows])
            total = median([r["painted"] - r["down"] for r in rows])
            longest = median([r["longest"] for r in rows])
            cells = [debounce, server, diagrams, charts, first, total, longest]
            print(f"| {cell} | {T} | {H} | " + " | ".join(f"{v:.0f}" for v in cells) + " |")


if __name__ == "__main__":
    main()
