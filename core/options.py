"""Every option of the API, declared once: name, type, default, limits, meaning, endpoints.

The server's query models and so OpenAPI and /docs (server/params.py), the page's option
table (served in the page shell, read by static/js/state.js), and the options tables of
README.md and docs/trace-format.md (`python -m rnnscope.server.option_docs`) are derived
from OPTIONS; tests/server/test_options.py checks that they agree. To add an option:
one `Option(...)` below, naming the endpoints that take it, then its labels in static/js/strings.js
(/work/team/NOTES.md, "options: how to add an option").

An endpoint is named by the last part of its path: `trace` is GET /api/v1/trace. An option
that means something else on another endpoint (recall's `hidden` has other limits) is declared
again for that endpoint. The order below is the order of the query models' fields (and so of
the `request` of sample and recall).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from . import limits as L
from .option import REQUIRED, Option, OptionError, check_all

__all__ = ["ANSWERING", "JOB_PAGE_DEFAULTS", "OPTIONS", "PAGE_CHOICES", "PAGE_DEFAULTS",
           "REFUSED", "REQUIRED", "Option", "OptionError", "Options", "check", "check_tokens",
           "for_endpoint", "normalize", "refused", "table"]  # fmt: skip

# The endpoints that train a character model on `text` with these options and trace it, and
# the one that says beforehand what such a request would cost (/api/v1/cost).
MODEL = ("trace", "compare", "sample", "cost")
# The endpoints that train on a batch of texts: classification and sequence-to-sequence.
TASKS = ("classify", "seq2seq")
# POST /api/v1/jobs: its body's fields, and those of its `corpus` object.
JOBS = ("jobs",)
CORPUS = ("jobs.corpus",)
GATE_BIAS: dict[str, Any] = {"ge": -L.MAX_GATE_BIAS, "le": L.MAX_GATE_BIAS, "nullable": True}

OPTIONS: tuple[Option, ...] = (
    # the character model: core.trace's keyword arguments
    Option("text", "str", REQUIRED, endpoints=MODEL, printable=True, example="hello",
           min_length=L.MIN_TOKENS, max_length=L.MAX_TEXT_CHARS,
           meaning=f"The sequence: {L.MIN_TOKENS}..{L.MAX_TOKENS} tokens and at most "
                   f"{L.MAX_VOCAB} distinct ones after NFC, at most {L.MAX_TEXT_CHARS} code "
                   "points, no control characters."),
    Option("hidden", "int", 16, ge=1, le=L.MAX_HIDDEN, endpoints=(*MODEL, *TASKS),
           meaning="Hidden size H: units of the state h (and c)."),
    Option("seed", "int", 0, ge=0, le=L.MAX_SEED, endpoints=(*MODEL, *TASKS),
           meaning="Seed of NumPy's Generator for the initial weights."),
    Option("layers", "int", 1, ge=1, le=L.MAX_LAYERS, endpoints=(*MODEL, *TASKS),
           meaning="Stacked layers; each reads the output of the layer below (its h)."),
    Option("residual", "bool", False, endpoints=MODEL,
           meaning="From the second layer up, a layer's output is its h plus its input (a skip "
                   "connection); nothing changes with one layer."),
    Option("activation", "str", "tanh", values=L.ACTIVATIONS, endpoints=(*MODEL, *TASKS),
           meaning="Activation of the vanilla RNN's state (RNN only)."),
    Option("embedding", "int", 0, ge=0, le=L.MAX_EMBEDDING, endpoints=(*MODEL, *TASKS),
           meaning="0 = one-hot input, else the size E of a learned embedding."),
    Option("init_scale", "float", 1.0, gt=0, le=L.MAX_INIT_SCALE, endpoints=(*MODEL, *TASKS),
           meaning="Multiplies PyTorch's default init range of every tensor."),
    Option("w_hh_sigma", "float", None, gt=0, le=L.MAX_SIGMA, nullable=True, endpoints=MODEL,
           meaning="Rescale each gate block of `W_hh` to this largest singular value."),
    Option("init", "str", "pytorch", values=L.INITS, endpoints=MODEL,
           meaning="How `W_hh` starts, each gate block: `pytorch` (uniform, PyTorch's default), "
                   "`orthogonal` (every singular value 1), `identity` (I, and the layer's biases "
                   "0: the IRNN). `w_hh_sigma` and `spectral_radius` rescale it."),
    Option("spectral_radius", "float", None, gt=0, le=L.MAX_SPECTRAL_RADIUS, nullable=True,
           endpoints=MODEL,
           meaning="Rescale each gate block of `W_hh` to this largest eigenvalue magnitude "
                   "(after `w_hh_sigma`): below 1 the state forgets where it started."),
    Option("forget_bias", "float", None, **GATE_BIAS, endpoints=MODEL,
           meaning="LSTM: forget-gate bias (put in `bias_ih`, `bias_hh` rows set to 0); "
                   "unset keeps PyTorch's initialisation."),
    Option("update_bias", "float", None, **GATE_BIAS, endpoints=MODEL,
           meaning="GRU: update-gate (z) bias, same convention."),
    Option("clip", "float", None, gt=0, le=L.MAX_CLIP, nullable=True, endpoints=(*MODEL, *TASKS),
           meaning="Global-norm clipping threshold of the gradient (unset: no clipping)."),
    Option("truncate", "int", None, ge=1, le=L.MAX_TOKENS, nullable=True, endpoints=MODEL,
           meaning="Truncated BPTT over k steps (`truncate_mode`): with `window`, loss `L_t` "
                   "reaches steps `t-k+1 .. t` only."),
    Option("truncate_mode", "str", "window", values=L.TRUNCATE_MODES, endpoints=MODEL,
           meaning="`window`: each loss `L_t` reaches back `truncate` steps (a walk of k steps "
                   "per loss); `chunk`: the text cut into chunks of `truncate` steps, the state "
                   "carried across, the gradient stopped between them as `h.detach()` does."),
    Option("train_steps", "int", 0, ge=0, le=L.MAX_TRAIN_STEPS, endpoints=MODEL,
           meaning="Optimisation steps on `text` before the trace is taken."),
    Option("train", "str", "all", values=L.TRAINABLE, endpoints=MODEL,
           meaning="What training updates: `all` weights, or the `readout` alone (an echo "
                   "state network: the recurrent weights stay as drawn)."),
    Option("optimizer", "str", "adam", values=L.MODEL_OPTIMIZERS, endpoints=MODEL,
           meaning="Optimiser of the training steps; `ridge` fits the readout alone in closed "
                   "form, once (ridge regression), whatever `train` says."),
    Option("optimizer", "str", "adam", values=L.OPTIMIZERS, endpoints=TASKS,
           meaning="Optimiser of the training steps."),
    Option("lr", "float", 0.05, gt=0, le=L.MAX_LR, endpoints=(*MODEL, *TASKS),
           meaning="Learning rate."),
    Option("ridge", "float", 1e-3, gt=0, le=L.MAX_RIDGE, endpoints=MODEL,
           meaning="`optimizer=ridge`: the penalty on the readout's weights (not its bias)."),
    Option("tokens", "str", "char", values=L.TOKEN_MODES, endpoints=(*MODEL, "seq2seq"),
           meaning="One token per code point (`char`), or whitespace-split words (`word`)."),
    Option("cell", "str", "lstm", values=L.CELL_NAMES, endpoints=("trace", "sample", *TASKS),
           meaning="Which recurrent cell."),
    # a stored model (GET /api/v1/models) in place of one trained on `text` from `seed`
    Option("model", "str", None, nullable=True, min_length=L.MODEL_ID_CHARS,
           max_length=L.MODEL_ID_CHARS, endpoints=("trace", "sample", "cost"),
           meaning="A stored model's id: its weights and vocabulary, not a model trained on "
                   "`text` from `seed` (`train_steps` fine-tunes them). The options that make a "
                   "model (cell, hidden, layers, embedding, activation, tokens, seed, "
                   "init_scale, w_hh_sigma, forget_bias, update_bias) are the model's; "
                   "`request` reports them."),
    # the answer's size: the page asks for fewer digits than a float64 holds (core.jsonable)
    Option("digits", "int", None, nullable=True, ge=1, le=L.MAX_DIGITS, endpoints=MODEL,
           meaning="Significant digits of every number in the answer; unset: full precision "
                   f"(float64). The page asks for {L.COMPACT_DIGITS}, as precise as float32: "
                   "2-3 times fewer bytes to send and to parse. The `request` is never rounded."),
    # how the request is answered, not what is computed (not in Options, not in the cache key)
    Option("fit", "bool", False, endpoints=("trace", "compare"),
           meaning="Over the cost budget, train the most that fits instead of refusing: the "
                   "largest of the page's `train_steps` choices (PAGE_CHOICES) within "
                   "COST_BUDGET. The answer's `request.train_steps` is what was trained, and "
                   "`fitted: true` says that it is less than asked. The page asks for it after "
                   "an edit."),
    # compare: the same options for several cells
    Option("cells", "list", ",".join(L.CELL_NAMES), values=L.CELL_NAMES, max_length=64,
           endpoints=("compare", "cost"),
           meaning=f"Comma-separated distinct cells out of {', '.join(L.CELL_NAMES)}."),
    Option("models", "str", None, nullable=True, max_length=L.MAX_MODELS_CHARS,
           endpoints=("compare",),
           meaning=f"Comma-separated ids of up to {L.MAX_COMPARE_MODELS} stored models, traced "
                   "side by side on the same text (in place of `cells`); the answer's `traces` "
                   "are keyed by model id."),
    # sample: generate from the trained model (core.sample)
    Option("start", "str", REQUIRED, min_length=1, max_length=L.MAX_TEXT_CHARS, printable=True,
           endpoints=("sample",), example="h",
           meaning="The first input: one of the tokens of `text` (after NFC)."),
    Option("length", "int", 40, ge=1, le=L.MAX_SAMPLE_LENGTH, endpoints=("sample",),
           meaning="Tokens to generate."),
    Option("temperature", "float", 1.0, ge=L.MIN_TEMPERATURE, le=L.MAX_TEMPERATURE,
           endpoints=("sample",),
           meaning="Divides the logits: below 1 sharpens, above 1 flattens."),
    Option("sample_seed", "int", 0, ge=0, le=L.MAX_SEED, endpoints=("sample",),
           meaning="Seed of NumPy's Generator that draws the tokens."),
    # classification and sequence-to-sequence (core.classify, core.seq2seq)
    Option("examples", "str", REQUIRED, printable=True, max_length=L.MAX_PAIRS_JSON_CHARS,
           endpoints=("classify",), example='[["a good film", "pos"], ["so dull", "neg"]]',
           meaning=f"JSON array of [text, label] pairs: {L.MIN_EXAMPLES}..{L.MAX_EXAMPLES} "
                   f"pairs, {L.MIN_LABELS}..{L.MAX_LABELS} distinct labels of at most "
                   f"{L.MAX_LABEL_CHARS} characters (no < > & \" ' or backquote), each text 1.."
                   f"{L.MAX_EXAMPLE_CHARS} characters and 1..{L.MAX_SEQ_TOKENS} tokens, "
                   f"{L.MAX_EXAMPLES_CHARS} characters in all."),
    Option("pairs", "str", REQUIRED, printable=True, max_length=L.MAX_PAIRS_JSON_CHARS,
           endpoints=("seq2seq",), example='[["cat", "tac"], ["dog", "god"]]',
           meaning="JSON array of [source, target] pairs, with the limits of `examples`."),
    Option("train_steps", "int", 200, ge=0, le=L.MAX_TRAIN_STEPS, endpoints=TASKS,
           meaning="Full-batch optimisation steps before the model is traced."),
    Option("tokens", "str", "word", values=L.TOKEN_MODES, endpoints=("classify",),
           meaning="Whitespace-split words (`word`) or one token per code point (`char`)."),
    Option("max_len", "int", None, ge=1, le=L.MAX_SEQ_TOKENS, nullable=True,
           endpoints=("classify",),
           meaning="Pad or cut every text to this many tokens (unset: the longest text)."),
    Option("pad", "str", "pre", values=L.PAD_SIDES, endpoints=("classify",),
           meaning="Where the pads go, and which end of a longer text is cut (Keras's "
                   "pad_sequences: `pre`)."),
    Option("mask", "bool", True, endpoints=("classify",),
           meaning="A pad keeps the state and gets no gradient (pack_padded_sequence); "
                   "false feeds the pads as ordinary tokens."),
    Option("bidirectional", "bool", False, endpoints=TASKS,
           meaning="A backward direction per layer (`*_reverse` weights), read with the "
                   "forward one; refused by a language model (trace, compare, sample)."),
    # recall: core.recall.train_recall's keyword arguments (an experiment with its own knobs)
    Option("cell", "str", "gru", values=L.CELL_NAMES, endpoints=("recall",),
           meaning="Which recurrent cell."),
    Option("hidden", "int", 32, ge=1, le=L.MAX_RECALL_HIDDEN, endpoints=("recall",),
           meaning="Hidden size H."),
    Option("n_distract", "int", 40, ge=1, le=L.MAX_RECALL_DISTRACT, endpoints=("recall",),
           meaning="N distractors between the symbol and the query (T = N + 2 steps)."),
    Option("n_symbols", "int", 4, ge=L.MIN_RECALL_SYMBOLS, le=L.MAX_RECALL_SYMBOLS,
           endpoints=("recall",), meaning="K symbols to recall (chance is 1/K)."),
    Option("steps", "int", 300, ge=0, le=L.MAX_RECALL_STEPS, endpoints=("recall",), example=100,
           meaning="Training steps."),
    Option("batch", "int", 32, ge=1, le=L.MAX_RECALL_BATCH, endpoints=("recall",),
           meaning="Sequences per training step."),
    Option("lr", "float", 0.01, gt=0, le=L.MAX_LR, endpoints=("recall",),
           meaning="Learning rate."),
    Option("seed", "int", 0, ge=0, le=L.MAX_SEED, endpoints=("recall",),
           meaning="Seed of NumPy's Generator for the initial weights and the sequences."),
    Option("optimizer", "str", "adam", values=L.OPTIMIZERS, endpoints=("recall",),
           meaning="Optimiser of the training steps."),
    Option("clip", "float", 1.0, gt=0, le=L.MAX_CLIP, nullable=True, endpoints=("recall",),
           meaning="Global-norm clipping threshold; `clip=` (empty) trains without clipping."),
    Option("forget_bias", "float", None, **GATE_BIAS, endpoints=("recall",),
           meaning="LSTM forget-gate bias; unset keeps PyTorch's initialisation (the lesson "
                   "asks for 5)."),
    Option("update_bias", "float", None, **GATE_BIAS, endpoints=("recall",),
           meaning="GRU update-gate (z) bias; unset keeps PyTorch's initialisation (the lesson "
                   "asks for 2)."),
    # units: what a stored model's units learned (core.units; GET /api/v1/models/{id}/units)
    Option("text", "str", REQUIRED, min_length=2, max_length=L.MAX_UNITS_TEXT_CHARS,
           endpoints=("units",), example="def f(x):\n    return x\n",
           meaning=f"The text the units read: at most {L.MAX_UNITS_TEXT_CHARS} code points "
                   "(NFC), every token in the model's vocabulary (line breaks too, if the "
                   "model has them)."),
    Option("pattern", "str", None, nullable=True, max_length=L.MAX_PATTERN_CHARS,
           endpoints=("units",),
           meaning="A Python regular expression (DOTALL) marking the characters a unit should "
                   "detect (group 1's, if it has a group): units are ranked by AUC for them, "
                   "beside the same architecture untrained. Stopped after "
                   f"{L.PATTERN_SECONDS:g} s."),
    Option("unit", "str", None, nullable=True, max_length=32, endpoints=("units",),
           meaning="`layer:kind:unit` (such as `0:c:63`) whose activation per token is "
                   "returned; unset: the best unit for `pattern`, else `0:h:0`."),
    Option("top", "int", 20, ge=1, le=L.MAX_UNITS_TOP, endpoints=("units",),
           meaning="How many units of the ranking (and of the baseline's) to return."),
    # a training on a corpus: the JSON body of POST /api/v1/jobs (core.lm, server/jobs.py);
    # its `corpus` is an object with exactly one of `text` and `builtin` (endpoint jobs.corpus)
    Option("text", "str", None, nullable=True, max_length=L.MAX_CORPUS_CHARS, endpoints=CORPUS,
           meaning=f"A pasted or uploaded text: {L.MIN_CORPUS_CHARS}..{L.MAX_CORPUS_CHARS} code "
                   f"points after NFC, at most {L.MAX_MODEL_VOCAB} distinct ones."),
    Option("builtin", "str", None, nullable=True, max_length=L.MAX_BUILTIN_CHARS,
           endpoints=CORPUS, example="argparse",
           meaning="A module of the running Python's standard library, dotted names too "
                   "(json.decoder, email.mime.text): its source is the corpus (found, never "
                   "imported; a package's is its __init__.py)."),
    Option("cell", "str", "lstm", values=L.CELL_NAMES, endpoints=JOBS,
           meaning="Which recurrent cell."),
    Option("hidden", "int", 128, ge=1, le=L.MAX_JOB_HIDDEN, endpoints=JOBS,
           meaning="Hidden size H."),
    Option("layers", "int", 1, ge=1, le=L.MAX_LAYERS, endpoints=JOBS, meaning="Stacked layers."),
    Option("embedding", "int", 0, ge=0, le=L.MAX_JOB_EMBEDDING, endpoints=JOBS,
           meaning="0 = one-hot input, else the size E of a learned embedding."),
    Option("seq_len", "int", 64, ge=2, le=L.MAX_SEQ_LEN, endpoints=JOBS,
           meaning="Characters per BPTT window (the state carried on, the gradient cut)."),
    Option("batch", "int", 32, ge=1, le=L.MAX_JOB_BATCH, endpoints=JOBS,
           meaning="Streams of the text read side by side."),
    Option("steps", "int", 2000, ge=1, le=L.MAX_JOB_STEPS, endpoints=JOBS,
           meaning="Optimiser steps (Adam)."),
    Option("lr", "float", 0.003, gt=0, le=L.MAX_JOB_LR, endpoints=JOBS, meaning="Learning rate."),
    Option("lr_decay", "float", 1.0, gt=0, le=1, endpoints=JOBS,
           meaning="lr is multiplied by it at the end of each epoch from `decay_after` on "
                   "(char-rnn: 0.97); 1 = constant."),
    Option("decay_after", "int", 10, ge=0, le=L.MAX_JOB_STEPS, endpoints=JOBS,
           meaning="Epochs before the decay."),
    Option("dropout", "float", 0.0, ge=0, le=L.MAX_DROPOUT, endpoints=JOBS,
           meaning="On each layer's output on its way up (next layer, readout), not on the "
                   "recurrence; 0 = none."),
    Option("seed", "int", 0, ge=0, le=L.MAX_SEED, endpoints=JOBS,
           meaning="Seed of NumPy's Generator for the initial weights and the dropout masks."),
    Option("val_fraction", "float", 0.1, ge=0, le=L.MAX_VAL_FRACTION, endpoints=JOBS,
           meaning="The last part of the text kept for validation."),
    Option("name", "str", "", max_length=L.MAX_MODEL_NAME_CHARS, endpoints=JOBS,
           meaning="Name of the stored model (empty: the cell, H and the corpus)."),
    Option("init", "str", None, nullable=True, min_length=L.MODEL_ID_CHARS,
           max_length=L.MODEL_ID_CHARS, endpoints=JOBS,
           meaning="A stored model's id (GET /api/v1/models): train on from its weights with a "
                   "fresh Adam at `lr`, the corpus read through its vocabulary. Its "
                   "architecture (cell, hidden, layers, embedding, residual) is the model's; "
                   "give none "
                   "of them, or the model's own value. Unset: a new model drawn from `seed`."),
    Option("val_every", "int", None, nullable=True, ge=1, le=L.MAX_JOB_STEPS, endpoints=JOBS,
           meaning="Steps between two validation checks (each with a sample); the last step "
                   "is always one. Unset: `steps` // 20."),
    Option("keep", "str", "last", values=L.KEEP_CHOICES, endpoints=JOBS,
           meaning="Which weights are stored: the `last`, or those of the check with the "
                   "lowest validation loss after step 0 (`best`; the earlier on a tie). The "
                   "job's `kept_step` says which."),
    Option("residual", "bool", False, endpoints=JOBS,
           meaning="From the second layer up, a layer's output is its h plus its input (a skip "
                   "connection, stored with the model); nothing changes with one layer."),
)  # fmt: skip

# The page's own starting values where they differ from the API's: what a lecture opens on.
# The page (static/js/state.js), its stored examples (scripts/make_examples.py) and
# docs/page.md read them from here.
PAGE_DEFAULTS: dict[str, Any] = {"text": "hello", "hidden": 8, "digits": L.COMPACT_DIGITS}
# Options about how a request is answered, not what is computed: not fields of Options, so
# not in a trace's `request` nor in its cache key (a fitted request shares the answer).
ANSWERING = ("fit",)
# The values the page's controls offer for an option (those /api/v1/cost says fit): the
# page's budget.js and the simulated students of bench/load read them from the option table.
PAGE_CHOICES: dict[str, tuple[Any, ...]] = {"train_steps": (0, 50, 200, 500, 1000)}
# What the /corpus page's training form starts on (static/js/corpus/job.js): a model that
# learns something in a minute of a lecture, not the API's defaults for a night's run.
JOB_PAGE_DEFAULTS: dict[str, Any] = {"hidden": 64, "batch": 16, "steps": 300}


def for_endpoint(endpoint: str) -> tuple[Option, ...]:
    """The options `endpoint` takes, in declaration order."""
    return tuple(o for o in OPTIONS if endpoint in o.endpoints)


# What an endpoint refuses on purpose, and why: a 422 that explains instead of "unknown".
REFUSED: dict[str, tuple[tuple[str, ...], str]] = {
    "bidirectional": (
        MODEL,
        "a language model cannot be bidirectional: its backward direction reads the text from "
        "the end, so at step t it would already have read the next token, the one it must "
        "predict (use it for classify and seq2seq's encoder)",
    ),
}


def refused(endpoint: str, name: str) -> str | None:
    """Why `endpoint` refuses the option `name`, or None."""
    endpoints, why = REFUSED.get(name, ((), ""))
    return why if endpoint in endpoints else None


def check(endpoint: str, **given: Any) -> dict[str, Any]:
    """Every option of `endpoint`: the given value checked, or its default. Raises OptionError."""
    for name in given:
        why = refused(endpoint, name)
        if why:
            raise OptionError(name, why, "refused")
    return check_all(OPTIONS, endpoint, given)


def table() -> list[dict[str, Any]]:
    """Every declaration as plain JSON (the page's option table), page defaults and choices
    included, and which options are about how a request is answered (ANSWERING)."""
    rows = [o.row() for o in OPTIONS]
    for row in rows:
        for endpoint, defaults in (("trace", PAGE_DEFAULTS), ("jobs", JOB_PAGE_DEFAULTS)):
            if row["name"] in defaults and endpoint in row["endpoints"]:
                row["page_default"] = defaults[row["name"]]
        if row["name"] in PAGE_CHOICES and "trace" in row["endpoints"]:
            row["page_choices"] = list(PAGE_CHOICES[row["name"]])
        if row["name"] in ANSWERING:
            row["answering"] = True  # not the page's state: how it asks (static/js/asking.js)
    return rows


@dataclass(frozen=True)
class Options:
    """The checked options of one trace: the `trace` endpoint's declarations, as typed fields
    (tests/server/test_options.py keeps the two in step). Build it with `normalize`."""

    text: str
    cell: str
    hidden: int
    seed: int
    layers: int
    residual: bool
    activation: str
    embedding: int
    init_scale: float
    w_hh_sigma: float | None
    init: str
    spectral_radius: float | None
    forget_bias: float | None
    update_bias: float | None
    clip: float | None
    truncate: int | None
    truncate_mode: str
    train_steps: int
    train: str
    optimizer: str
    lr: float
    ridge: float
    tokens: str
    model: str | None = None  # a stored model's id (core.stored traces it)
    digits: int | None = None  # significant digits of the answer's floats (None: all)

    def as_dict(self) -> dict[str, Any]:
        """Every field in declaration order; the values are plain (no copy needed, unlike
        dataclasses.asdict's deep one: asked on every request for a cache key)."""
        return {name: getattr(self, name) for name in OPTION_FIELDS}


OPTION_FIELDS = tuple(f.name for f in fields(Options))


def normalize(text: str, **kw: Any) -> Options:
    """Check every option of a trace (defaults for those not given). Raises OptionError."""
    checked = check("trace", text=text, **kw)
    return Options(**{k: v for k, v in checked.items() if k not in ANSWERING})


def check_tokens(n_tokens: int, n_vocab: int | None) -> None:
    """Limits that need the tokenized text (n_vocab None: the vocabulary is not the text's
    but a stored model's own)."""
    if n_tokens < L.MIN_TOKENS:
        raise OptionError(
            "text",
            f"needs at least {L.MIN_TOKENS} tokens, has {n_tokens}",
            ctx={"rule": "tokens_min", "min": L.MIN_TOKENS, "n": n_tokens},
        )
    if n_tokens > L.MAX_TOKENS:
        raise OptionError(
            "text",
            f"has {n_tokens} tokens; the limit is {L.MAX_TOKENS}",
            ctx={"rule": "tokens_max", "max": L.MAX_TOKENS, "n": n_tokens},
        )
    if n_vocab is not None and n_vocab > L.MAX_VOCAB:
        raise OptionError(
            "text",
            f"has {n_vocab} distinct tokens; the limit is {L.MAX_VOCAB}",
            ctx={"rule": "vocab_max", "max": L.MAX_VOCAB, "n": n_vocab},
        )
