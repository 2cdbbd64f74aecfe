"""bench/page/common.py unseen_keys(): the keystroke benches (bench.page.work) type, after
deleting the field's last character, a text the page has not seen, for any number of
keystrokes (`--reps 7` used to type "Z" again, an answer the page keeps: no request, a 300 s
hang)."""

import itertools

import pytest

from bench.page.common import KEYS, text_of, unseen_keys


def typed(text: str, keys: list[str]) -> list[str]:
    """The field's text after each keystroke: Backspace, then the keys."""
    texts = []
    for k in keys:
        text = text[:-1] + k
        texts.append(text)
    return texts


@pytest.mark.parametrize(("T", "start"), [(4, 0), (32, 0), (32, 100), (80, 7)])
def test_every_keystroke_types_a_text_not_seen_before(T, start):
    opened = text_of(T)
    keys = list(itertools.islice(unseen_keys(opened, start, warm_up="~"), 400))
    texts = typed(opened[:-1] + "~", keys)  # after the warm-up keystroke
    seen = [opened, opened[:-1] + "~", *texts]
    assert len(set(seen)) == len(seen)
    assert all(k and set(k) <= set(KEYS) for k in keys)  # each key one keydown on a US keyboard
    # one key a keystroke, never one of the text's (the same vocabulary each time), except the
    # first of each round through the keys, which keeps one key more: a text one step longer
    pool = len(KEYS) - len(set(KEYS) & set(opened + "~"))
    for n, (k, text) in enumerate(zip(keys, texts, strict=True), start=start):
        kept = n // pool if n == start else int(n % pool == 0)
        assert len(k) == 1 + kept, (n, k)
        assert k[-1] not in opened + "~" and len(text) == len(opened) + n // pool


def test_the_first_seven_are_new_letters():
    assert list(itertools.islice(unseen_keys(text_of(32)), 7)) == list("ABCDEFG")
