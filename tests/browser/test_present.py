"""Presentation mode on a projector: legible from the back row whatever the length of the text.

At 1280x720 and 1024x768, in Korean and English, one cell and compare mode, at 5, 17 and 25
steps: every text of the diagrams on screen renders at 14 px or more (its font size times the
SVG's scale on screen), the input tokens at 24 px or more; the selected step (the last) and the
row labels are on screen when the view opens, and the selected step stays in sight as it moves
(right of the pinned row labels). Screenshots go to artifacts/present-*.png.
"""

from __future__ import annotations

import pytest

from .room import PROJECTORS
from .test_page import open_page

BASE = "the quick brown fox jumps over a lazy dog"

# Every text of the diagrams inside the window (and inside the network's scrolling box) with
# its size on screen: computed font size times the SVG's scale (getScreenCTM().a).
TEXTS = """() => {
  const W = innerWidth, H = innerHeight;
  const out = [];
  const nodes = document.querySelectorAll(['svg.network text', 'svg.netlabels text',
    'svg.celldiagram text', '.legend .legend-name', '.legend .legend-end'].join(', '));
  for (const node of nodes) {
    if (!node.textContent.trim()) continue;
    const r = node.getBoundingClientRect();
    const box = node.closest('.net-scroll');
    const c = box ? box.getBoundingClientRect() : {left: 0, right: W, top: 0, bottom: H};
    const inside = r.width > 0 && r.right > Math.max(0, c.left) && r.left < Math.min(W, c.right)
      && r.bottom > Math.max(0, c.top) && r.top < Math.min(H, c.bottom);
    if (!inside) continue;
    const svg = node.ownerSVGElement;
    const scale = svg ? svg.getScreenCTM().a : 1;
    out.push({text: node.textContent, cls: node.getAttribute('class') || '',
              px: parseFloat(getComputedStyle(node).fontSize) * scale});
  }
  return out;
}"""

# Is column t (0-based) of every network fully inside its scrolling box and the window,
# sideways, right of the pinned row labels?
COLUMN_SHOWN = """([t, what]) => [...document.querySelectorAll('.net-scroll')].every((box) => {
  const net = box.querySelector('svg.network');
  const node = what === 'selection' ? net.querySelector('.selection')
    : net.querySelector(`g.col[data-t="${t}"] text.token`);
  const pin = box.querySelector('svg.netlabels');
  const covered = pin && !pin.hasAttribute('hidden') ? pin.getBoundingClientRect().right : 0;
  const r = node.getBoundingClientRect(), c = box.getBoundingClientRect();
  const left = Math.max(c.left, covered, 0), right = Math.min(c.right, innerWidth);
  return r.width > 0 && r.left >= left - 1 && r.right <= right + 1;
})"""

LABELS_SHOWN = """() => [...document.querySelectorAll('.net-scroll')].every((box) => {
  const c = box.getBoundingClientRect();
  const pin = box.querySelector('svg.netlabels');
  const labels = pin && !pin.hasAttribute('hidden') ? pin.querySelectorAll('text.rowlabel')
    : box.querySelectorAll('svg.network text.rowlabel');
  return labels.length > 0 && [...labels].every((n) => {
    const r = n.getBoundingClientRect();
    return r.left >= Math.max(0, c.left) - 1 && r.right <= Math.min(innerWidth, c.right) + 1;
  });
})"""


def text_of(steps: int) -> str:
    return (BASE * 2)[: steps + 1]


def small_texts(page) -> list[dict]:
    texts = page.evaluate(TEXTS)
    small = [x for x in texts if x["px"] < 14 - 0.01]
    tokens = [x for x in texts if x["cls"].split()[:1] == ["token"]]
    small += [x for x in tokens if x["px"] < 24 - 0.01]
    return small


def step_shown(page, step: int) -> None:
    page.wait_for_function(
        "s => document.querySelector('#player-status').dataset.step === String(s)", arg=step
    )
    page.wait_for_function(COLUMN_SHOWN, arg=[step - 1, "selection"])
    page.wait_for_function(LABELS_SHOWN)


def from_step_one(page, shown) -> None:
    """The time slider's Home goes to step 1; Escape leaves the slider and the arrows step on
    to 2 and 3; `shown(page, step)` checks each step."""
    page.locator("#in-scrub").focus()
    page.keyboard.press("Home")
    shown(page, 1)
    page.keyboard.press("Escape")  # leaves the slider: the arrows step again
    for step in (2, 3):
        page.keyboard.press("ArrowRight")
        shown(page, step)


@pytest.mark.parametrize("steps", [5, 17, 25])
@pytest.mark.parametrize("cell", ["lstm", "compare"])
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("screen", PROJECTORS, ids=str)
def test_projector_view_is_legible_and_follows_the_step(page, artifacts, screen, lang, cell, steps):
    page.set_viewport_size({"width": screen.width, "height": screen.height})
    theme = "dark" if (steps + len(cell) + (lang == "ko")) % 2 else "light"  # both themes
    open_page(page, f"?text={text_of(steps)}&cell={cell}&present=true&lang={lang}&theme={theme}")
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    # when the view opens: its step (the last) and the row labels are on screen, every text legible
    step_shown(page, steps)
    assert page.evaluate(COLUMN_SHOWN, [steps - 1, "token"]), f"step {steps} is off screen"
    assert len(page.evaluate(TEXTS)) > 20
    assert small_texts(page) == []
    name = f"present-{cell}-{steps}-{screen}-{lang}-{theme}"
    page.screenshot(path=str(artifacts / f"{name}.png"))
    # the page below the network: the detail panels (and their diagrams) as they scroll in
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for y in range(screen.height // 2, height, screen.height // 2):
        page.evaluate("y => window.scrollTo(0, y)", y)  # instant: no smooth scrolling here
        assert small_texts(page) == [], f"at scrollY {y}"
    page.evaluate("() => window.scrollTo(0, 0)")
    # the selected step stays in sight as it moves: back from the last step, the row labels
    # pinned beside it; then from step 1 (the time slider's Home) forward
    for step in (steps - 1, steps - 2, steps - 3):
        page.keyboard.press("ArrowLeft")
        step_shown(page, step)
    assert small_texts(page) == []
    if steps == 25:
        page.screenshot(path=str(artifacts / f"{name}-step{steps - 3}.png"))
    from_step_one(page, step_shown)


# Every token of the cell detail's equations (MathML: a subscript is drawn smaller than its
# base) with its size on screen.
MATH_SIZES = """() => [...document.querySelectorAll('.eqrow math :is(mi, mn, mo, mtext)')]
  .filter(n => n.textContent.trim() && n.getBoundingClientRect().width > 0)
  .map(n => [n.textContent.trim(), parseFloat(getComputedStyle(n).fontSize)])"""


@pytest.mark.parametrize("cell", ["lstm", "compare"])
def test_the_equations_read_from_the_back_row(page, cell):
    """The cell detail's equations in presentation mode: their subscripts too (t, h, T of
    h_t, dL_T/dh_t) at 14 px or more, one cell and compare, at the smaller projector."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, f"?text=hello&cell={cell}&present=true&lang=en")
    sizes = page.evaluate(MATH_SIZES)
    assert len(sizes) > 50
    assert [s for s in sizes if s[1] < 14 - 0.01] == []
