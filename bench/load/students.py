"""Simulated students in a lecture: open the page as Chromium does, then type and click.

`page_plan(pool)` reads the page once the way a browser does (HTML, then its stylesheets and
scripts, then the ES-module graph level by level, then the stored example and the first API
answer, then Plotly.js, which the page asks for once its first chart is due) and returns the
requests in waves. `Student.run()` replays that plan on a
fresh connection pool, then until the deadline: thinks 2-8 s, then types a text (each pause
longer than the page's debounce (120 ms; 500 ms when the model trains first) sends a trace
request for the prefix, and the next keystroke aborts it if it is still running), or changes
the seed, the cell (compare included), the hidden size or the training steps. A URL it has
already received is not asked again (the page keeps the answers it has: api.js's Fetcher).
URLs are built exactly as `static/js/state.js` builds them.

Like the page (static/js/asking.js, budget.js), a student picks only the training choices the
page offers for the state (the choices are the page's option table's, core/options.py
PAGE_CHOICES; those its budget says fit), and after an edit that makes the training too long (a
longer text, more hidden units, compare mode) gets the most that fits. A page whose option table
declares `fit` (an `answering` option) reads each state's budget from the answers' `cost` and
asks for a training at once, with `fit=true` after an edit, following what the answer says it
trained (`fitted`); it asks `/api/v1/cost` only when an answer brings none (a refusal, an
error). An earlier page (before fit) asks `/api/v1/cost` for each new text and set of options
once the typing pause is over (once per URL: kept) and sends a training only once that answer
is in, dropping to the most that fits.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import random
import re
import time
from html import unescape as html_unescape
from typing import Any
from urllib.parse import urljoin

from bench.load import pagestate
from bench.load.client import Pool, Reply
from bench.load.pagestate import (
    CHOICES,
    DEFAULTS,
    TRAIN_CHOICES,
    api_url,
    asked_url,
    budget_of,
    cost_url,
    fits,
    fitting,
    kind_of,
    most_training,
    page_defaults,  # fmt: skip
)
from bench.load.stats import Stats

DEBOUNCE = 0.12  # static/js/api.js: DEBOUNCE_MS
TRAINING_DEBOUNCE = 0.5  # static/js/api.js: TRAINING_DEBOUNCE_MS, when train_steps > 0
TIMEOUT = 30.0  # a request slower than this counts as an error
KINDS = ["page", "static", "plotly", "cost", "trace", "trace+train", "compare", "compare+train",
         "probe"]  # fmt: skip
API = ("trace", "trace+train", "compare", "compare+train")

# What a lecturer asks the whole room to type, and what students type on their own.
LECTURE_TEXTS = ["hello", "hello world", "abcabcabc", "vanishing gradient", "안녕하세요",
                 "the cat sat on the mat", "to be or not to be",
                 "long short-term memory"]  # fmt: skip
OWN_TEXTS = ["banana", "mississippi", "recurrent", "서울대학교", "gradient descent",
             "abracadabra", "lorem ipsum dolor", "hello hello hello", "kim minjun",
             "deep learning", "aabbccdd", "sequence to sequence", "ㅋㅋㅋㅋㅋ", "파이썬 넘파이",
             "xyzzy", "backprop"]  # fmt: skip

IMPORT = re.compile(r"""(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']"""
                    r"""|(?:^|[\s;])import\s*["']([^"']+)["']""", re.M)  # fmt: skip
