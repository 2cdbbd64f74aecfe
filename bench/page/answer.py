"""Where does a trace request's time go: computing, JSON, gzip, transfer, parsing?

    .venv/bin/python -m bench.page.answer                  # lecture sizes and the largest
    .venv/bin/python -m bench.page.answer --sizes lstm:32x32 --link 2 --rtt 40

For each size, the full answer (full precision, what other programs get) and the page's
compact one (`digits=7`, core/options.py) side by side, in one run: the server's parts as the
least CPU time of this process over 3 runs on one thread (core.trace.run; Trace.to_dict, the
conversion to lists and the rounding; server.jsonbytes.dumps; gzip at the server's level),
the bytes before and after gzip, the transfer of the gzipped bytes on an emulated link (a
student's share of a lecture hall's access point: 2 Mbit/s, 40 ms round trip; the time is the
bytes over the rate plus one round trip), and JSON.parse of the bytes in headless Chromium
(least of 9: a wall time, which other work on the machine only lengthens). A comparison
(`compare`) is its three cells' answers together.
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one thread: CPU time is the work

from bench.page.common import chromium_page, conditions, parse_sizes, text_of
from rnnscope.core import limits as L
from rnnscope.core.options import PAGE_DEFAULTS, normalize
from rnnscope.core.tokens import encode
from rnnscope.core.trace import run
from rnnscope.server.jsonbytes import dumps
from rnnscope.server.payload import Payload

PRESETS = {
    "lecture": [("lstm", 4, 8), ("lstm", 32, 32), ("compare", 32, 32)],
    "largest": [("lstm", 256, 256)],
}
PARSE = """(text) => {
    const times = [];
    for (let i = 0; i < 9; i++) {
        const t0 = performance.now();
        JSON.parse(text);
        times.push(performance.now() - t0);
    }
    return Math.min(...times);
}"""


def least(f, repeat: int = 3):
    """(least CPU seconds, the last result) of `repeat` calls of f."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.process_time()
        out = f()
        best = min(best, time.process_time() - t0)
    return best, out


def server_parts(cell: str, T: int, H: int, digits: int | None) -> dict:
    """CPU seconds of each part of the server's work, and the bytes it sends."""
    text = "hello" if T == 4 else text_of(T)
    cells = list(L.CELL_NAMES) if cell == "compare" else [cell]
    parts = {"compute": 0.0, "convert": 0.0, "json": 0.0, "gzip": 0.0}
    bodies = []
    for c in cells:
        o = normalize(text, cell=c, hidden=H, digits=digits)
        enc = encode(o.text, o.tokens)
        secs, tr = least(lambda o=o, enc=enc: run(o, enc))
        parts["compute"] += secs
        secs, d = least(tr.to_dict)
        parts["convert"] += secs
        secs, raw = least(lambda d=d: dumps(d))
        parts["json"] += secs
        bodies.append(raw)
    raw = b'{"traces":[' + b",".join(bodies) + b"]}" if len(bodies) > 1 else bodies[0]
    secs, payload = least(lambda: Payload.build(raw, "application/json"))
    parts["gzip"] = secs
    return {**parts, "raw": raw, "gz": len(payload.gz or raw)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="lecture,largest", help="presets and cell:TxH items")
    ap.add_argument("--link", type=float, default=2.0, help="Mbit/s of the emulated link")
    ap.add_argument("--rtt", type=float, default=40.0, help="ms of its round trip")
    args = ap.parse_args()
    rows = parse_sizes(args.sizes, PRESETS)
    compact = PAGE_DEFAULTS["digits"]
    print(
        "| view | T | H | answer | compute ms | to lists ms | JSON ms | gzip ms | KB | KB gzip "
        f"| transfer ms ({args.link:g} Mbit/s, {args.rtt:g} ms) | JSON.parse ms (Chromium) |"
    )
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with chromium_page("http://127.0.0.1") as page:  # nothing is loaded: JSON.parse only
        where = conditions(page)
        for cell, T, H in rows:
            for label, digits in (("full", None), (f"digits={compact}", compact)):
                p = server_parts(cell, T, H, digits)
                transfer = p["gz"] * 8 / (args.link * 1e6) * 1e3 + args.rtt
                parse = page.evaluate(PARSE, p["raw"].decode())
                print(
                    f"| {cell} | {T} | {H} | {label} | {p['compute'] * 1e3:.1f} "
                    f"| {p['convert'] * 1e3:.1f} | {p['json'] * 1e3:.1f} | {p['gzip'] * 1e3:.1f} "
                    f"| {len(p['raw']) / 1e3:.0f} | {p['gz'] / 1e3:.0f} | {transfer:.0f} "
                    f"| {parse:.1f} |"
                )
    print(f"\n`{where}; text: hello for T = 4, else {json.dumps(text_of(8))}...`")


if __name__ == "__main__":
    main()
