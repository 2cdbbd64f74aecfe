"""What does keeping a training's model beside its trace cost, against the trace itself?

    .venv/bin/python -m bench.server.keep [--rounds 5]

A trained trace keeps its parameters (.npz) so that a sample of the same training need not
train again (server/work.py trained_trace_work, server/engine.py Engine.keep). For the page's
trainings at lecture sizes, side by side in one run: the trained trace as the engine computes
it (training, trace, JSON, gzip: CPU time, least of the rounds), the model's parts (np.savez
and its Payload: CPU; its write into the shared SQLite cache: wall time, median, a fresh key
each time, by the claim-then-put path every answer takes and by one plain write), the bytes of
the answer (gzip) and of the model, and the keeping's share of the trace's time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from rnnscope.core.options import normalize
from rnnscope.core.tokens import encode
from rnnscope.core.trace import run
from rnnscope.server.jsonbytes import JSON, dumps
from rnnscope.server.keeper import MODEL, model_bytes
from rnnscope.server.payload import Payload
from rnnscope.server.shared import SharedCache

# The page's trainings (its train_steps choices) on its default model and a longer text.
TRAININGS = [
    ("hello", "lstm", 8, 50),
    ("hello", "lstm", 8, 200),
    ("hello", "lstm", 8, 1000),
    ("hello world", "gru", 16, 200),
    ("hello world", "lstm", 32, 500),
]


def cpu(f):
    t0 = time.process_time()
    out = f()
    return time.process_time() - t0, out


def wall(f):
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{len(os.sched_getaffinity(0))} cores, load average {load} at start, "
          f"{args.rounds} rounds")  # fmt: skip
    rows: dict[tuple, dict[str, list[float]]] = {t: {} for t in TRAININGS}
    sizes: dict[tuple, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="rnnscope-keep-") as tmp:
        shared = SharedCache(Path(tmp), 512 * 2**20)
        n = 0
        for _ in range(args.rounds):
            for t in TRAININGS:
                text, cell, hidden, steps = t
                o = normalize(text, cell=cell, hidden=hidden, train_steps=steps, digits=7)
                enc = encode(o.text, o.tokens)
                figures = rows[t]

                def trace(o=o, enc=enc):
                    tr = run(o, enc)
                    return tr, Payload.build(dumps(tr.to_dict()), JSON)

                secs, (tr, answer) = cpu(trace)
                figures.setdefault("trace", []).append(secs)
                secs, model = cpu(lambda tr=tr: model_bytes(tr.params))
                figures.setdefault("savez", []).append(secs)
                secs, stored = cpu(lambda model=model: Payload.build(model, MODEL, level=0))
                figures.setdefault("payload", []).append(secs)
                n += 1
                secs, _ = wall(lambda k=n, s=stored: shared.get_or_build(f"claimed:{k}", lambda: s))
                figures.setdefault("claimed", []).append(secs)
                secs, _ = wall(lambda k=n, s=stored: shared.put(f"put:{k}", s))
                figures.setdefault("put", []).append(secs)
                sizes[t] = (len(answer.gz or answer.raw), len(model))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"load average {load} at the end\n")
    print(
        "| text | cell | H | train_steps | trace ms (CPU) | savez ms | its Payload ms "
        "| SQLite claim+put ms (wall) | one put ms | answer KB gzip | model KB "
        "| keeping / trace |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t, f in rows.items():
        least = {k: min(v) * 1e3 for k, v in f.items()}
        med = {k: statistics.median(v) * 1e3 for k, v in f.items()}
        keeping = least["savez"] + least["payload"] + med["claimed"]
        text, cell, hidden, steps = t
        print(f"| {text} | {cell} | {hidden} | {steps} | {least['trace']:.1f} "
              f"| {least['savez']:.2f} | {least['payload']:.3f} | {med['claimed']:.2f} "
              f"| {med['put']:.2f} | {sizes[t][0] / 1e3:.1f} | {sizes[t][1] / 1e3:.1f} "
              f"| {keeping / least['trace'] * 100:.1f} % |")  # fmt: skip


if __name__ == "__main__":
    main()
