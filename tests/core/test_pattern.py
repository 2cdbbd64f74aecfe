"""A pattern's characters, matched in a child process that is stopped at its deadline."""

import pytest

from rnnscope.core.options import OptionError
from rnnscope.core.pattern import char_mask, spans


def test_spans_of_the_match_or_of_its_first_group():
    text = 'x = """doc"""\ny = 1\n"""mo\nre"""'
    assert spans(text, r'"""') == [(4, 7), (10, 13), (20, 23), (28, 31)]
    inside = spans(text, r'"""(.*?)"""')  # DOTALL: . crosses lines
    assert [text[a:b] for a, b in inside] == ["doc", "mo\nre"]
    assert spans("abc", "x*") == []  # empty matches mark nothing
    assert char_mask(6, [(1, 3), (2, 4)]).tolist() == [False, True, True, True, False, False]


@pytest.mark.parametrize("bad", ["a(", "(?P<x>a)(?P<x>b)", "*", "", "x" * 501, None, 3])
def test_an_invalid_pattern_is_refused_naming_the_field(bad):
    with pytest.raises(OptionError) as e:
        spans("abc", bad)
    assert e.value.field == "pattern"


def test_a_catastrophic_pattern_is_stopped_at_its_deadline():
    # 2^40 backtracking paths: without the deadline this test would not end
    with pytest.raises(OptionError, match=r"took longer than 0\.5 s"):
        spans("a" * 40 + "b", r"(a+)+$", seconds=0.5)


def test_a_pattern_cannot_reach_outside_its_process(tmp_path):
    canary = tmp_path / "canary"
    # a pattern is data: nothing in it is run, whatever it spells
    spans(f"__import__('os').system('touch {canary}')", r"os\.system")
    assert not canary.exists()
