"""How much of the server's CPU does an answer it has already computed cost, per request?

    .venv/bin/python -m bench.load.cached [--against REV] [--rounds 3] [--requests 2000]

In a lecture hall most requests are answered from the cache (200 students ask for the same
few states), so what the server does around a kept answer (validating the query, the cost
field, the cache keys, the fitted mark) is multiplied by the room. Each revision's app is
called in a child process of its own (its checkout imported), as ASGI, without a socket or
uvicorn (their share is the same for every revision and would only add noise): each kind of
request is computed once, then asked `--requests` times as the page asks it (gzip accepted,
no ETag: another student). The figure is the process's CPU time per request; the revisions
take turns within one run (ratios side by side).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

from bench.load import pagestate
from bench.load.against import in_checkout, interleaved, load, ratio, revisions

# The page's states (pagestate.py builds their URLs as state.js does), within the budget or not.
STATES = {
    "trace": {"text": "hello world", "hidden": 16},
    "trace+train fit": {"text": "hello world", "hidden": 16, "train_steps": 200},
    "trace fitted": {"text": "hello world", "hidden": 32, "train_steps": 1000},
    "compare+train fit": {"text": "hello world", "hidden": 16, "train_steps": 200,
                          "cell": "compare"},
}  # fmt: skip

# Run in the child, in the revision's checkout: the app called as ASGI, CPU time per request.
CHILD = r"""
import asyncio, json, sys, time
from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings
urls, n = json.loads(sys.argv[1]), int(sys.argv[2])
app = create_app(Settings(compute_processes=0, warm_recall=False, log_level="warning"))
async def call(url):
    path, _, qs = url.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "root_path": "", "query_string": qs.encode(), "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80), "headers": [(b"host", b"127.0.0.1"),
             (b"accept-encoding", b"gzip, deflate, br, zstd")]}
    messages, sent = [{"type": "http.request", "body": b"", "more_body": False}], []
    async def receive():
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)  # the client stays: no disconnect
    async def send(message):
        sent.append(message)
    await app(scope, receive, send)
    return sent[0]["status"]
async def main():
    out = {}
    async with app.router.lifespan_context(app):
        for kind, url in urls.items():
            status = await call(url)  # computed now, kept afterwards
            assert status == 200, (kind, status, url)
        for kind, url in urls.items():
            for _ in range(n // 10):
                await call(url)  # warm
            start = time.process_time()
            for _ in range(n):
                await call(url)
            out[kind] = (time.process_time() - start) / n * 1e6
    print(json.dumps(out))
asyncio.run(main())
"""


def urls() -> dict[str, str]:
    """Each kind's URL as the page asks it after an edit, and its cost question."""
    out = {kind: pagestate.asked_url({**pagestate.DEFAULTS, **change}, edited=True)
           for kind, change in STATES.items()}  # fmt: skip
    out["cost"] = pagestate.cost_url({**pagestate.DEFAULTS, **STATES["trace"]})
    return out


def page_table(root: Path) -> None:
    """The revision's option table, as its page shell carries it (pagestate.page_defaults)."""
    pagestate.page_defaults(in_checkout(root, PAGE))


PAGE = r"""
from fastapi.testclient import TestClient
from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings
with TestClient(create_app(Settings(compute_processes=0))) as c:
    print(c.get("/").text)
"""


def measure(root: Path, requests: int) -> dict[str, float]:
    page_table(root)
    with tempfile.TemporaryDirectory(prefix="rnnscope-cached-") as data:
        env = {"RNNSCOPE_DATA_DIR": data, "PYTHONWARNINGS": "ignore"}
        out = in_checkout(root, CHILD, json.dumps(urls()), str(requests), env=env)
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="a git revision measured beside this checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load {load()}, {args.requests} requests per kind")
    figures: dict[str, dict[str, list[float]]] = {}
    with revisions(args.against) as revs:
        for label, root in interleaved(revs, args.rounds):
            for kind, us in measure(root, args.requests).items():
                figures.setdefault(kind, {}).setdefault(label, []).append(us)
        labels = [label for label, _ in revs]
    print(f"load after {load()}")
    print("server CPU per request answered from the cache, us (median of rounds)")
    print(f"{'kind':<20}" + "".join(f"{label:>12}" for label in labels) + "     ratio")
    for kind, by in figures.items():
        med = [statistics.median(by[label]) for label in labels]
        row = "".join(f"{m:>12.0f}" for m in med)
        print(f"{kind:<20}{row}  {ratio(med[0], med[-1]) if len(med) > 1 else ''}")


if __name__ == "__main__":
    main()