ASSET = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref)=["']([^"']+)["']""")
PLOTLY = re.compile(r"""<body[^>]*\sdata-plotly=["']([^"']+)["']""")


async def page_plan(pool: Pool) -> list[list[str]]:
    """The page's first load as waves of request targets (each wave fetched in parallel)."""
    html = (await pool.get("/", {"accept-encoding": "identity"}, keep_body=True)).body.decode()
    page_defaults(html)
    # the shell's URLs are relative to the page's root ("./static/..."; "/static/..." before)
    found = [urljoin("/", a) for a in ASSET.findall(html)]
    assets = [a for a in found if a.startswith("/") and not a.startswith("//")]
    waves = [["/"], assets]
    seen = set(assets)
    frontier = [a for a in assets if a.endswith(".js") and not a.startswith("/vendor/")]
    while frontier:
        found: list[str] = []
        for module in frontier:
            reply = await pool.get(module, {"accept-encoding": "identity"}, keep_body=True)
            source = reply.body.decode()
            if "train_steps" not in CHOICES and (choices := TRAIN_CHOICES.search(source)):
                CHOICES["train_steps"] = [int(n) for n in choices.group(1).split(",")]
            for groups in IMPORT.findall(source):
                target = urljoin(module, next(g for g in groups if g))
                if target not in seen:
                    seen.add(target)
                    found.append(target)
        if found:
            waves.append(found)
        frontier = found
    # main.js: the stored example that matches the state, and the API, at the same time
    index = "/static/examples/index.json"
    entries = json.loads((await pool.get(index, {"accept-encoding": "identity"},
                                         keep_body=True)).body)  # fmt: skip
    want = api_url(DEFAULTS)
    example = [f"/static/examples/{e['file']}" for e in entries
               if api_url({**DEFAULTS, **e["state"]}) == want]  # fmt: skip
    # the trace, and (before fit) budget.js's question
    waves.append([index, want] if pagestate.FIT else [index, want, cost_url(DEFAULTS)])
    waves.append(example)
    # static/js/plotly.js: Plotly.js is asked once, when the first chart is due (after the first
    # paint), from the body's data-plotly; then the browser's cache has it
    plotly = [urljoin("/", html_unescape(m)) for m in PLOTLY.findall(html)]
    waves.append([p for p in plotly if p not in seen])
    return [w for w in waves if w]


