"""The page as the simulated students (bench/load/students.py) see it: its state and the API
URLs it builds (static/js/state.js), what it reads of the budget (budget.js, asking.js), and
what a served revision's option table says of both (its defaults, the options /api/v1/cost
takes, the training choices, whether it asks with `fit`).
"""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import urlencode

# The page's defaults (state.js PROPS), in its order; the API query follows this order.
DEFAULTS = {"text": "hello", "cell": "lstm", "hidden": 8, "seed": 0, "train_steps": 0,
            "layers": 1, "activation": "tanh", "embedding": 0, "init_scale": 1,
            "optimizer": "adam", "lr": 0.05, "tokens": "char"}  # fmt: skip


def api_url(state: dict) -> str:
    """state.js apiRequest(): every API option but the cell, then `cell=` or `cells=`."""
    params = [(k, v) for k, v in state.items() if k != "cell"]
    if state["cell"] == "compare":
        return "/api/v1/compare?" + urlencode([*params, ("cells", "rnn,lstm,gru")])
    return "/api/v1/trace?" + urlencode([*params, ("cell", state["cell"])])


def cost_url(state: dict) -> str:
    """budget.js costUrl(): the comparison's query with the options the cost endpoint
    declares, train_steps left out (one answer for every mode and training)."""
    params = [(k, v) for k, v in state.items() if k != "cell"] + [("cells", "rnn,lstm,gru")]
    kept = [(k, v) for k, v in params if k != "train_steps" and k in COST_OPTIONS]
    return "/api/v1/cost?" + urlencode(kept)


def asked_url(state: dict, edited: bool) -> str:
    """asking.js asked(): after an edit, a training takes what fits (fit=true)."""
    url = api_url(state)
    return url + "&fit=true" if FIT and edited and state["train_steps"] > 0 else url


def budget_of(body: bytes) -> tuple[dict | None, bool]:
    """An answer's `cost` (the last field of a trace or comparison, after each trace's own)
    and whether it was `fitted` (api.js budgetOf)."""
    raw = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
    at = raw.rfind(b',"cost":')
    if at < 0:
        return None, False
    cost, _ = json.JSONDecoder().raw_decode(raw[at + 8 :].decode())
    return cost, raw.endswith(b',"fitted":true}')


def fitting(most: int | bool | None) -> int:
    """budget.js fitting(): the largest choice the page offers that fits."""
    return max([0, *(n for n in CHOICES["train_steps"] if fits(n, most))])


def most_training(answer: dict | None, state: dict) -> int | bool | None:
    """budget.js room(...).most: the most training the page offers for the state's mode;
    False when not known (the page then offers every choice), None when none fits."""
    if answer is None:
        return False
    fit = answer if state["cell"] == "compare" else answer["per_cell"][state["cell"]]
    return fit["max_train_steps"]  # type: ignore[no-any-return]


def fits(n: int, most: int | bool | None) -> bool:
    """budget.js fits()."""
    return most is False or (most is not None and n <= most)


def kind_of(target: str) -> str:
    """page, static, plotly, cost, or trace/compare with `+train` when the model trains first."""
    if target.startswith("/api/v1/cost"):
        return "cost"
    if target.startswith("/api/v1/"):
        kind = "compare" if target.startswith("/api/v1/compare") else "trace"
        return kind if "&train_steps=0&" in target else kind + "+train"
    if target.startswith("/vendor/"):
        return "plotly"
    return "page" if target == "/" else "static"


def page_defaults(html: str) -> None:
    """From the page shell's option table: options the page sends with a starting value of
    its own that DEFAULTS lacks (such as `digits`, which a revision may not have), the
    options /api/v1/cost takes, and the training choices the controls offer."""
    global FIT
    DEFAULTS.clear()
    DEFAULTS.update(BASE_DEFAULTS)  # the revision served before may have had others
    COST_OPTIONS.clear()
    CHOICES.clear()
    table = OPTIONS.search(html)
    rows = json.loads(table.group(1))["options"] if table else []
    FIT = any(row["name"] == "fit" and row.get("answering") for row in rows)
    for row in rows:
        if row.get("answering"):
            continue  # how the page asks (asked_url), not its state
        if "trace" in row["endpoints"] and row.get("page_default") is not None:
            DEFAULTS.setdefault(row["name"], row["page_default"])
        if "cost" in row["endpoints"]:
            COST_OPTIONS.add(row["name"])
        if "trace" in row["endpoints"] and row.get("page_choices"):
            CHOICES[row["name"]] = row["page_choices"]


OPTIONS = re.compile(r'id="rnnscope-options"[^>]*>(.*?)</script>', re.S)
BASE_DEFAULTS = dict(DEFAULTS)
COST_OPTIONS: set[str] = set()  # the options /api/v1/cost declares
CHOICES: dict[str, list] = {}  # the values the page's controls offer (PAGE_CHOICES)
FIT = False  # the page asks with fit=true after an edit and reads the budget from the answers
# a revision whose option table has no page_choices declared them in budget.js
TRAIN_CHOICES = re.compile(r"TRAIN_CHOICES\s*=\s*\[([\d,\s]+)\]")
