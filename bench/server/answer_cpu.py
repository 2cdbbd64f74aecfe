"""How much of the server's CPU goes to an untrained trace's answer, part by part (computing it,
the lists and their rounding, JSON, gzip), in this checkout against another revision, and are
the bytes the same?

    .venv/bin/python -m bench.server.answer_cpu --against main [--rounds 4] [--repeat 30]

An untrained trace at lecture sizes is what a student's keystroke asks for; the page asks for
7 significant digits (`digits=7`, PAGE_DEFAULTS). Each revision runs in a child process of its
own (its checkout imported, one BLAS thread), the revisions taking turns (A B, B A, ...): the
least CPU time of `--repeat` calls of each part (core.trace.run; Trace.to_dict; server
jsonbytes.dumps; Payload.build, gzip at the server's level), least over the rounds, and the
digest of the answer's bytes, which must be the same in both.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from bench.load.against import in_checkout, interleaved, load, ratio, revisions

SIZES = [
    ("hello", "lstm", 8),
    ("hello world", "lstm", 16),
    ("the quick brown fox jumps over the lazy dog", "lstm", 32),
    ("the quick brown fox jumps over the lazy dog", "gru", 32),
]
PARTS = ("compute", "lists", "json", "gzip")

CHILD = r"""
import hashlib, json, sys, time
from rnnscope import core  # first: one BLAS thread, as in the server
from rnnscope.core.options import normalize
from rnnscope.core.tokens import encode
from rnnscope.core.trace import run
from rnnscope.server.jsonbytes import dumps
from rnnscope.server.payload import Payload
sizes, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
def least(f):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.process_time()
        out = f()
        best = min(best, time.process_time() - t0)
    return best, out
out = []
for text, cell, hidden in sizes:
    o = normalize(text, cell=cell, hidden=hidden, digits=7)
    enc = encode(o.text, o.tokens)
    compute, tr = least(lambda: run(o, enc))
    lists, d = least(tr.to_dict)
    js, raw = least(lambda: dumps(d))
    gz, p = least(lambda: Payload.build(raw, "application/json"))
    out.append({"compute": compute, "lists": lists, "json": js, "gzip": gz,
                "digest": hashlib.sha256(raw).hexdigest()[:16], "kb": len(raw) / 1e3})
print(json.dumps(out))
"""


def measure(root: Path, repeat: int) -> list[dict]:
    env = {"OPENBLAS_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}
    out = in_checkout(root, CHILD, json.dumps(SIZES), str(repeat), env=env)
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", help="a git revision measured beside this checkout")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    print(f"{len(os.sched_getaffinity(0))} cores, load {load()}, digits=7, least of "
          f"{args.repeat} calls and of {args.rounds} rounds")  # fmt: skip
    best: dict[str, list[dict]] = {}
    with revisions(args.against) as revs:
        for label, root in interleaved(revs, args.rounds):
            rows = measure(root, args.repeat)
            if label not in best:
                best[label] = rows
            for kept, row in zip(best[label], rows, strict=True):
                for part in PARTS:
                    kept[part] = min(kept[part], row[part])
        labels = [label for label, _ in revs]
    print(f"load after {load()}\n")
    head = " | ".join(f"{p} ms" for p in PARTS)
    print(f"| text | cell | H | KB | revision | {head} | total ms | same bytes |")
    print("| --- | --- | ---: | ---: | --- |" + " ---: |" * (len(PARTS) + 1) + " --- |")
    for i, (text, cell, hidden) in enumerate(SIZES):
        rows = [best[label][i] for label in labels]
        same = "yes" if len({r["digest"] for r in rows}) == 1 else "NO"
        for label, r in zip(labels, rows, strict=True):
            parts = " | ".join(f"{r[p] * 1e3:.2f}" for p in PARTS)
            total = sum(r[p] for p in PARTS) * 1e3
            print(f"| {text[:20]} | {cell} | {hidden} | {r['kb']:.0f} | {label} | {parts} "
                  f"| {total:.2f} | {same} |")  # fmt: skip
        if len(rows) > 1:
            a, b = rows
            parts = " | ".join(ratio(a[p], b[p]) for p in PARTS)
            total = ratio(sum(a[p] for p in PARTS), sum(b[p] for p in PARTS))
            print(f"| | | | | ratio | {parts} | {total} | |")


if __name__ == "__main__":
    main()
