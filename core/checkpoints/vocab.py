"""A stored model's vocabulary: token i is the token of row i of the embedding and readout.

It comes from the upload's `vocab` field or from the file (safetensors metadata, an npz
array, a `chars`/`itos`/`stoi` entry of a checkpoint dict) as a JSON list of tokens, a string
of characters, a list, or a token -> index dict. Tokens are NFC, as the tokenizer makes them.
"""

from __future__ import annotations

import contextlib
import json
import unicodedata

import numpy as np

from .. import limits as L
from .errors import CheckpointError, label, need

# the rule of a vocabulary in none of the accepted forms
FORM = {"rule": "vocab_form"}


def parse(value: object, field: str = "vocab") -> list[str]:
    """Any of the accepted forms -> a list of tokens in row order (not yet checked)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "US" and value.ndim <= 1:
        value = [
            v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
            for v in np.atleast_1d(value).tolist()
        ]
        if len(value) == 1 and len(value[0]) > 1:  # np.array("abc"): a string of characters
            value = value[0]
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            with contextlib.suppress(ValueError):  # else a string of characters with "["
                value = json.loads(value)
        if isinstance(value, str):
            return list(unicodedata.normalize("NFC", value))
    if isinstance(value, dict):
        return _from_index(value, field)
    if isinstance(value, (list, tuple)) and all(isinstance(t, str) for t in value):
        return list(value)
    raise CheckpointError(
        field,
        "must be a JSON list of tokens, a string of characters or a token -> index mapping",
        FORM,
    )


def _from_index(mapping: dict, field: str) -> list[str]:
    """{token: index} (stoi) or {index: token} (itos) -> tokens ordered by index."""
    pairs = [(v, k) if isinstance(k, str) else (k, v) for k, v in mapping.items()]
    ok = all(type(i) is int and isinstance(t, str) for i, t in pairs)
    need(ok, field, "a mapping must pair each token with an integer index", FORM)
    pairs.sort()
    need(
        [i for i, _ in pairs] == list(range(len(pairs))),
        field,
        "the indices of the mapping must be 0, 1, ..., V-1",
        FORM,
    )
    return [t for _, t in pairs]


def infer_mode(tokens: list[str]) -> str:
    """`char` when every token is one code point, else `word`."""
    return "char" if all(len(t) == 1 for t in tokens) else "word"


def check(tokens: list[str], rows: int, rows_of: str, mode: str, field: str = "vocab") -> list[str]:
    """The NFC tokens, once they fit: `rows` of the weights (`rows_of` names the tensor),
    distinct, each a single code point for `char` and without whitespace for `word`."""
    need(
        len(tokens) <= L.MAX_MODEL_VOCAB,
        field,
        f"{len(tokens)} tokens; at most {L.MAX_MODEL_VOCAB}",
        {"rule": "size_max", "what": "tokens", "n": len(tokens), "max": L.MAX_MODEL_VOCAB},
    )
    need(
        len(tokens) == rows,
        field,
        f"{len(tokens)} tokens, but the weights have {rows} ({label(rows_of)} has {rows} "
        "rows, one per token)",
        {"rule": "vocab_count", "n": len(tokens), "rows": rows, "tensor": label(rows_of)},
    )
    out = []
    for i, tok in enumerate(tokens):
        need(
            0 < len(tok) <= L.MAX_TOKEN_CHARS,
            field,
            f"token {i} must have 1 to {L.MAX_TOKEN_CHARS} characters",
            {"rule": "token_chars", "index": i, "max": L.MAX_TOKEN_CHARS},
        )
        need(
            all(unicodedata.category(c) != "Cs" for c in tok),
            field,
            f"token {i} holds a lone surrogate (not UTF-8)",
            {"rule": "token_surrogate", "index": i},
        )
        tok = unicodedata.normalize("NFC", tok)
        if mode == "char":
            need(
                len(tok) == 1,
                field,
                f"token {i} ({label(tok)}) is not one character; send tokens=word",
                {"rule": "token_char", "index": i, "token": label(tok)},
            )
        else:
            need(
                not any(c.isspace() for c in tok),
                field,
                f"token {i} ({label(tok)}) holds whitespace, which separates words",
                {"rule": "token_space", "index": i, "token": label(tok)},
            )
        out.append(tok)
    seen: dict[str, int] = {}
    for i, tok in enumerate(out):
        twice = {"rule": "token_twice", "first": seen.get(tok), "index": i, "token": label(tok)}
        need(tok not in seen, field, f"tokens {seen.get(tok)} and {i} are both {label(tok)}", twice)
        seen[tok] = i
    return out