def refused_for_cost(body: bytes) -> bool:
    """A 422 whose only problem is the cost budget (the page cannot know the cost before)."""
    try:
        detail = json.loads(body)["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return [d.get("loc") for d in detail] == [["query", "cost"]]


def check(kind: str, reply: Reply, full: bool) -> str | None:
    """Why a reply is wrong for a well-formed request from the page, or None.

    `full`: also gunzip and parse the body (done for a tenth of the API answers, to keep the
    generator's own CPU use low)."""
    if reply.status != 200:
        return f"status {reply.status}"
    gz = reply.headers.get("content-encoding") == "gzip"
    if (kind in API or kind == "plotly") and not gz:
        return "not gzip"
    if full:
        doc = json.loads(gzip.decompress(reply.body))
        if "traces" not in doc and "layers" not in doc:
            return "not a trace"
    return None


async def probe(host: str, port: int, stats: Stats, deadline: float, every: float = 0.5) -> None:
    """One client that asks for the default view's trace (cached after the first answer)
    every `every` s without a browser cache: how long a cached answer waits under the load."""
    pool = Pool(host, port, size=1)
    target = api_url(DEFAULTS)
    try:
        while time.perf_counter() < deadline:
            try:
                reply = await asyncio.wait_for(pool.get(target), TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                stats.error("probe", type(exc).__name__)
            else:
                if (problem := check("trace", reply, full=False)) is not None:
                    stats.error("probe", problem)
                else:
                    stats.answered("probe", target, reply)
            await asyncio.sleep(every)
    finally:
        pool.close()


class Student:
    def __init__(self, sid: int, host: str, port: int, stats: Stats, deadline: float,
                 seed: int = 0) -> None:  # fmt: skip
        self.sid = sid
        self.rng = random.Random(seed * 100_003 + sid)
        self.pool = Pool(host, port)
        self.stats = stats
        self.deadline = deadline
        self.state: dict[str, Any] = dict(DEFAULTS)
        self.cache: set[str] = set()
        self.costs: dict[str, asyncio.Future] = {}  # /api/v1/cost answers by URL
        self.budgets: dict[str, dict] = {}  # the answers' `cost` by cost_url (FIT)
        self.edited = False  # the page's app.edited: the student has changed the state
        self.fitted = False  # the last answer was fitted: it trained less than asked
        self.pending: asyncio.Task | None = None

    async def get(self, target: str) -> int:
        """One request; records it; returns the bytes received (0 on error)."""
        kind = kind_of(target)
        sent = [time.perf_counter(), kind, target, None, "failed"]
        if api := kind in API:
            self.stats.asked.append(sent)
        try:
            reply = await asyncio.wait_for(self.pool.get(target, keep_body=api), TIMEOUT)
            sent[3:] = [time.perf_counter(), "answered"]
        except asyncio.CancelledError:  # a newer keystroke: the page aborts the fetch
            sent[3:] = [time.perf_counter(), "aborted"]
            raise
        except TimeoutError:
            self.stats.error(kind, "timeout")
            return 0
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.stats.error(kind, type(exc).__name__)
            return 0
        if reply.status == 422 and api and refused_for_cost(reply.body):
            self.stats.refused[kind] += 1  # over COST_BUDGET: the page shows the message
        elif (problem := check(kind, reply, full=api and self.rng.random() < 0.1)) is not None:
            self.stats.error(kind, problem)
            return 0
        self.stats.answered(kind, target, reply)
        if reply.status == 200 and api:
            self.cache.add(target)
            self.stats.delivered.add(target)
            if pagestate.FIT:  # the page keeps the budget the answer brings, and follows `fitted`
                cost, fitted = budget_of(reply.body)
                if cost is not None:
                    self.budgets[cost_url(self.state)] = cost
                self.fitted = fitted
        return reply.nbytes

    async def open_page(self, plan: list[list[str]]) -> None:
        start = time.perf_counter()
        total = 0
        for wave in plan:
            total += sum(await asyncio.gather(*(self.opening(t) for t in wave)))
            self.cache.update(t for t in wave if kind_of(t) in API)
        self.stats.first_load.append(time.perf_counter() - start)
        self.stats.first_load_bytes.append(total)

    async def opening(self, target: str) -> int:
        """One request of the page's first load; the cost question's answer is kept."""
        if kind_of(target) != "cost":
            return await self.get(target)
        before = self.stats.nbytes["cost"]
        await self.budget(target)
        return self.stats.nbytes["cost"] - before

    # -- what the page does on an edit: ask what fits, debounce, abort the request in flight,
    # -- use the cache

    async def budget(self, url: str) -> dict | None:
        """budget.js: the answer of /api/v1/cost for `url` (asked once: the HTTP cache), None
        when it failed (the page then offers every choice)."""
        if url not in self.costs:
            self.costs[url] = asyncio.ensure_future(self._cost(url))
        return await asyncio.shield(self.costs[url])

    async def _cost(self, url: str) -> dict | None:
        try:
            reply = await asyncio.wait_for(self.pool.get(url, keep_body=True), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.stats.error("cost", type(exc).__name__)
            return None
        if reply.status != 200:
            self.stats.error("cost", f"status {reply.status}")
            return None
        self.stats.answered("cost", url, reply)
        body = reply.body
        if reply.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        answer: dict = json.loads(body)
        return answer

    def edit(self, **patch: object) -> None:
        self.state.update(patch)
        self.edited = True
        if self.pending is not None and not self.pending.done():
            self.pending.cancel()
        self.pending = None
        if len(self.state["text"]) < 2:  # the page says "too short" instead of asking
            return
        self.pending = asyncio.create_task(self._ask())

    async def _ask(self) -> None:
        """main.js requestTrace(): an answer already received is shown at once; otherwise the
        request once the typing pause is over (asking.js; before fit, costFirst's question
        first)."""
        if not pagestate.FIT:
            return await self._ask_cost_first()
        known = self.budgets.get(cost_url(self.state))  # asking.js: a budget kept, fitted now
        if known is not None and not fits(self.state["train_steps"], most := most_training(
                known, self.state)):  # fmt: skip
            self.state["train_steps"] = fitting(most)
        url = asked_url(self.state, self.edited)
        if url in self.cache:
            self.stats.browser_cached += 1
            return
        paused = await self._typing_pause(url)  # the student's wait starts: the request, at once
        self.fitted = False
        if await self._answered(url, paused):
            if self.fitted:  # the control follows what was trained
                known = self.budgets.get(cost_url(self.state))
                self.state["train_steps"] = fitting(most_training(known, self.state))
        else:  # refused or failed: no budget came with it (asking.js asks the cost then)
            await self.budget(cost_url(self.state))

    async def _ask_cost_first(self) -> None:
        """Before fit: once the typing pause is over (costFirst), the cost question (asked
        once per URL: kept), a training waits for its answer and drops to the most that fits,
        then the request."""
        url = api_url(self.state)
        if url in self.cache:
            self.stats.browser_cached += 1
            return
        paused = await self._typing_pause(url)  # the student's wait: the cost question, then this
        budget = asyncio.ensure_future(self.budget(cost_url(self.state)))
        if self.state["train_steps"] > 0:
            most = most_training(await budget, self.state)
            if not fits(self.state["train_steps"], most):
                self.state["train_steps"] = fitting(most)
                url = api_url(self.state)
                if url in self.cache:
                    self.stats.browser_cached += 1
                    return
        await self._answered(url, paused)

    async def _typing_pause(self, url: str) -> float:
        """The page's typing pause before asking `url`; the time it ends."""
        await asyncio.sleep(DEBOUNCE if kind_of(url) in ("trace", "compare") else TRAINING_DEBOUNCE)
        return time.perf_counter()

    async def _answered(self, url: str, paused: float) -> bool:
        """Ask `url`; True when it was answered, its wait from the end of the pause (`paused`)
        to the view counted; a request aborted by the next key is counted as aborted."""
        try:
            await self.get(url)
        except asyncio.CancelledError:
            self.stats.aborted[kind_of(url)] += 1
            raise
        if url not in self.cache:
            return False
        self.stats.waited[kind_of(url)].append(time.perf_counter() - paused)
        return True

    async def type_text(self) -> None:
        pool = LECTURE_TEXTS if self.rng.random() < 0.6 else OWN_TEXTS
        text = self.rng.choice(pool)
        self.edit(text="")  # select all, start typing
        for i in range(1, len(text) + 1):
            await asyncio.sleep(self.rng.lognormvariate(-1.4, 0.5))  # median 0.25 s a key
            self.edit(text=text[:i])

    async def click(self) -> None:
        r = self.rng.random()
        if r < 0.3:
            self.edit(seed=self.rng.randrange(10))
        elif r < 0.6:
            self.edit(cell=self.rng.choice(["rnn", "lstm", "gru", "compare"]))
        elif r < 0.8:
            self.edit(hidden=self.rng.choice([8, 16, 32, 64]))
        else:  # one of the training choices the page offers now, shorter ones more often
            if pagestate.FIT:  # the budget the last answer brought (unknown: every choice)
                most = most_training(self.budgets.get(cost_url(self.state)), self.state)
            else:
                most = most_training(await self.budget(cost_url(self.state)), self.state)
            offered = [n for n in CHOICES["train_steps"] if fits(n, most)] or [0]
            weights = range(len(offered), 0, -1)
            self.edit(train_steps=self.rng.choices(offered, weights=weights)[0])

    async def run(self, plan: list[list[str]], arrive_after: float) -> None:
        try:
            await asyncio.sleep(arrive_after)
            await self.open_page(plan)
            while time.perf_counter() + 2 < self.deadline:
                await asyncio.sleep(self.rng.uniform(2, 8))  # reading the view
                if time.perf_counter() >= self.deadline:
                    break
                if self.rng.random() < 0.5:
                    await self.type_text()
                else:
                    await self.click()
            if self.pending is not None:  # let the last answer arrive (bounded by TIMEOUT)
                await asyncio.gather(self.pending, return_exceptions=True)
        finally:
            self.pool.close()
