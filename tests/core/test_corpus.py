"""core.corpus.builtin: the source of a standard-library module, found and read, never imported;
frozen modules (os, io, codecs since Python 3.11) read from the .py file they were frozen from."""

from __future__ import annotations

import importlib.util
import os
import unicodedata

import pytest

from rnnscope.core.corpus import builtin
from rnnscope.core.options import OptionError


def source(module) -> str:
    with open(module.__file__, encoding="utf-8") as f:
        return unicodedata.normalize("NFC", f.read())


@pytest.mark.parametrize("name", ["argparse", "os", "codecs", "json"])
def test_a_module_is_its_source_file(name):
    module = __import__(name)
    assert builtin(name) == source(module)


def test_a_frozen_module_is_read_from_the_file_it_was_frozen_from():
    spec = importlib.util.find_spec("os")
    if spec.origin != "frozen":
        pytest.skip("this Python does not freeze os")
    assert builtin("os") == source(os)


@pytest.mark.parametrize(
    "name,rule",
    [
        ("sys", "builtin_source"),  # compiled into the interpreter: no source at all
        ("os.path", "builtin_unknown"),
        ("_thread", "builtin_unknown"),
        ("numpy", "builtin_unknown"),
        ("no_such_module", "builtin_unknown"),
    ],
)
def test_what_has_no_source_here_is_refused_naming_the_field(name, rule):
    with pytest.raises(OptionError) as info:
        builtin(name)
    assert info.value.field == "corpus.builtin" and info.value.ctx["rule"] == rule
