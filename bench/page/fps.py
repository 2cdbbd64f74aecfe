"""Animation frame rate of the play-back, in headless Chromium.

For each view the player runs for a fixed window (forward reveal from step 1, then the backward
pass from step T) while a requestAnimationFrame loop records every frame's time. Reports frames
per second, the 95th-percentile frame interval, and frames longer than 50 ms (visible stutter),
of the median of --repeat runs (the machine is shared, so single runs scatter).
Headless Chromium paces frames at 60 Hz, so 60 fps is the ceiling.
Then, paused, the time from a key press to the next frame: ← (one step back) and ↓ (next unit).
Run: .venv/bin/python -m bench.page.fps [--seconds S] [--repeat N] [--sizes lecture,largest]
  [--against REV]
`--sizes` takes preset names and `cell:TxH` items (e.g. `lstm:256x32`, `compare:256xmax`).
`--against REV` measures the page as it was at git REV side by side with the page now (same
server, same browser, runs alternated) and prints the ratios.
"""

from __future__ import annotations

import argparse

from bench.page.common import (
    LARGEST,
    PageError,
    median,
    open_view,
    page_errors,
    parse_sizes,
    session,
    size_arguments,
    text_of,
)

PRESETS = {
    "lecture": [("lstm", 4, 8), ("lstm", 32, 32), ("compare", 32, 32)],
    "largest": parse_sizes(LARGEST, {}),
}
COLUMNS = [
    "view",
    "T",
    "H",
    "pass",
    "fps",
    "p95 frame ms",
    "frames > 50 ms",
    "← key ms",
    "↓ key ms",
]

# From a key's keydown to the first frame after the page has handled it (its view redrawn):
# stepping by hand (←) and picking another unit (↓), with the player paused.
KEY_TIMER = """() => {
  window.__key = null;
  document.addEventListener('keydown', (e) => {
    const down = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => { window.__key = performance.now() - down; }, 0));
  }, {once: true});
}"""

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


def play(page, base: str, query: str, seconds: float) -> dict:
    """One run: open the view, play for `seconds` while recording frames, pause, then time
    three presses of each key."""
    open_view(page, query, base=base)
    page.wait_for_function("() => document.body.dataset.trace !== 'example'")
    page.locator("#btn-play").click()
    run = page.evaluate(RECORD, seconds)
    page.keyboard.press(" ")
    for name, key in (("step", "ArrowLeft"), ("unit", "ArrowDown")):
        times = []
        for _ in range(3):
            page.evaluate(KEY_TIMER)
            page.keyboard.press(key)
            times.append(page.wait_for_function("() => window.__key").json_value())
        run[name] = median(times)
    if page_errors(page):  # it played, but the view stopped following the cursor
        raise PageError(page_errors(page)[0])
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median is shown")
    size_arguments(parser)
    args = parser.parse_args()
    with session(args, PRESETS, COLUMNS) as (bases, page, views):
        ratios = []
        for cell, T, H in views:
            for phase, step in (("fwd", 1), ("bwd", T)):
                query = f"?text={text_of(T)}&cell={cell}&hidden={H}&lang=en&speed=4"
                runs = {label: [] for label, _ in bases}
                errors = {}
                for _ in range(args.repeat):  # the machine is shared: take the median run
                    for label, base in bases:  # and alternate the pages, so both see its load
                        if label in errors:
                            continue
                        try:
                            run = play(
                                page, base, f"{query}&step={step}&phase={phase}", args.seconds
                            )
                            runs[label].append(run)
                        except PageError as err:
                            errors[label] = str(err)
                found = []
                for label, _ in bases:
                    rs = runs[label]
                    if label in errors:
                        head = [label] if args.against else []
                        row = [cell, T, H, phase, f"page error: {errors[label]}", "", "", "", ""]
                        print("| " + " | ".join(str(v) for v in head + row) + " |", flush=True)
                        found.append(None)
                        continue
                    r = sorted(rs, key=lambda run: run["fps"])[len(rs) // 2]
                    fps = median([run["fps"] for run in rs])
                    step_ms, unit_ms = (
                        median([x["step"] for x in rs]),
                        median([x["unit"] for x in rs]),
                    )
                    found.append((fps, step_ms, unit_ms))
                    row = [cell, T, H, phase, f"{fps:.1f}", f"{r['p95']:.1f}", r["long"]]
                    row += [f"{step_ms:.0f}", f"{unit_ms:.0f}"]
                    head = [label] if args.against else []
                    print("| " + " | ".join(str(v) for v in head + row) + " |", flush=True)
                if args.against and None not in found:
                    (fps0, step0, unit0), (fps1, step1, unit1) = found
                    ratios.append((cell, T, H, phase, fps1 / fps0, step0 / step1, unit0 / unit1))
        if ratios:
            print(f"\nnow against {args.against}: fps now / before, key times before / now\n")
            print("| view | T | H | pass | fps ratio | step key ratio | unit key ratio |")
            print("|" + " --- |" * 7)
            for cell, T, H, phase, *r in ratios:
                print(
                    f"| {cell} | {T} | {H} | {phase} | " + " | ".join(f"{v:.1f}" for v in r) + " |"
                )


if __name__ == "__main__":
    main()
