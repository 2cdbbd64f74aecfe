"""bench.experiments.docstring_unit's misses(): where one unit errs on a window, as docs/units.md
cites it (per-docstring AUC, the unmarked lines the unit holds above its docstrings' median)."""

import numpy as np
import pytest

from bench.experiments import docstring_unit as du
from rnnscope.core.model import Spec

PIECE = (
    'x = 1\n# a comment line\ndef f():\n    """Doc one."""\n    return 2\n"""Two\nlines."""\ny\n'
)
COMMENT = "# a comment line"
DOCS = ("Doc one.", "Two\nlines.")  # inside the quotes


def made_unit(sign: float):
    """An activation 1 inside docstrings, 2 on the comment line, 0 elsewhere (times sign)."""
    a = np.zeros(len(PIECE))
    for doc in DOCS:
        a[PIECE.index(doc) : PIECE.index(doc) + len(doc)] = 1.0
    a[PIECE.index(COMMENT) : PIECE.index(COMMENT) + len(COMMENT)] = 2.0
    return a * sign


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_misses_names_each_docstring_and_the_lines_held_high(monkeypatch, sign):
    vocab = sorted(set(PIECE))
    spec = Spec("lstm", len(vocab), 3, 1)
    a = made_unit(sign)
    monkeypatch.setattr(du, "activations", lambda params, spec, ids: [{"c": a[:, None]}])
    got = du.misses({}, spec, vocab, PIECE, "0:c:0")
    marked = sum(len(doc) for doc in DOCS)
    unmarked = len(PIECE) - marked
    expected = (unmarked - len(COMMENT)) / unmarked  # the comment ranks above every docstring
    assert got["auc"] == pytest.approx(expected)
    assert got["docstrings"] == [
        (PIECE.index(doc), len(doc), pytest.approx(expected)) for doc in DOCS
    ]
    assert (got["above"], got["unmarked"]) == (len(COMMENT), unmarked)
    assert got["lines"] == [(PIECE.index(COMMENT), COMMENT)]
