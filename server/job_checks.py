"""What POST /api/v1/jobs checks beyond each field's own limits, before a job is queued.

`init`, the stored model a job trains on from: it exists (a 422 as for `model=` of a trace),
core.lm can train it (a character model within the job's own limits), its architecture (its
skip connections too) is the job's (a request that names another value is refused, naming that
field and the model's value) and the corpus is written in its vocabulary. The corpus holds
`batch` streams of `seq_len` training characters, and a validation text when one is asked for
(`val_fraction`, `keep: best`). Every refusal is a 422 naming the field, with a `rule` for the
page's language.
"""

from __future__ import annotations

import json
from typing import Any

from rnnscope.core.lm import check_known, train_chars_needed, val_chars
from rnnscope.core.options import for_endpoint
from rnnscope.core.tokens import UnknownTokens

from .errors import refuse
from .models.jobs import JobIn
from .store import ModelStore, Record

# the model's, never the request's
ARCHITECTURE = ("cell", "hidden", "layers", "embedding", "residual")


def from_model(store: ModelStore, job: JobIn, text: str) -> dict[str, Any]:
    """The config's fields that come from the stored model `job.init` (its architecture,
    activation and skip connections); an HTTPException (422) when it cannot be trained on from
    with this request."""
    record = store.get(job.init)
    if record is None:
        msg = f"init: no stored model {job.init} (GET /api/v1/models)"
        raise refuse(422, ["body", "init"], msg, "init", ctx={"rule": "init_unknown"})
    _trainable(record)
    arch = {name: getattr(record, name) for name in ARCHITECTURE}
    for name in ARCHITECTURE:
        given = getattr(job, name)
        if name in job.model_fields_set and given != arch[name]:
            msg = (f"{name}: {_json(given)} is not the model's {_json(arch[name])} (init "
                   f"{record.id}); give the model's or leave it out")  # fmt: skip
            ctx = {"rule": "init_conflict", "model": arch[name]}
            raise refuse(422, ["body", name], msg, "init", ctx=ctx)
    try:
        check_known(text, record.vocab)
    except UnknownTokens as exc:
        msg = f"corpus: the vocabulary of the model {record.id} lacks {exc.n} of its characters: "
        ctx = {"rule": "corpus_unknown", "n": exc.n, "tokens": exc.shown}
        raise refuse(422, ["body", "corpus"], msg + exc.shown, "corpus", ctx=ctx) from None
    return {**arch, "activation": record.activation}


def _json(value: Any) -> Any:
    """A value as the request's JSON wrote it (true, not True)."""
    return json.dumps(value) if isinstance(value, bool) else value


def _trainable(record: Record) -> None:
    """A model core.lm trains: character tokens, sizes within the job's declared limits."""
    if record.tokens != "char":
        msg = f"init: the model {record.id} reads {record.tokens} tokens; a job trains characters"
        ctx: dict[str, Any] = {"rule": "init_tokens", "tokens": record.tokens}
        raise refuse(422, ["body", "init"], msg, "init", ctx=ctx)
    declared = {o.name: o for o in for_endpoint("jobs")}
    for name in ("hidden", "layers", "embedding"):
        value, most = getattr(record, name), declared[name].le
        if most is not None and value > most:
            msg = f"init: the model's {name} is {value}; a job trains at most {most:g}"
            ctx = {"rule": "init_size", "what": name, "n": value, "max": most}
            raise refuse(422, ["body", "init"], msg, "init", ctx=ctx)


def check_lengths(job: JobIn, text: str) -> None:
    """The corpus' two parts hold what the job reads: `batch` streams of `seq_len` characters
    of training text (a shorter one read shorter windows, or nothing); a validation part of 2
    characters when `val_fraction` asks for one, or `keep: best` chooses by it."""
    n_val = val_chars(len(text), job.val_fraction)
    n_train, need = len(text) - n_val, train_chars_needed(job.batch, job.seq_len)
    if n_train < need:
        # one stream always fits (the declared limits: tests/server/test_job_checks.py), so
        # fewer streams are the way: `batch` is the field to name
        most = (n_train - 1) // job.seq_len
        msg = (f"batch: {job.batch} streams of {job.seq_len} characters need {need} characters "
               f"of training text; the corpus' training part holds {n_train} of its "
               f"{len(text)} (val_fraction {job.val_fraction}): at most {most} "
               "streams")  # fmt: skip
        ctx = {"rule": "train_chars", "n": n_train, "need": need, "max": most,
               "batch": job.batch, "seq_len": job.seq_len}  # fmt: skip
        raise refuse(422, ["body", "batch"], msg, "batch", ctx=ctx)
    if job.val_fraction > 0 and n_val < 2:
        msg = (f"val_fraction: {job.val_fraction} keeps {n_val} of the {len(text)} characters; "
               "a validation check needs at least 2 (0: no validation)")  # fmt: skip
        ctx = {"rule": "val_chars", "n": n_val}
        raise refuse(422, ["body", "val_fraction"], msg, "val_fraction", ctx=ctx)
    if job.keep == "best" and n_val < 2:  # it chooses by the validation loss
        msg = (f"keep: best needs a validation text; val_fraction {job.val_fraction} keeps "
               f"{n_val} of the {len(text)} characters, at least 2")  # fmt: skip
        ctx = {"rule": "keep_val", "n": n_val}
        raise refuse(422, ["body", "keep"], msg, "keep", ctx=ctx)
