"""The screens a room test's looks share out (room.py `paired`): every pair of screen,
language and theme is seen, each look visits half the screens."""

from __future__ import annotations

import itertools

import pytest

from tests.wait import wait_for

from .room import LANGS, PHONE, PROJECTOR, PROJECTORS, SCREENS, THEMES, on_screens, paired
from .test_page import RENDERED

LOOKS = list(itertools.product(LANGS, THEMES))


@pytest.mark.parametrize("screens", [SCREENS, PROJECTORS, (PROJECTOR, PHONE)], ids=len)
def test_every_pair_of_screen_language_and_theme_is_seen(screens):
    visits = {look: paired(screens, *look) for look in LOOKS}
    seen = {(screen, lang, theme) for (lang, theme), on in visits.items() for screen in on}
    assert {(s, lang) for s, lang, _ in seen} == set(itertools.product(screens, LANGS))
    assert {(s, theme) for s, _, theme in seen} == set(itertools.product(screens, THEMES))
    assert all(len(on) == len(screens) // 2 for on in visits.values())


def test_a_single_screen_is_seen_in_every_look():
    assert all(paired([PHONE], *look) == (PHONE,) for look in LOOKS)


# Where every element of the page stands (tag, id, class and box, to the pixel): what a theme
# must not change for the pairing above to see every screen in every language.
GEOMETRY = """() => [...document.querySelectorAll('body *')].map((e) => {
  const r = e.getBoundingClientRect();
  return [e.tagName, e.id, e.getAttribute('class') || '',
          ...[r.x, r.y, r.width, r.height].map(Math.round)].join(' ');
})"""

TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def settled(page) -> list[str]:
    """GEOMETRY once it holds still: the same two frames apart (a page's later answers, such
    as its stored models' list or a network's far columns, are in)."""
    seen: list[list[str]] = [page.evaluate(GEOMETRY)]

    def still() -> bool:
        page.evaluate(TWO_FRAMES)
        seen.append(page.evaluate(GEOMETRY))
        return seen[-1] == seen[-2]

    wait_for(still, "the page's layout to hold still")
    return seen[-1]


PAGES = {  # a page and the element its first answer draws
    "main": ("/?text=hello%20world&cell=compare", "svg.network"),
    "tasks": ("/tasks?hidden=6&train_steps=20", "#t-unrolled"),
    "corpus": ("/corpus", "#job-start"),
}


@pytest.mark.parametrize("screen", [PROJECTOR, PHONE], ids=str)
@pytest.mark.parametrize("view", PAGES)
def test_a_theme_changes_colours_not_where_anything_stands(browser, live_server, view, screen):
    path, drawn = PAGES[view]
    boxes = []
    for theme in THEMES:
        for _, page in on_screens(browser, live_server, [screen]):
            page.goto(f"{path}{'&' if '?' in path else '?'}{screen.look('ko', theme)}")
            page.wait_for_selector(drawn)
            if view == "main":
                page.wait_for_function(RENDERED)
            page.wait_for_function("() => !document.querySelector('#status .msg.info')")
            page.evaluate("() => document.fonts.ready")
            assert page.evaluate("() => document.documentElement.dataset.theme") == theme
            boxes.append(settled(page))
    light, dark = boxes
    assert len(light) > 50
    assert [a for a, b in zip(light, dark, strict=True) if a != b] == []
