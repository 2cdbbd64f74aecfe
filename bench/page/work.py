"""Where does the page's work after a keystroke go: script, style, layout, paint, images?

    .venv/bin/python -m bench.page.work [--sizes lstm:32,compare:32] [--reps 3] [--js]
                                        [--against REV]

The same keystroke as bench/page/instant.py (delete the last character, type one: a text the
page and the server have not seen, for any --reps, bench/page/common.py unseen_keys), at
1366x768, recorded with Chromium's own tracing (DevTools `Tracing`, the timeline categories):
from the answer's arrival until the DOM is quiet, the main thread's CPU time (each trace
event's thread time, so a loaded machine stretches it less than wall time) split by what the
browser was doing. `--js` adds a sampling profile (DevTools `Profiler`) of
the same keystroke: script time by file, which names the module to cut. Tracing and profiling
cost time themselves: compare the shares, and the figures of one run with each other. With
`--against REV` the checkout of REV is served beside this one (as bench/page/instant.py does)
and each size is measured on both, one after the other.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import json

from bench.page.common import chromium_page, conditions, median, text_of, unseen_keys
from bench.page.instant import QUIET_MS, WATCH, served_pages

# Trace event names (self time) by what the main thread was doing.
KINDS = {
    # RunTask's own time: script run as a promise's continuation (the page draws an answer in
    # its fetch's), which no FunctionCall event wraps
    "script": ("FunctionCall", "v8.callFunction", "EvaluateScript", "v8.compile", "TimerFire",
               "FireAnimationFrame", "EventDispatch", "AsyncTask Run", "V8.Execute", "RunTask"),
    "style": ("Document::recalcStyle", "Document::rebuildLayoutTree", "UpdateLayoutTree",
              "Document::updateStyle", "Document::UpdateStyle", "Blink.Style"),
    "layout": ("LocalFrameView::performLayout", "Layout", "InlineNode::", "SvgTextLayout",
               "Document::UpdateStyleAndLayout", "LocalFrameView::UpdateStyleAndLayout",
               "Blink.ForcedStyleAndLayout", "LocalFrameView::layout", "Blink.Layout"),
    "paint": ("Paint", "PrePaint", "Blink.PrePaint", "PaintArtifactCompositor", "Commit",
              "Layerize", "Blink.CompositingInputs", "CullRectUpdate", "Blink.Paint"),
    "images": ("ResourceFetcher::", "ImageResourceContent", "Decode", "Canvas"),
    "gc": ("V8.GC", "MajorGC", "MinorGC", "V8.Scavenger"),
}  # fmt: skip
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink"]
SIZES = [("lstm", 32), ("compare", 32)]


def kind_of(name: str) -> str:
    for kind, prefixes in KINDS.items():
        if name.startswith(prefixes):
            return kind
    return "other"


def keystroke(page, ch: str) -> dict:
    """Type one character; wait until the DOM is quiet; the answer's end and the quiet time."""
    page.evaluate(
        """() => { performance.clearResourceTimings(); window.__key = {};
        document.getElementById('in-text').addEventListener('keydown',
          (e) => { window.__key.down = e.timeStamp; }, {once: true}); }"""
    )
    page.keyboard.press("Backspace")
    page.keyboard.type(ch)
    page.wait_for_function(
        """q => { const api = window.__api(); const last = api[api.length - 1];
        return last && last.responseEnd > 0 && last.startTime > window.__key.down
          && document.body.dataset.trace && last.name.endsWith(document.body.dataset.trace)
          && performance.now() - Math.max(window.__watch.lastMutation, last.responseEnd) > q; }""",
        arg=QUIET_MS,
        polling=50,
    )
    return page.evaluate(
        """() => { const api = window.__api(); const last = api[api.length - 1];
        const quiet = Math.max(window.__watch.lastMutation, last.responseEnd);
        return {end: last.responseEnd, quiet}; }"""
    )


