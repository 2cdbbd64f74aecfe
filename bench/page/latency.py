"""Keystroke to redrawn view, in headless Chromium, for T and H up to 32 and at the largest sizes.

For each (cell, T, H) the text has T+1 characters; each sample deletes its last character and
types a new one (so the server's cache never answers) and times, from that last keydown:
  debounce   until the fetch starts (the page waits for typing to pause: 120 ms),
  server     the fetch itself (trace computed by core on a loopback server),
  diagrams   from the answer to the network SVG and the cell detail (MathML) being built,
  charts     the Plotly charts and heatmaps, drawn right after the diagrams have painted,
  totals     keydown to the diagrams, and keydown to the frame after the last chart,
  longest    the longest main-thread task meanwhile: how long a next keystroke could wait.
Run: .venv/bin/python -m bench.page.latency [--reps N] [--sizes lecture,largest] [--against REV]
`--sizes` takes preset names and `cell:TxH` items (e.g. `lstm:256x32`, `compare:256xmax`).
`--against REV` measures the page as it was at git REV side by side with the page now (same
server, same browser, rows interleaved) and prints the before/after ratios.
"""

from __future__ import annotations

import argparse
import itertools

from bench.page.common import (
    LARGEST,
    PageError,
    median,
    open_view,
    parse_sizes,
    session,
    size_arguments,
    text_of,
    unseen_keys,
)

PRESETS = {
    "lecture": [("lstm", t, h) for t in (4, 16, 32) for h in (8, 32)] + [("compare", 32, 32)],
    "largest": parse_sizes(LARGEST, {}),
}
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


def measure(page, base: str, cell: str, T: int, H: int, reps: int, k: int) -> list[float]:
    """The median breakdown of `reps` keystrokes (after one to warm up), in COLUMNS' order."""
    open_view(page, f"?text={text_of(T)}&cell={cell}&hidden={H}&lang=en", base=base)
    page.wait_for_function("() => document.body.dataset.trace !== 'example'")
    page.locator("#in-text").click()
    page.keyboard.press("End")
    rows = []
    # every keystroke a text neither the page nor the server has seen, for any --reps
    for ch in itertools.islice(unseen_keys(text_of(T), k, warm_up=""), reps + 1):
        rows.append(sample(page, ch))  # the first sample warms up
    rows = rows[1:]
    return [
        median([r["fetchStart"] - r["down"] for r in rows]),  # debounce
        median([r["fetchEnd"] - r["fetchStart"] for r in rows]),  # server
        median([r["network"] - r["fetchEnd"] for r in rows]),  # diagrams
        median([r["rendered"] - r["network"] for r in rows]),  # charts
        median([r["network"] - r["down"] for r in rows]),  # keystroke to diagrams
        median([r["painted"] - r["down"] for r in rows]),  # keystroke to all painted
        median([r["longest"] for r in rows]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    size_arguments(parser)
    args = parser.parse_args()
    with session(args, PRESETS, COLUMNS) as (bases, page, grid):
        k = 0
        ratios = []
        for cell, T, H in grid:
            found = []
            for label, base in bases:  # side by side: the same load for both pages
                head = ([label] if args.against else []) + [cell, T, H]
                print("| " + " | ".join(map(str, head)) + " | ", end="")
                try:
                    found.append(measure(page, base, cell, T, H, args.reps, k))
                except PageError as err:
                    found.append(None)
                    print(f"page error: {err} |" + " |" * (len(COLUMNS) - 4), flush=True)
                    continue
                print(" | ".join(f"{v:.0f}" for v in found[-1]) + " |", flush=True)
            k += args.reps + 1
            if args.against and None not in found:
                ratios.append(
                    (cell, T, H, [max(b, 1) / max(a, 1) for b, a in zip(*found, strict=True)])
                )
        if ratios:
            print(f"\nbefore / after ({args.against} / now), for the columns after the debounce:\n")
            print(f"| cell | T | H | {' | '.join(COLUMNS[4:])} |")
            print("|" + " --- |" * (len(COLUMNS) - 1))
            for cell, T, H, r in ratios:
                print(f"| {cell} | {T} | {H} | " + " | ".join(f"{v:.1f}" for v in r[1:]) + " |")


if __name__ == "__main__":
    main()
