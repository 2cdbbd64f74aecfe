"""The room's screens, listed once (BRIEF, "The room decides"): a projector's 1280x720 and
1024x768 in presentation mode, a 1366x768 laptop and a 390x844 phone, each in English and
Korean, light and dark; and what every view must pass on each of them.

    @each_look                                   # lang x theme as the test's parameters
    def test_x(browser, live_server, lang, theme):
        for screen, page in on_screens(browser, live_server, look=(lang, theme)):
            page.goto(f"/?{screen.look(lang, theme)}")
            assert small_text(page) == [] and sideways(page) <= 0

The four looks of a test share its screens out (`paired`): each look visits half of them, so
that every screen is seen in both languages and in both themes, and every language in both
themes; every pair of the three, not every triple (a theme changes colours, a language the
words: neither depends on the other on a given screen). That halves a room test's page loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .chromium import guarded_page


@dataclass(frozen=True)
class Screen:
    width: int
    height: int
    present: bool = False  # a projector: the page in presentation mode

    def __str__(self) -> str:
        return f"{self.width}x{self.height}"

    def look(self, lang: str, theme: str) -> str:
        """The query that opens a page in `lang` and `theme`, presented on a projector."""
        return f"lang={lang}&theme={theme}" + ("&present=true" if self.present else "")


PROJECTOR = Screen(1280, 720, present=True)
PROJECTOR_4_3 = Screen(1024, 768, present=True)
LAPTOP = Screen(1366, 768)
PHONE = Screen(390, 844)
SCREENS = (PROJECTOR, PROJECTOR_4_3, LAPTOP, PHONE)
PROJECTORS = (PROJECTOR, PROJECTOR_4_3)
LANGS = ("en", "ko")
THEMES = ("light", "dark")

# A test's `lang` and `theme` parameters: every pair, one test each.
each_look = pytest.mark.parametrize(
    ("lang", "theme"), [(lang, theme) for lang in LANGS for theme in THEMES]
)


def paired(screens: Iterable[Screen], lang: str, theme: str) -> tuple[Screen, ...]:
    """The screens the look (`lang`, `theme`) visits: every other one, starting at the first or
    the second as the look's language and theme say. Over the four looks every screen is seen
    in each language and in each theme (all pairs); one screen is seen in every look."""
    screens = tuple(screens)
    if len(screens) < 2:
        return screens
    k = LANGS.index(lang) + THEMES.index(theme)
    return tuple(s for i, s in enumerate(screens) if (i + k) % 2 == 0)


def on_screens(
    browser: Any,
    base_url: str,
    screens: Iterable[Screen] = SCREENS,
    look: tuple[str, str] | None = None,
) -> Iterator[tuple[Screen, Any]]:
    """A fresh guarded page (tests/browser/chromium.py) at each screen's size, one at a time:
    each of `screens`, or those `paired` with the test's `look` (lang, theme) if given."""
    for screen in paired(screens, *look) if look else screens:
        with guarded_page(browser, base_url, screen.width, screen.height) as page:
            yield screen, page


# Every element below `root` with text of its own, shown, under 14 px on screen: its computed
# font size times the scale its SVG is drawn at (a diagram scaled to fit its box), if any.
SMALL_TEXT = """(root) => {
  let small = [];
  for (const n of document.querySelectorAll(`${root} *`)) {
    const own = [...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim());
    if (!own) continue;
    const r = n.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(n).visibility === 'hidden') continue;
    const m = n.ownerSVGElement && n.getScreenCTM ? n.getScreenCTM() : null;
    const px = parseFloat(getComputedStyle(n).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
    const name = `${n.tagName}.${n.getAttribute('class') || ''}`;
    if (px < 13.99) small.push(`${name}: ${px.toFixed(1)}px ${n.textContent.slice(0, 20)}`);
  }
  return small;
}"""


def small_text(page: Any, root: str = "body") -> list[str]:
    """What a room cannot read: text under 14 px on screen inside `root` (a CSS selector)."""
    return page.evaluate(SMALL_TEXT, root)


def sideways(page: Any) -> int:
    """How many pixels the page reaches past the window's right edge (0 or less: it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
