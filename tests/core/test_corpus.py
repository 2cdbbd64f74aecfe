"""core.corpus.builtin: the source of a standard-library module, found and read, never imported;
frozen modules (os, io, codecs since Python 3.11) read from the .py file they were frozen from."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
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


@pytest.mark.parametrize(
    "name,path",
    [("json.decoder", "json/decoder.py"), ("email.mime.text", "email/mime/text.py"),
     ("concurrent.futures", "concurrent/futures/__init__.py")],
)  # fmt: skip
def test_a_dotted_name_is_the_module_in_its_package(name, path):
    with open(os.path.join(os.path.dirname(os.__file__), path), encoding="utf-8") as f:
        assert builtin(name) == unicodedata.normalize("NFC", f.read())


def test_a_dotted_name_is_found_without_importing_its_package():
    """email.mime.text is read; neither email nor email.mime is imported to find it."""
    code = (
        "import sys; from rnnscope.core.corpus import builtin; builtin('email.mime.text'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'email'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_a_frozen_module_is_read_from_the_file_it_was_frozen_from():
    spec = importlib.util.find_spec("os")
    if spec.origin != "frozen":
        pytest.skip("this Python does not freeze os")
    assert builtin("os") == source(os)


@pytest.mark.parametrize(
    "name,rule",
    [
        ("sys", "builtin_source"),  # compiled into the interpreter: no source at all
        ("os.path", "builtin_unknown"),  # posixpath: os is no package
        ("json.no_such_module", "builtin_unknown"),
        ("json._private", "builtin_unknown"),
        ("json./etc/passwd", "builtin_unknown"),  # parts are names, never paths
        ("json..decoder", "builtin_unknown"),
        ("email.mime.text.x", "builtin_unknown"),  # text is no package
        ("_thread", "builtin_unknown"),
        ("numpy", "builtin_unknown"),
        ("no_such_module", "builtin_unknown"),
    ],
)
def test_what_has_no_source_here_is_refused_naming_the_field(name, rule):
    with pytest.raises(OptionError) as info:
        builtin(name)
    assert info.value.field == "corpus.builtin" and info.value.ctx["rule"] == rule
