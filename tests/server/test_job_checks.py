"""POST /api/v1/jobs with `init` (train on from a stored model) and `keep`: what cannot be done
is refused at POST time with a 422 naming the field (and, for the page's language, its rule
and numbers), never queued to fail later."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rnnscope.core import params as P
from rnnscope.core.corpus import builtin
from rnnscope.server.store import ModelStore
from rnnscope.server.uploads import imported_params

from .stored import store_client
from .test_jobs import TINY

TEXTWRAP = sorted(set(builtin("textwrap")))


def stored(root: Path, cell="gru", hidden=8, layers=1, embedding=0, vocab=None, tokens="char",
           activation="tanh", residual=False) -> str:  # fmt: skip
    """The id of a model (weights drawn from seed 0) put in the store under `root`."""
    vocab = TEXTWRAP if vocab is None else vocab
    weights = P.init(cell, len(vocab), hidden, layers, embedding, 0)
    model = imported_params(weights, vocab, tokens, activation, "test", residual)
    record, _ = ModelStore(root, 2**26, 2**30, 10).put(model, "stored")
    return record.id


def refusal(tmp_path: Path, body: dict) -> dict:
    """The one item of the 422 answering `body`, and no job queued."""
    with store_client(tmp_path) as client:
        r = client.post("/api/v1/jobs", json=body)
    assert r.status_code == 422, r.text
    assert not (tmp_path / "jobs.sqlite3").exists()  # refused before anything was queued
    (item,) = r.json()["detail"]
    return item


def test_an_unknown_model_is_refused_naming_init(tmp_path):
    item = refusal(tmp_path, {**TINY, "init": "0123456789abcdef"})
    assert item["loc"] == ["body", "init"] and item["ctx"] == {"rule": "init_unknown"}
    assert "no stored model 0123456789abcdef" in item["msg"]


def test_an_id_that_cannot_be_one_is_refused_by_its_declared_length(tmp_path):
    item = refusal(tmp_path, {**TINY, "init": "abc"})
    assert item["loc"] == ["body", "init"] and item["ctx"] == {"min_length": 16}


def test_a_word_model_is_refused_naming_init_and_why(tmp_path):
    model = stored(tmp_path, vocab=["the", "cat", "sat"], tokens="word")
    item = refusal(tmp_path, {"corpus": TINY["corpus"], "init": model})
    assert item["loc"] == ["body", "init"]
    assert item["ctx"] == {"rule": "init_tokens", "tokens": "word"}
    assert "reads word tokens; a job trains characters" in item["msg"]


def test_a_model_larger_than_a_job_trains_is_refused_naming_init(tmp_path):
    model = stored(tmp_path, embedding=65)  # a stored model may have 512, a job 64
    item = refusal(tmp_path, {"corpus": TINY["corpus"], "init": model})
    assert item["loc"] == ["body", "init"]
    assert item["ctx"] == {"rule": "init_size", "what": "embedding", "n": 65, "max": 64}


@pytest.mark.parametrize(
    "name,value,model",
    [
        ("cell", "lstm", "gru"),
        ("hidden", 16, 8),
        ("layers", 2, 1),
        ("embedding", 4, 0),
        ("residual", True, False),
    ],
)
def test_an_architecture_that_is_not_the_models_is_refused_naming_it(tmp_path, name, value, model):
    item = refusal(tmp_path, {**TINY, name: value, "init": stored(tmp_path)})
    assert item["loc"] == ["body", name]
    assert item["ctx"] == {"rule": "init_conflict", "model": model}
    said, its = (json.dumps(v) if isinstance(v, bool) else v for v in (value, model))
    assert item["msg"].startswith(f"{name}: {said} is not the model's {its}")


def test_a_corpus_outside_the_models_vocabulary_names_the_first_unknown_characters(tmp_path):
    model = stored(tmp_path, vocab=[c for c in TEXTWRAP if c not in "xyz"])
    item = refusal(tmp_path, {**TINY, "init": model})
    assert item["loc"] == ["body", "corpus"]
    order = [c for c in dict.fromkeys(builtin("textwrap")) if c in "xyz"]
    shown = ", ".join(repr(c) for c in order)
    assert item["ctx"] == {"rule": "corpus_unknown", "n": 3, "tokens": shown}
    assert (
        item["msg"]
        == f"corpus: the vocabulary of the model {model} lacks 3 of its characters: {shown}"
    )


SHORT = "ab" * 500  # the least a corpus may be: 900 characters to train on, 100 to validate


def test_a_corpus_too_short_for_its_streams_is_refused_naming_batch(tmp_path):
    """16 streams of 64 characters need 1025: the Trainer read 56-character windows (an epoch
    of no steps), or, with fewer than `batch` + 1, nothing (a NaN, then a crash)."""
    item = refusal(tmp_path, {**TINY, "corpus": {"text": SHORT}, "batch": 16, "seq_len": 64})
    assert item["loc"] == ["body", "batch"]
    assert item["ctx"] == {"rule": "train_chars", "n": 900, "need": 1025, "max": 14,
                           "batch": 16, "seq_len": 64}  # fmt: skip
    assert "need 1025 characters" in item["msg"] and "holds 900" in item["msg"]


@pytest.mark.parametrize("chars,fits", [(1138, False), (1139, True)])
def test_the_streams_fit_from_batch_times_seq_len_plus_one_training_characters(chars, fits):
    from fastapi import HTTPException

    from rnnscope.core.lm import Corpus, Trainer
    from rnnscope.core.model import Spec
    from rnnscope.server.job_checks import check_lengths
    from rnnscope.server.models.jobs import JobIn

    text = ("abc" * chars)[:chars]  # 1139: 114 to validate, 1025 to train
    job = JobIn.model_validate({**TINY, "corpus": {"text": text}, "batch": 16, "seq_len": 64})
    corpus = Corpus.of(text, job.val_fraction)
    if fits:
        check_lengths(job, text)
        assert Trainer(corpus, Spec("gru", 3, 4), 64, 16).steps_per_epoch == 1
    else:
        with pytest.raises(HTTPException):
            check_lengths(job, text)
        with pytest.raises(ValueError, match="need 1025 training characters"):
            Trainer(corpus, Spec("gru", 3, 4), 64, 16)


def test_one_stream_always_fits_so_batch_is_the_field_to_name():
    """The shortest corpus, with the most kept for validation, holds one stream of the
    longest window: fewer streams always fit, whatever seq_len."""
    from rnnscope.core import limits as L
    from rnnscope.core.lm import train_chars_needed, val_chars
    from rnnscope.core.options import for_endpoint

    declared = {o.name: o for o in for_endpoint("jobs")}
    n = L.MIN_CORPUS_CHARS
    least = n - val_chars(n, declared["val_fraction"].le)
    assert least >= train_chars_needed(1, declared["seq_len"].le)


def test_a_validation_part_too_short_for_a_check_is_refused_naming_val_fraction(tmp_path):
    """val_fraction 0.001 of 1000 characters keeps 1: every check's loss would be None."""
    item = refusal(tmp_path, {**TINY, "corpus": {"text": SHORT}, "batch": 4,
                              "val_fraction": 0.001})  # fmt: skip
    assert item["loc"] == ["body", "val_fraction"] and item["ctx"] == {"rule": "val_chars", "n": 1}


