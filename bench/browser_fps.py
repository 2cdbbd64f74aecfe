"""Animation frame rate of the play-back, in headless Chromium.

For each view the player runs for a fixed window (forward reveal from step 1, then the backward
pass from step T) while a requestAnimationFrame loop records every frame's time. Reports frames
per second, the 95th-percentile frame interval, and frames longer than 50 ms (visible stutter),
of the median of --repeat runs (the machine is shared, so single runs scatter).
Headless Chromium paces frames at 60 Hz, so 60 fps is the ceiling.
Run: .venv/bin/python bench/browser_fps.py [--seconds S] [--repeat N]
"""

from __future__ import annotations

import argparse

from browser_common import chromium_page, conditions, live_server, median, open_view

BASE_TEXT = "the quick brown fox jumps over a lazy dog"
COLUMNS = ["view", "T", "H", "pass", "fps", "p95 frame ms", "frames > 50 ms"]

RECORD = """async (seconds) => {
  const times = [];
  const stopAt = performance.now() + seconds * 1000;
  await new Promise((resolve) => {
    const tick = (now) => {
      times.push(now);
      if (now < stopAt) requestAnimationFrame(tick); else resolve();
    };
    requestAnimationFrame(tick);
  });
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const span = (times[times.length - 1] - times[0]) / 1000;
  return {fps: gaps.length / span, p95: gaps[Math.floor(gaps.length * 0.95)],
          long: gaps.filter((g) => g > 50).length};
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median is shown")
    args = parser.parse_args()
    views = [("lstm", 4, 8), ("lstm", 32, 32), ("compare", 32, 32)]
    with live_server() as base, chromium_page(base) as page:
        print(conditions(page), end="\n\n")
        print(f"| {' | '.join(COLUMNS)} |")
        print("|" + " --- |" * len(COLUMNS))
        for cell, T, H in views:
            text = (BASE_TEXT * 2)[: T + 1]
            for phase, step in (("fwd", 1), ("bwd", T)):
                query = f"?text={text}&cell={cell}&hidden={H}&lang=en&speed=4"
                runs = []
                for _ in range(args.repeat):  # the machine is shared: take the median run
                    open_view(page, f"{query}&step={step}&phase={phase}")
                    page.wait_for_function("() => document.body.dataset.trace !== 'example'")
                    page.locator("#btn-play").click()
                    runs.append(page.evaluate(RECORD, args.seconds))
                    page.keyboard.press(" ")
                r = sorted(runs, key=lambda run: run["fps"])[len(runs) // 2]
                fps = median([run["fps"] for run in runs])
                row = [cell, T, H, phase, f"{fps:.1f}", f"{r['p95']:.1f}", r["long"]]
                print("| " + " | ".join(str(v) for v in row) + " |")


if __name__ == "__main__":
    main()