def main_thread_cpu(events: list[dict], url_part: str, work_ms: float) -> dict[str, float]:
    """CPU ms by kind on the renderer's main thread, from the answer's arrival (the trace's
    ResourceFinish of the request) for `work_ms`."""
    sent = {
        e["args"]["data"]["requestId"]: e["args"]["data"]["url"]
        for e in events
        if e.get("name") == "ResourceSendRequest"
    }
    ends = [
        e["ts"]
        for e in events
        if e.get("name") == "ResourceFinish"
        and url_part in sent.get(e["args"]["data"]["requestId"], "")
    ]
    t0 = max(ends)
    t1 = t0 + work_ms * 1000
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain"
    }
    spans = [
        e
        for e in events
        if (e["pid"], e["tid"]) in mains and e.get("ph") == "X" and t0 <= e["ts"] <= t1
    ]
    spans.sort(key=lambda e: (e["pid"], e["tid"], e["ts"], -e.get("dur", 0)))
    out: collections.Counter[str] = collections.Counter()
    stack: list[dict] = []
    for e in spans:  # self time: a span's thread time less its children's
        while stack and (
            (stack[-1]["pid"], stack[-1]["tid"]) != (e["pid"], e["tid"])
            or stack[-1]["ts"] + stack[-1].get("dur", 0) <= e["ts"]
        ):
            stack.pop()
        if stack:
            stack[-1]["_children"] = stack[-1].get("_children", 0) + e.get("tdur", 0)
        stack.append(e)
    for e in spans:
        out[kind_of(e["name"])] += (e.get("tdur", 0) - e.get("_children", 0)) / 1000
    return dict(out)


def script_by_file(profile: dict) -> dict[str, float]:
    """Sampled script self time (ms) by file; the browser's own functions under their names."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    out: collections.Counter[str] = collections.Counter()
    for sample, dt in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[sample]["callFrame"]
        name = frame["url"].rsplit("/", 1)[-1] or frame["functionName"]
        if name not in ("(idle)", "(program)", "(root)"):
            out[name] += dt / 1000
    return dict(out)


def measure(base: str, cell: str, T: int, reps: int, js: bool) -> tuple[dict, dict, float]:
    with chromium_page(base) as page:
        page.context.add_init_script(WATCH)
        page.goto(f"{base}/?text={text_of(T)}&cell={cell}&hidden={T}&lang=en")
        page.wait_for_function(
            "() => window.__watch.rendered && document.body.dataset.trace !== 'example'"
        )
        page.locator("#in-text").click()
        page.keyboard.press("End")
        keystroke(page, "~")  # warms up
        kinds, files, works = [], [], []
        cdp = page.context.new_cdp_session(page)
        for ch in itertools.islice(unseen_keys(text_of(T), warm_up="~"), reps):
            if js:
                cdp.send("Profiler.enable")
                cdp.send("Profiler.start")
            page.context.browser.start_tracing(page=page, categories=CATEGORIES)
            r = keystroke(page, ch)
            events = json.loads(page.context.browser.stop_tracing())
            events = events["traceEvents"] if isinstance(events, dict) else events
            if js:
                files.append(script_by_file(cdp.send("Profiler.stop")["profile"]))
            works.append(r["quiet"] - r["end"])
            url = "/api/v1/compare" if cell == "compare" else "/api/v1/trace"
            kinds.append(main_thread_cpu(events, url, r["quiet"] - r["end"]))
    keys = {k for d in kinds for k in d}
    kind = {k: median([d.get(k, 0.0) for d in kinds]) for k in keys}
    names = {k for d in files for k in d}
    file = {k: median([d.get(k, 0.0) for d in files]) for k in names}
    return kind, file, median(works)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="lstm:32,compare:32", help="cell:T (H = T), comma list")
    parser.add_argument("--reps", type=int, default=3, help="keystrokes per size (median)")
    parser.add_argument("--js", action="store_true", help="also script time by file")
    parser.add_argument("--against", metavar="REV", help="also measure the checkout of git REV")
    args = parser.parse_args()
    sizes = [(s.split(":")[0], int(s.split(":")[1])) for s in args.sizes.split(",")]
    with contextlib.ExitStack() as stack:
        pages = served_pages(stack, args.against)
        with chromium_page(pages[-1][1]) as probe:
            print(f"`{conditions(probe)}`\n")
        print("Main-thread CPU ms after the answer, until the DOM is quiet", end=" ")
        print(f"(median of {args.reps}):\n")
        print("| page | cell | T = H | page work (wall) | " + " | ".join(KINDS) + " | other |")
        print("| --- | --- | ---: | ---: | " + " | ".join(["---:"] * (len(KINDS) + 1)) + " |")
        for cell, T in sizes:
            for label, base in pages:
                kind, file, work = measure(base, cell, T, args.reps, args.js)
                cells = [f"{kind.get(k, 0.0):.0f}" for k in [*KINDS, "other"]]
                print(
                    f"| {label} | {cell} | {T} | {work:.0f} | " + " | ".join(cells) + " |",
                    flush=True,
                )
                if args.js:
                    top = sorted(file.items(), key=lambda kv: -kv[1])[:8]
                    print("  script by file, ms: " + ", ".join(f"{k} {v:.0f}" for k, v in top))


if __name__ == "__main__":
    main()
