"""Record the API's answers to a fixed set of requests, one file each, byte for byte.

    python scripts/record_answers.py A      # this checkout
    git archive main | (mkdir /tmp/main && tar -x -C /tmp/main)
    PYTHONPATH=/tmp/main python scripts/record_answers.py B   # another one's code
    diff -r A B

The proof that a refactor changed no answer: the bodies (with their status) of traces,
comparisons, samples, classifications, seq2seq, recall trainings and cost questions, of
stored models (uploaded from tests/fixtures/models) and of refusals (their 422 names the
field, the limit and what fits), plus core's cost estimates of recall, classify and seq2seq on
random inputs. Requests are
small (a few seconds in all, on one core) and deterministic; files are named by request.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from rnnscope.core import classify, recall, seq2seq
from rnnscope.core import limits as L
from rnnscope.server.main import create_app
from rnnscope.server.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "tests" / "fixtures" / "models"
LOCAL = {"base_url": "http://127.0.0.1", "client": ("127.0.0.1", 50000)}  # may write
EXAMPLES = json.dumps([["a good film", "pos"], ["so dull", "neg"], ["great fun", "pos"],
                       ["a dull plot and bad acting", "neg"]])  # fmt: skip
PAIRS = json.dumps([["cat", "tac"], ["dog", "god"], ["abc", "cba"], ["가나다", "다나가"]])
LONG = json.dumps([["abcdefgh" * 8, "pos"], ["hgfedcba" * 8, "neg"], ["ab", "pos"]])
DIVERGE = {"hidden": 64, "tokens": "char", "lr": 10, "optimizer": "sgd", "clip": ""}
BI = {"bidirectional": True, "layers": 2, "train_steps": 5}
EXPLODE = {"cell": "rnn", "activation": "relu", "init_scale": 100}  # floats overflow
TRACES = [
    {"text": "hello"},
    {"text": "hello", "cell": "gru", "hidden": 8, "clip": 1, "truncate": 2, "digits": 7},
    {"text": "hello world", "tokens": "word", "train_steps": 20, "optimizer": "sgd", "lr": 0.1},
    {"text": "안녕하세요 여러분", "cell": "rnn", "layers": 2, "embedding": 4, "train_steps": 10},
    {"text": "abcdefgh" * 25, **EXPLODE, "hidden": 8, "w_hh_sigma": 100},  # overflows
    {"text": "abcabd", **EXPLODE, "hidden": 4, "train_steps": 5, "lr": 10, "digits": 5},
    {"text": "hello", "train": "readout", "optimizer": "ridge", "train_steps": 1},
]
REQUESTS = [
    *[("trace", q) for q in TRACES],
    ("compare", {"text": "hello", "hidden": 8}),
    ("compare", {"text": "hello", "cells": "rnn,gru", "forget_bias": 1, "train_steps": 5}),
    ("sample", {"text": "hello", "start": "h", "train_steps": 10}),
    ("sample", {"text": "hello", "start": "l", "temperature": 0.5, "sample_seed": 3}),
    ("classify", {"examples": EXAMPLES, "train_steps": 20}),
    ("classify", {"examples": EXAMPLES, **BI, "pad": "post", "mask": False, "cell": "gru"}),
    ("classify", {"examples": LONG, **EXPLODE, **DIVERGE, "train_steps": 10}),
    ("seq2seq", {"pairs": PAIRS, "train_steps": 20, "tokens": "char"}),
    ("seq2seq", {"pairs": LONG.replace("pos", "ab" * 9), **EXPLODE, **DIVERGE, "train_steps": 10}),
    ("seq2seq", {"pairs": PAIRS, **BI, "cell": "rnn", "embedding": 3}),
    ("recall", {"cell": "gru", "hidden": 8, "n_distract": 3, "steps": 5, "batch": 4}),
    ("recall", {"cell": "lstm", "hidden": 4, "n_distract": 2, "steps": 3, "forget_bias": 5}),
    ("cost", {"text": "hello"}),
    ("cost", {"text": "hello world, hello rnn", "cells": "rnn,lstm", "hidden": 128}),
    ("cost", {"text": "abcdefgh" * 30, "train_steps": 1000, "layers": 3}),
    # refusals: the field, the limit, what fits
    ("trace", {"text": "a"}),
    ("trace", {"text": "hello", "hidden": 0}),
    ("trace", {"text": "abcdefgh" * 30, "hidden": 256, "train_steps": 1000}),
    ("compare", {"text": "abcdefgh" * 30, "hidden": 200, "train_steps": 800, "layers": 2}),
    ("recall", {"steps": 1000, "batch": 128, "hidden": 64, "n_distract": 100}),
    ("classify", {"examples": "[1]"}),
    ("seq2seq", {"pairs": PAIRS, "hidden": 256, "layers": 3, "train_steps": 1000}),
]
STORED = ["lstm_state_dict.pt", "keras_gru.keras"]


def stored_requests(ids: list[str], text: str) -> list[tuple[str, dict]]:
    """Traces, a comparison, a sample and cost questions of the stored models."""
    a, b = ids
    return [
        ("trace", {"text": text, "model": a}),
        ("trace", {"text": text, "model": b, "train_steps": 5}),
        ("trace", {"text": text, "model": a, "train_steps": L.MAX_TRAIN_STEPS}),  # refused
        ("trace", {"text": (text + " ") * 12, "model": a}),  # refused: too many tokens
        ("compare", {"text": text, "models": f"{a},{b}"}),
        ("sample", {"text": text, "model": a, "start": text[0], "length": 8}),
        ("cost", {"text": text, "model": a}),
        ("cost", {"text": text, "model": b, "train_steps": 1000}),
    ]


def estimates() -> bytes:
    """core.recall.estimate_cost on 2,000 random recall trainings (repr of each float)."""
    rng = random.Random(5)
    out = []
    for _ in range(2000):
        kw = {
            "cell": rng.choice(L.CELL_NAMES),
            "hidden": rng.randint(1, L.MAX_RECALL_HIDDEN),
            "n_distract": rng.randint(1, L.MAX_RECALL_DISTRACT),
            "n_symbols": rng.randint(L.MIN_RECALL_SYMBOLS, L.MAX_RECALL_SYMBOLS),
            "steps": rng.randint(0, L.MAX_RECALL_STEPS),
            "batch": rng.randint(1, L.MAX_RECALL_BATCH),
        }
        work = getattr(recall, "RecallWork", None)  # (keyword arguments before it)
        cost = recall.estimate_cost(work(**kw)) if work else recall.estimate_cost(**kw)
        out.append(f"{kw} {cost!r}")
    return "\n".join(out).encode()


def task_estimates() -> bytes:
    """core.classify's and core.seq2seq's estimate_cost on 400 random requests each."""
    rng = random.Random(6)
    out = []
    for _ in range(400):
        kw = {
            "cell": rng.choice(L.CELL_NAMES),
            "hidden": rng.choice([1, 8, 32, 128, 256]),
            "layers": rng.randint(1, 3),
            "embedding": rng.choice([0, 4, 32]),
            "bidirectional": rng.random() < 0.5,
            "train_steps": rng.choice([0, 1, 50, 200, 1000]),
        }
        texts = [" ".join(rng.choice("abcdefgh") * rng.randint(1, 5) for _ in range(9))
                 for _ in range(rng.randint(2, 12))]  # fmt: skip
        pairs = [[t, t[::-1]] for t in texts]
        examples = [[t, f"l{i % 3}"] for i, t in enumerate(texts)]
        o = classify.normalize_classify(examples, **kw, pad=rng.choice(L.PAD_SIDES))
        out.append(f"classify {kw} {classify.estimate_cost(o, classify.prepare(o))!r}")
        o = seq2seq.normalize_seq2seq(pairs, **kw, tokens=rng.choice(L.TOKEN_MODES))
        out.append(f"seq2seq {kw} {seq2seq.estimate_cost(o, seq2seq.prepare(o))!r}")
    return "\n".join(out).encode()


def record(out: Path) -> None:
    print("code of", Path(recall.__file__).resolve().parents[1], file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        app = create_app(Settings(data_dir=Path(data)))
        with TestClient(app, **LOCAL) as client:
            ids = []
            for name in STORED:
                ref = json.loads((MODELS / f"{name}.json").read_text())
                files = {"file": (name, (MODELS / name).read_bytes())}
                r = client.post(
                    "/api/v1/models", files=files, data={"vocab": json.dumps(ref["vocab"])}
                )
                ids.append(r.json()["id"])
            text = json.loads((MODELS / f"{STORED[0]}.json").read_text())["text"]
            for endpoint, query in REQUESTS + stored_requests(ids, text):
                r = client.get(f"/api/v1/{endpoint}", params=query)
                name = hashlib.sha1(f"{endpoint} {sorted(query.items())}".encode()).hexdigest()
                (out / f"{endpoint}-{name[:10]}").write_bytes(
                    f"{r.status_code}\n".encode() + r.content
                )
                print(r.status_code, endpoint, len(r.content), str(query)[:90])
    (out / "recall-estimates").write_bytes(estimates())
    (out / "task-estimates").write_bytes(task_estimates())


if __name__ == "__main__":
    record(Path(sys.argv[1]))