def test_keep_best_without_a_validation_text_is_refused_naming_keep(tmp_path):
    item = refusal(tmp_path, {**TINY, "keep": "best", "val_fraction": 0})
    assert item["loc"] == ["body", "keep"] and item["ctx"] == {"rule": "keep_val", "n": 0}


@pytest.mark.parametrize(
    "patch,kind,ctx",
    [
        ({"keep": "first"}, "literal_error", {"expected": "'last' or 'best'"}),
        ({"val_every": 0}, "greater_than_equal", {"ge": 1}),
    ],
)
def test_the_new_fields_keep_their_declared_limits(tmp_path, patch, kind, ctx):
    item = refusal(tmp_path, {**TINY, **patch})
    assert (item["loc"], item["type"], item["ctx"]) == (["body", *patch], kind, ctx)


def test_the_recipe_of_docs_units_is_two_bodies_the_api_takes():
    """docs/units.md "Showing it in class": phase 1 is bench's seed-2 run (2 x 128), phase 2
    goes on from its model with the job's default seed, 0, as bench's --init run does."""
    import json
    import re

    from rnnscope.server.models.jobs import JobIn

    doc = (Path(__file__).resolve().parents[2] / "docs" / "units.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Showing it in class") : doc.index("## The question")]
    bodies = [json.loads(b.replace("<model_id>", "0" * 16))
              for b in re.findall(r"-d \\\n\s*'(\{.*?\})'", section, re.DOTALL)]  # fmt: skip
    first, then = (JobIn.model_validate(b) for b in bodies)
    assert (first.cell, first.hidden, first.layers, first.seed, first.keep) == (
        "lstm", 128, 2, 2, "best")  # fmt: skip
    assert (then.init, then.lr, then.seed, then.keep, then.val_every) == (
        "0" * 16, 0.0005, 0, "best", 100)  # fmt: skip
    assert {"cell", "hidden", "layers", "embedding"}.isdisjoint(bodies[1])  # the model's
