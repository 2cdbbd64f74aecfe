"""Can the typing pause be shorter? A sentence typed at a lecturer's pace with pauses of 0 to
120 ms before the request, and the page before and after it kept its answers, side by side.

    .venv/bin/python -m bench.page.typing [--pauses 0,60,120] [--gaps 100,200] [--reps 3]

The page waits DEBOUNCE_MS (static/js/api.js) after a key before it asks the server, so that a
burst of keys makes one request; it keeps its last KEEP_ANSWERS answers and shows a kept one
at once. For each variant this serves a copy of the page with those constants changed (nothing
else differs; `rnnscope serve` in a child process, headless Chromium): "before" is the page
with the 120 ms pause and no kept answers. It types TEXT into an empty text box, one key every
GAP ms, for one LSTM (H = 8 and 32) and compare mode (H = 8), then a typo: one more key and,
once drawn, Backspace. From the browser's own clocks (Event Timing, a MutationObserver), per
typed sentence:
  final ms     the last keydown to the DOM quiet with the last text's answer drawn: what the
               room waits for after the lecturer stops typing;
  requests     trace requests sent while typing (each one the server computes);
  key wait ms  the longest a keystroke waited for the main thread (Event Timing: processingStart
               - startTime of keydown and input events): typing feels stuck past ~100 ms;
  busy ms      main-thread time in long tasks (over 50 ms) while typing;
  typo ms      Backspace after the typo to the DOM quiet with the text before it drawn;
  typo req     requests that Backspace sent.
Texts are made new to the server's cache each round (a round number is typed first).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.load.server import served
from bench.page.common import ROOT, chromium_page, conditions, median

TEXT = "hello world, hello rnn"
SIZES = [("lstm", 8), ("lstm", 32), ("compare", 8)]
QUIET_MS = 400

WATCH = """(() => {
  const w = window.__typing = {lastMutation: 0, keyWait: 0, busy: 0, renders0: 0};
  new MutationObserver(() => { w.lastMutation = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (['keydown', 'input', 'keypress'].includes(e.name)) {
        w.keyWait = Math.max(w.keyWait, e.processingStart - e.startTime);
      }
    }
  }).observe({type: 'event', durationThreshold: 16, buffered: false});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.busy += e.duration;
  }).observe({type: 'longtask'});
  w.api = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/'));
})();"""


@contextlib.contextmanager
def page_with(pause: int, keep: bool) -> Iterator[Path]:
    """A copy of this checkout's static/ and templates/ whose typing pause is `pause` ms and
    which keeps no answers unless `keep`."""
    with tempfile.TemporaryDirectory(prefix="rnnscope-pause-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "static", root / "static")
        shutil.copytree(ROOT / "templates", root / "templates")
        api = root / "static" / "js" / "api.js"
        source = api.read_text()
        for name, value in (("DEBOUNCE_MS", pause), ("KEEP_ANSWERS", None if keep else 0)):
            if value is None:
                continue
            source, n = re.subn(rf"const {name} = \d+;", f"const {name} = {value};", source)
            if n != 1:
                raise SystemExit(f"static/js/api.js has no `const {name} = ...;` to change")
        api.write_text(source)
        yield root


# The text box's text is drawn (the answer of its own URL), and the DOM has been quiet for q ms.
SHOWN = """q => {
  const w = window.__typing, trace = document.body.dataset.trace;
  if (!trace || trace === 'example') return false;
  const text = new URL(trace, location.href).searchParams.get('text');
  return text === document.getElementById('in-text').value
    && Number(document.body.dataset.renders) > w.renders0 && performance.now() - w.lastMutation > q;
}"""


def settle(page, then: str) -> dict:
    page.wait_for_function(SHOWN, arg=QUIET_MS, polling=50)
    return page.evaluate(then)


def sentence(page, base: str, cell: str, H: int, gap: int, prefix: str) -> dict:
    page.goto(f"{base}/?text=ab&cell={cell}&hidden={H}&lang=en")
    page.wait_for_function(
        "() => document.body.dataset.renders && document.body.dataset.trace !== 'example'"
    )
    field = page.locator("#in-text")
    field.fill("")
    page.evaluate(
        """() => {
        performance.clearResourceTimings();
        const renders0 = Number(document.body.dataset.renders);
        Object.assign(window.__typing, {keyWait: 0, busy: 0, renders0});
        document.getElementById('in-text')
          .addEventListener('keydown', (e) => { window.__typing.down = e.timeStamp; });
    }"""
    )
    field.press_sequentially(prefix + TEXT, delay=gap)
    r = settle(
        page,
        """() => { const w = window.__typing;
        return {final: w.lastMutation - w.down, requests: w.api().length, keyWait: w.keyWait,
                busy: w.busy}; }""",
    )
    page.evaluate("() => { window.__typing.renders0 = Number(document.body.dataset.renders); }")
    field.press("x")
    settle(page, "() => null")
    page.evaluate(
        """() => { performance.clearResourceTimings();
        window.__typing.renders0 = Number(document.body.dataset.renders); }"""
    )
    field.press("Backspace")
    r |= settle(
        page,
        "() => ({typo: window.__typing.lastMutation - window.__typing.down, "
        "typoRequests: window.__typing.api().length})",
    )
    return r


VARIANTS = "before: 120 ms, none kept"
KEYS = ("final", "requests", "keyWait", "busy", "typo", "typoRequests")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pauses", default="0,60,120", help="typing pauses to compare, ms")
    parser.add_argument("--gaps", default="100,200", help="time between keys, ms")
    parser.add_argument("--reps", type=int, default=3, help="sentences per row (median)")
    args = parser.parse_args()
    variants = [(VARIANTS, 120, False)] + [
        (f"{p} ms, kept", int(p), True) for p in args.pauses.split(",")
    ]
    gaps = [int(g) for g in args.gaps.split(",")]
    with contextlib.ExitStack() as stack:
        bases = {}
        for name, pause, keep in variants:
            page_dir = stack.enter_context(page_with(pause, keep))
            env = {
                "RNNSCOPE_STATIC_DIR": str(page_dir / "static"),
                "RNNSCOPE_TEMPLATES_DIR": str(page_dir / "templates"),
            }
            bases[name] = stack.enter_context(served(env=env)).base
        with chromium_page(bases[VARIANTS]) as page:
            page.context.add_init_script(WATCH)
            print(f"`{conditions(page)}`\n")
            print(f"Typing {TEXT!r} into an empty box, then a typo and Backspace")
            print(f"(median of {args.reps} sentences):\n")
            row("cell", "H", "key gap ms", "page", "final ms", "requests", "key wait ms",
                "busy ms", "typo ms", "typo req")  # fmt: skip
            row("---", "---:", "---:", "---", *["---:"] * 6)
            n = 0
            for cell, H in SIZES:
                for gap in gaps:
                    found: dict[str, list[dict]] = {name: [] for name, _, _ in variants}
                    for _ in range(args.reps):
                        for name in found:  # interleaved: every variant sees the same load
                            n += 1
                            found[name].append(sentence(page, bases[name], cell, H, gap, f"{n} "))
                    for name, got in found.items():
                        m = {key: median([r[key] for r in got]) for key in KEYS}
                        row(cell, H, gap, name, *(f"{m[k]:.0f}" for k in KEYS))


def row(*cells: object) -> None:
    print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
