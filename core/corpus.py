"""Corpora to train on: a pasted or uploaded text, or the source of a module of the running
Python's standard library (argparse's, for one), which needs no download.

The module is found, never imported: importlib.util.find_spec of a top-level name listed in
sys.stdlib_module_names, and its .py file read as UTF-8 (for a module frozen into the
interpreter, such as os since Python 3.11, the file it was frozen from). A dotted name
(json.decoder, email.mime.text) is looked up in its package's folders by PathFinder, part by
part, so that not even the package is imported; a package is its __init__.py.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
import unicodedata

from . import limits as L
from .options import OptionError


def builtin(name: str) -> str:
    """The source text of the standard-library module `name` (a package: its __init__.py)."""
    spec = _found(name)
    origin = getattr(spec, "origin", None)
    if origin == "frozen":  # os, io, codecs... since Python 3.11: the .py it was frozen from
        origin = getattr(getattr(spec, "loader_state", None), "filename", None)
    if spec is None or not origin or not origin.endswith(".py") or not os.path.isfile(origin):
        raise OptionError(
            "corpus.builtin",
            f"{name} has no Python source here (built into the interpreter); try argparse",
            ctx={"rule": "builtin_source", "module": name},
        )
    with open(origin, encoding="utf-8") as f:
        return checked(f.read(L.MAX_CORPUS_CHARS + 1), f"corpus.builtin ({name})")


def _found(name: object) -> importlib.machinery.ModuleSpec | None:
    """The spec of `name`, a standard-library module (json) or one of its packages' (json.decoder,
    email.mime.text), found without importing anything; OptionError if it is none of them."""
    parts = name.split(".") if isinstance(name, str) else []
    public = all(p.isidentifier() and not p.startswith("_") for p in parts)
    if not parts or not public or parts[0] not in sys.stdlib_module_names:
        raise _unknown()
    spec = importlib.util.find_spec(parts[0])
    for i in range(1, len(parts)):
        folders = getattr(spec, "submodule_search_locations", None)
        if not folders:  # not a package (os.path is posixpath, no file of os)
            raise _unknown()
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: i + 1]), list(folders))
        if spec is None:
            raise _unknown()
    return spec


def _unknown() -> OptionError:
    return OptionError(
        "corpus.builtin",
        "must name a module of the standard library, such as argparse, json or textwrap "
        "(or json.decoder)",
        ctx={"rule": "builtin_unknown"},
    )


def checked(text: str, field: str = "corpus.text") -> str:
    """`text` in NFC if it is within the limits: length and distinct characters."""
    if not isinstance(text, str):
        raise OptionError(field, "must be a text")
    text = unicodedata.normalize("NFC", text)
    if not L.MIN_CORPUS_CHARS <= len(text) <= L.MAX_CORPUS_CHARS:
        raise OptionError(
            field,
            f"has {len(text)} characters; from {L.MIN_CORPUS_CHARS} to {L.MAX_CORPUS_CHARS}",
            ctx={
                "rule": "corpus_chars",
                "n": len(text),
                "min": L.MIN_CORPUS_CHARS,
                "max": L.MAX_CORPUS_CHARS,
            },
        )
    distinct = len(set(text))
    if distinct > L.MAX_MODEL_VOCAB:
        raise OptionError(
            field,
            f"has {distinct} distinct characters; at most {L.MAX_MODEL_VOCAB}",
            ctx={"rule": "corpus_vocab", "n": distinct, "max": L.MAX_MODEL_VOCAB},
        )
    if any(unicodedata.category(c) == "Cs" for c in set(text)):
        raise OptionError(
            field, "holds lone surrogates (not UTF-8)", ctx={"rule": "corpus_surrogates"}
        )
    return text
