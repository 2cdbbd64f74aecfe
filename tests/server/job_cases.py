"""Good and bad bodies of POST /api/v1/jobs, and what the API made of them, recorded before
the job options were declared in core/options.py (tests/fixtures/jobs/answers.json):

    .venv/bin/python -m tests.server.job_cases      # record again (only to change the contract)

A good body is not posted (it would start a training): what the API keeps of it is the
request model's dump (the job's `config`). A bad one is posted; its status and body are kept.
The request model's JSON schema is kept too, property by property (type, default, limits).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from rnnscope.core import limits as L
from rnnscope.server.models.jobs import JobIn

from .stored import store_client

ANSWERS = Path(__file__).resolve().parents[1] / "fixtures" / "jobs" / "answers.json"
CORPUS = {"builtin": "textwrap"}
NUMBERS = ["hidden", "layers", "embedding", "seq_len", "batch", "steps", "lr", "lr_decay",
           "decay_after", "dropout", "seed", "val_fraction"]  # fmt: skip
GOOD: list[dict[str, Any]] = [
    {"corpus": CORPUS},
    {"corpus": {"text": "x" * 1000}, "cell": "gru", "name": "n" * 80},
    {"corpus": CORPUS, "cell": "rnn", "hidden": 1, "layers": 1, "embedding": 0, "seq_len": 2,
     "batch": 1, "steps": 1, "lr": 1e-9, "lr_decay": 1e-9, "decay_after": 0, "dropout": 0,
     "seed": 0, "val_fraction": 0},
    {"corpus": CORPUS, "hidden": L.MAX_JOB_HIDDEN, "layers": L.MAX_LAYERS,
     "embedding": L.MAX_JOB_EMBEDDING, "seq_len": L.MAX_SEQ_LEN, "batch": L.MAX_JOB_BATCH,
     "steps": L.MAX_JOB_STEPS, "lr": 1, "lr_decay": 1, "decay_after": L.MAX_JOB_STEPS,
     "dropout": 0.9, "seed": L.MAX_SEED, "val_fraction": 0.5},
    {"corpus": CORPUS, "hidden": "64", "lr": "0.01", "steps": 300.0, "dropout": 0},
]  # fmt: skip
LOW = {"hidden": 0, "layers": 0, "embedding": -1, "seq_len": 1, "batch": 0, "steps": 0,
       "lr": 0, "lr_decay": 0, "decay_after": -1, "dropout": -0.1, "seed": -1,
       "val_fraction": -0.01}  # fmt: skip
HIGH = {"hidden": L.MAX_JOB_HIDDEN + 1, "layers": L.MAX_LAYERS + 1,
        "embedding": L.MAX_JOB_EMBEDDING + 1, "seq_len": L.MAX_SEQ_LEN + 1,
        "batch": L.MAX_JOB_BATCH + 1, "steps": L.MAX_JOB_STEPS + 1, "lr": 1.01, "lr_decay": 1.5,
        "decay_after": L.MAX_JOB_STEPS + 1, "dropout": 0.91, "seed": L.MAX_SEED + 1,
        "val_fraction": 0.51}  # fmt: skip
BAD: list[Any] = [
    *[{"corpus": CORPUS, name: value} for name, value in LOW.items()],
    *[{"corpus": CORPUS, name: value} for name, value in HIGH.items()],
    *[{"corpus": CORPUS, name: "abc"} for name in NUMBERS],
    *[{"corpus": CORPUS, name: None} for name in ("hidden", "lr", "cell", "name")],
    {"corpus": CORPUS, "hidden": 1.5},
    {"corpus": CORPUS, "steps": [3]},
    {"corpus": CORPUS, "lr": float("nan")},
    {"corpus": CORPUS, "dropout": float("inf")},
    {"corpus": CORPUS, "cell": "LSTM"},
    {"corpus": CORPUS, "cell": "transformer"},
    {"corpus": CORPUS, "name": "n" * 81},
    {"corpus": CORPUS, "colour": "red"},
    {"corpus": {"builtin": "os.path"}},
    {"corpus": {"builtin": "sys"}},
    {"corpus": {"builtin": "b" * 65}},
    {"corpus": {"text": "too short"}},
    {"corpus": {"text": "abc", "builtin": "json"}},
    {"corpus": {}},
    {"corpus": "argparse"},
    {"cell": "gru"},
    [],
    "not an object",
]


def body_text(body: Any) -> str:
    return json.dumps(body)  # NaN and Infinity as Python writes them (the server reads them)


def schema() -> dict[str, Any]:
    """Each property's type, default and limits in the request model's JSON schema."""
    keep = ("type", "default", "minimum", "maximum", "exclusiveMinimum", "enum", "maxLength",
            "anyOf", "$ref")  # fmt: skip
    whole = JobIn.model_json_schema()
    props = {
        **whole["properties"],
        **{f"corpus.{n}": p for n, p in whole["$defs"]["CorpusIn"]["properties"].items()},
    }
    return {name: {k: v for k, v in p.items() if k in keep} for name, p in props.items()}


def answers() -> dict[str, Any]:
    """What the API makes of GOOD and BAD now."""
    good = [JobIn.model_validate(b).model_dump() for b in GOOD]
    bad = []
    with tempfile.TemporaryDirectory() as data, store_client(Path(data)) as client:
        for b in BAD:
            headers = {"Content-Type": "application/json"}
            r = client.post("/api/v1/jobs", content=body_text(b), headers=headers)
            bad.append({"status": r.status_code, "body": r.json()})
    return {"good": good, "bad": bad, "schema": schema()}


if __name__ == "__main__":
    ANSWERS.write_text(json.dumps(answers(), indent=1, ensure_ascii=False) + "\n")
    print("recorded", ANSWERS)
