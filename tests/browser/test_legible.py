"""The main page read from the back row (BRIEF, "The room decides"): in every look (1280x720 and
1024x768 presented, 1366x768, a 390x844 phone; English and Korean, light and dark) every text of
the page, the unrolled network's labels, softmax bar labels, one-hot digits and gradient norms,
the cell diagram's names and values, and the equations' subscripts included, is 14 px or more
on screen: its computed size times its SVG's scale (room.py small_text). The network is never
drawn below its natural size (a long one scrolls sideways), the cell diagram sizes its texts
for the width it is drawn at, the equations' base keeps their subscripts at 14 px.

Every column of a network is measured, also those scrolled out of its box (one scale for the
whole network), and the page is scrolled to its end first, so that the charts and heatmaps
drawn as they come near are measured too. Above the softmax bars, the prediction and its target
keep apart in both languages (Korean's line boxes are taller). Under a large vocabulary's
narrow bars only the labels that stay apart are drawn, the likeliest first (network-parts.js).
"""

from __future__ import annotations

import itertools

import pytest

from rnnscope.core import params as P
from rnnscope.server.store import ModelStore
from rnnscope.server.uploads import imported_params

from .chromium import guarded_page
from .room import each_look, on_screens, small_text
from .test_page import RENDERED

VIEWS = {
    # short: the network grows to its box at 1366x768
    "lstm": "text=hello&cell=lstm",
    # three networks at one scale, three detail panels side by side at 1366x768
    "compare": "text=hello%20world&cell=compare",
    # long and large (29 steps, two layers): each step's squares one image, the network scrolls
    # sideways; 20 softmax bars a step
    "long": "text=the%20quick%20brown%20fox%20jumps%20over&cell=gru&hidden=32&layers=2",
}


TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def scroll_through(page) -> None:
    """To the end of the page and back, a window at a time, so that what is drawn as it comes
    near (charts, heatmaps) is drawn."""
    height = page.evaluate("() => document.documentElement.scrollHeight")
    step = page.viewport_size["height"] // 2
    for y in range(0, height, step):
        page.evaluate("y => window.scrollTo(0, y)", y)
        # what comes near is seen by its IntersectionObserver after the frame: let two pass
        page.evaluate(TWO_FRAMES)
    page.evaluate("() => window.scrollTo(0, 0)")


@each_look
@pytest.mark.parametrize("view", VIEWS)
def test_every_text_of_the_main_page_is_14px_on_screen(browser, live_server, lang, theme, view):
    for screen, page in on_screens(browser, live_server, look=(lang, theme)):
        page.goto(f"/?{VIEWS[view]}&{screen.look(lang, theme)}")
        page.wait_for_function(RENDERED)
        page.wait_for_function("() => !document.querySelector('#status .msg.info')")
        page.evaluate("() => document.fonts.ready")
        scroll_through(page)
        texts = page.evaluate("() => document.querySelectorAll('svg.network text').length")
        assert texts > 20, f"{screen}: the network is not drawn"
        small = small_text(page)
        assert not small, f"{screen} {lang} {theme}: {small[:8]}"


# Per column, in diagram units: the prediction's box, its target's box and the top of the
# softmax bars under them (a bar of probability 1 reaches the top of its row).
HEAD = """() => [...document.querySelectorAll('svg.network g.col')].map((col) => {
  const box = (s) => { const b = col.querySelector(s).getBBox(); return [b.y, b.y + b.height]; };
  return {pred: box('text.pred'), target: box('text.target'), bars: box('g.softmax')[0]};
})"""


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru", "compare"])
def test_the_prediction_its_target_and_the_bars_keep_apart(page, lang, cell):
    """Korean's taller line boxes: "정답 l" under a 26 px "d ✗" and above the bars, without
    touching either (a trained model: some bars reach the top of their row)."""
    page.goto(f"/?text=hello%20world&cell={cell}&train_steps=200&lang={lang}")
    page.wait_for_function(RENDERED)
    page.evaluate("() => document.fonts.ready")
    heads = page.evaluate(HEAD)
    assert len(heads) >= 10
    for k, h in enumerate(heads):
        assert h["pred"][1] <= h["target"][0] + 0.5, (k, h)
        assert h["target"][1] <= h["bars"] + 0.5, (k, h)
    # some bar stands over half its row's height (network-layout.js: the row from y 62, 48 high)
    assert min(h["bars"] for h in heads) < 62 + 48 / 2


# Per column: the centres and extents (screen px) of its softmax bar labels, in order, and
# whether the target's bar has its label. A text with an x per glyph (a large network's one
# text of one-character labels) holds a label a glyph; any other text is one label.
BAR_LABELS = """() => [...document.querySelectorAll('svg.network g.col')].map((col) => {
  const g = col.querySelector('g.softmax');
  const scale = g.getScreenCTM().a;
  const spans = [];
  for (const t of g.querySelectorAll('text.barlabel')) {
    if (t.x.baseVal.numberOfItems > 1)
      for (let i = 0; i < t.getNumberOfChars(); i++) {
        const e = t.getExtentOfChar(i);
        spans.push([e.x, e.x + e.width]);
      }
    else { const b = t.getBBox(); spans.push([b.x, b.x + b.width]); }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const target = g.querySelector('rect.target').getBBox();
  const mid = target.x + target.width / 2;
  return {
    spans: spans.map(([a, b]) => [a * scale, b * scale]),
    named: spans.some(([a, b]) => a <= mid && mid <= b),
  };
})"""


@pytest.mark.parametrize(
    ("extra", "lang"), [("", "en"), ("@!#$%", "ko")], ids=["22 tokens", "27 tokens"]
)
def test_a_large_vocabulary_keeps_its_bar_labels_apart(browser, serve, tmp_path, extra, lang):
    """A stored model over 22 characters (the room review's): the softmax bars 12 units apart,
    their labels were 11 px apart centre to centre; over 27, 10 units apart: no label at all.
    The labels shown are 14 px or more, a label's size apart centre to centre, never touching;
    the target's bar is labelled in every column."""
    text = 'def double(x):\n    """Return x, doubled."""\n    return 2 * x\n' + extra
    vocab = sorted(set(text))
    assert len(vocab) == 22 + len(extra)
    store = ModelStore(tmp_path, 2**26, 2**30, 10)
    p = P.init("lstm", len(vocab), 16, 2, 0, seed=0)
    record, _ = store.put(imported_params(p, vocab, "char", "tanh", "test"), "wide vocab")
    base = serve(data_dir=tmp_path)
    with guarded_page(browser, base) as page:
        page.goto(f"/?text=doubled&model={record.id}&lang={lang}")
        page.wait_for_function(RENDERED)
        page.evaluate("() => document.fonts.ready")
        columns = page.evaluate(BAR_LABELS)
        assert len(columns) == len("doubled") - 1
        for k, col in enumerate(columns):
            spans = col["spans"]
            assert col["named"] and len(spans) >= 3, (k, col)
            for (a0, a1), (b0, b1) in itertools.pairwise(spans):
                assert b0 - a1 >= 2, (k, spans)  # apart, not touching
                assert (b0 + b1) / 2 - (a0 + a1) / 2 >= 14, (k, spans)
        assert small_text(page, "svg.network") == []
