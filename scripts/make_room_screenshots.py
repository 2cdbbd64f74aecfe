"""The room review (BRIEF, "The room decides"): every view at the projector's 1280x720 and
1024x768 in presentation mode, at 1366x768 and on a 390x844 phone, in English and Korean, light
and dark, as screenshots to open and look at, with a line per shot of what a script can see.

Run from the repository root (it serves the app itself, with a stored two-layer model for the
model views, on a free loopback port):
    .venv/bin/python scripts/make_room_screenshots.py                      # every view
    .venv/bin/python scripts/make_room_screenshots.py --views compare,lesson-7 --sizes 390x844
    .venv/bin/python scripts/make_room_screenshots.py --list               # the views' names

Shots go to artifacts/room/<view>/<size>-<lang>-<theme>.png (not committed; --full adds the
whole page on a phone) and the findings to artifacts/room/report.md, one row per shot (a run
replaces the rows of the views it took and keeps the others):
- `wide`: how many pixels the page reaches past the window's right edge (sideways scroll);
- `small`: texts in the window under 14 px on screen (an SVG text's size times its scale);
- `cut`: texts clipped by their own box (overflow hidden and content wider than the box);
- `overlap`: pairs of texts in the window drawn over each other (a sticky bar over what
  scrolls under it is not one; a sticky column over a panel is);
- `off`: the view's subject (its selector below) is not in the window when the view opens.
A script cannot see everything (tofu, an odd wrap, a colour that hides a line): open the PNGs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "artifacts" / "room"
MAIN_READY = (
    "() => Number(document.body.dataset.renders || 0) > 0 && document.body.dataset.trace"
    " && !document.querySelector('#status .msg.info')"
)
# the panel's answers are in (data-state) and its charts drawn (Plotly may come after them)
LESSON_READY = (
    "() => document.getElementById('lesson-panel')?.dataset.state === 'drawn'"
    " && [...document.querySelectorAll('#lesson-panel .lesson-chart')].every(d => d._fullLayout)"
)
CORPUS_TEXT = 'def double(x):\n    """Return x, doubled."""\n    return 2 * x\n' * 8

# (name, width, height, presentation mode, phone)
SIZES = [
    ("1280x720p", 1280, 720, True, False),
    ("1024x768p", 1024, 768, True, False),
    ("1366x768", 1366, 768, False, False),
    ("390x844", 390, 844, False, True),
]


@dataclass
class View:
    """A view: its URL (app path and query, without lang/theme/present), what it must show when
    it opens (a CSS selector whose first match must be in the window), how to wait for it, and
    what to do before the shot (open a menu)."""

    url: str
    subject: str
    ready: str = MAIN_READY
    then: Callable[[Any], None] | None = None
    needs_model: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def open_models(page: Any) -> None:
    if page.locator("#btn-more").is_visible():  # a phone: the menu is folded behind "More"
        page.click("#btn-more")
    if not page.locator("#menu-models summary").is_visible():
        return  # not offered in presentation mode: the report says `off`
    page.click("#menu-models summary")
    page.wait_for_selector("#menu-models .models-now")


def find_units(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('#units-model option[value]')?.value")
    page.fill("#units-input", CORPUS_TEXT)
    page.click("#units-go")
    page.wait_for_selector("#units-text span.marked")
    page.evaluate("() => window.scrollTo(0, 0)")


def start_from_stored(page: Any) -> None:
    """The training form going on from the stored model, keeping the lowest validation loss."""
    page.wait_for_function("() => document.querySelectorAll('#job-init option').length > 1")
    page.select_option("#job-init", index=1)
    page.select_option("#job-keep", "best")


def to_notation(page: Any) -> None:
    shown = page.locator(".notation-map:visible")
    if shown.count():  # presentation mode may fold it away: the report says `off`
        shown.first.scroll_into_view_if_needed()


def to_detail(page: Any) -> None:
    page.locator(".eqrow").first.scroll_into_view_if_needed()


def views() -> dict[str, View]:
    found = {
        "single": View("/?text=hello&cell=lstm", "svg.network"),
        "compare": View("/?text=hello&cell=compare", "svg.network"),
        "backward": View("/?text=hello&cell=lstm&phase=bwd&step=2", "svg.network"),
        "generate": View("/?text=hello&cell=lstm&gen=true", "#generate", ready="#gen-sample .draw"),
        "generate-compare": View(
            "/?text=hello&cell=compare&gen=true",
            "#generate",
            ready="() => document.querySelectorAll('#gen-cells .sentence').length === 3",
        ),
        "detail": View("/?text=hello&cell=lstm&phase=bwd&step=2", ".eqrow", then=to_detail),
        "detail-compare": View("/?text=hello&cell=compare", ".eqrow", then=to_detail),
        "ridge": View(
            "/?text=hello&cell=rnn&train=readout&optimizer=ridge&train_steps=1",
            "select[name=train_steps]",
        ),
        "notation-compare": View(
            "/?text=hello&cell=compare", ".notation-map:not([hidden])", then=to_notation
        ),
        "models": View("/?text=hello&cell=lstm", "#menu-models .models-now", then=open_models),
        "stored": View("/?text=doubled&model={model}", "svg.network", needs_model=True),
        "classify": View("/tasks?mode=classify", "#t-unrolled", ready="#t-unrolled"),
        "seq2seq": View("/tasks?mode=seq2seq", "#t-unrolled", ready="#t-unrolled .context"),
        "corpus-job": View("/corpus", "#job-form", ready="#job-start"),
        "corpus-start": View(
            "/corpus", "#job-form", ready="#job-start", then=start_from_stored, needs_model=True
        ),
        "corpus": View(
            "/corpus?model={model}",
            "#units-text",
            ready="#units-model",
            then=find_units,
            needs_model=True,
        ),
    }
    for n in range(1, 18):
        found[f"lesson-{n}"] = View(f"/?lesson={n}", "#lesson-title", ready=LESSON_READY)
    return found


# Everything the checks look at, in the window: texts (own text nodes, SVG texts) with their
# size on screen, clipped boxes, overlapping texts, how far the page reaches sideways.
SURVEY = """(subject) => {
  const W = innerWidth, H = innerHeight;
  const inWindow = (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.left < W
    && r.bottom > 0 && r.top < H;
  const shown = (n) => n.checkVisibility ? n.checkVisibility({visibilityProperty: true,
    opacityProperty: true}) : true;
  // the part of n's box not clipped by a scrolling or clipping ancestor, nor hidden under a
  // network's pinned row labels (null: none of it)
  const visible = (n) => {
    let r = n.getBoundingClientRect();
    let {left, right, top, bottom} = r;
    for (let a = n.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      left = Math.max(left, c.left); right = Math.min(right, c.right);
      top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
    }
    // a scrolled network's columns pass under its pinned row labels, which hide them
    const net = n.ownerSVGElement;
    const pin = net && net.classList.contains('network')
      && net.parentElement.querySelector(':scope > svg.netlabels:not([hidden])');
    if (pin) left = Math.max(left, pin.getBoundingClientRect().right);
    return right - left > 1 && bottom - top > 1
      ? {left, right, top, bottom, width: right - left, height: bottom - top} : null;
  };
  const texts = [];
  for (const n of document.querySelectorAll('body *')) {
    const own = [...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim());
    if (!own || !shown(n) || n.closest('[hidden], option, script, style')) continue;
    const r = visible(n);
    if (!r || !inWindow(r)) continue;
    const scale = n.ownerSVGElement ? n.ownerSVGElement.getScreenCTM().a : 1;
    const px = parseFloat(getComputedStyle(n).fontSize) * scale;
    texts.push({n, r, px, text: n.textContent.trim().slice(0, 40),
                what: `${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}.${
                  (n.getAttribute('class') || '').split(' ')[0]}`});
  }
  const small = texts.filter(t => t.px < 13.99)
    .map(t => `${t.what} ${t.px.toFixed(1)}px "${t.text}"`);
  const cut = [];
  for (const t of texts) {
    if (t.n.ownerSVGElement) continue;
    const s = getComputedStyle(t.n);
    const hides = /hidden|clip/.test(s.overflowX) || /hidden|clip/.test(s.overflowY);
    if (hides && (t.n.scrollWidth > t.n.clientWidth + 1 || t.n.scrollHeight > t.n.clientHeight + 2))
      cut.push(`${t.what} "${t.text}"`);
  }
  const overlap = [];
  const leaf = texts.filter(t => !texts.some(u => u !== t && t.n.contains(u.n)));
  // line boxes: an inline text that wraps is not one rectangle
  const lines = (t) => [...t.n.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const covers = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 2 && h > 2 && w * h > 0.3 * Math.min(a.width * a.height, b.width * b.height);
  };
  // a sticky bar (a third of the window high at most: the player, a table's head) or an open
  // menu lies over what scrolls under it by design: texts on different layers are not compared.
  // A taller sticky box (compare's charts column) is a column of the page: what it lies over
  // stays under it as the page scrolls, so its texts are compared with everything else's.
  const layer = (n) => {
    for (let a = n; a && a !== document.body; a = a.parentElement) {
      if (a.matches?.('.menu-body')) return a;
      if (/sticky|fixed/.test(getComputedStyle(a).position)
          && a.getBoundingClientRect().height <= H / 3) return a;
    }
    return null;
  };
  for (const t of leaf) t.layer = layer(t.n);
  for (let i = 0; i < leaf.length && overlap.length < 12; i++) {
    for (let j = i + 1; j < leaf.length; j++) {
      if (leaf[i].layer !== leaf[j].layer || !covers(leaf[i].r, leaf[j].r)) continue;
      if (lines(leaf[i]).some(a => lines(leaf[j]).some(b => covers(a, b))))
        overlap.push(`"${leaf[i].text}" / "${leaf[j].text}"`);
    }
  }
  const node = document.querySelector(subject);
  const off = !node ? 'missing' : inWindow(node.getBoundingClientRect()) ? '' : 'below/off';
  return {wide: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          small, cut, overlap, off, texts: texts.length};
}"""


@contextlib.contextmanager
def app_with_model() -> Iterator[tuple[str, str]]:
    """The app on a free port over a fresh data directory holding one stored model: a two-layer
    LSTM over CORPUS_TEXT's characters (untrained, seed 0). Yields (base URL, model id)."""
    from rnnscope.core import params as P
    from rnnscope.server.main import create_app
    from rnnscope.server.settings import Settings
    from rnnscope.server.store import ModelStore
    from rnnscope.server.uploads import imported_params
    from tests.loopback import serving

    vocab = sorted(set(CORPUS_TEXT))
    with tempfile.TemporaryDirectory(prefix="rnnscope-room-") as tmp:
        store = ModelStore(Path(tmp), 2**26, 2**30, 10)
        p = P.init("lstm", len(vocab), 16, 2, 0, seed=0)
        record, _ = store.put(imported_params(p, vocab, "char", "tanh", "room"), "docstrings")
        with serving(create_app(Settings(data_dir=Path(tmp)))) as base:
            yield base, record.id


def shoot(page: Any, view: View, model: str, lang: str, theme: str, present: bool) -> dict:
    url = view.url.format(model=model)
    url += ("&" if "?" in url else "?") + f"lang={lang}&theme={theme}"
    url += "&present=true" if present else ""
    page.goto(url)
    if view.ready.startswith("()"):
        page.wait_for_function(view.ready)
    else:
        page.wait_for_selector(view.ready)
    if view.then:
        view.then(page)
    page.evaluate("() => document.fonts.ready")
    return page.evaluate(SURVEY, view.subject)


def tiles(page: Any, shot: Path, height: int) -> None:
    """The whole page as the phone shows it scrolled, <shot>-full-01.png, ... (a long page
    shrunk to one image is too small to read; charts are drawn as they come into view, so
    each piece is scrolled to and given a moment, the sticky player in it as on the phone)."""
    step = height - 120  # some overlap: a line cut at one edge is whole in the next piece
    total = page.evaluate("() => document.documentElement.scrollHeight")
    for k, y in enumerate(range(0, total - 120, step), start=1):
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(600)  # a review script, not a test: charts drawing into view
        page.screenshot(path=str(shot.with_name(f"{shot.stem}-full-{k:02d}.png")))
    page.evaluate("() => window.scrollTo(0, 0)")


def row(name: str, size: str, lang: str, theme: str, got: dict) -> str:
    def cell(items: list[str]) -> str:
        return "" if not items else f"{len(items)}: " + "; ".join(items[:4]).replace("|", "/")

    wide = str(got["wide"]) if got["wide"] > 0 else ""
    parts = [name, size, lang, theme, wide, cell(got["small"]), cell(got["cut"])]
    parts += [cell(got["overlap"]), got["off"]]
    return "| " + " | ".join(parts) + " |"


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import launch

    every = views()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", default=",".join(every), help="comma list (see --list)")
    parser.add_argument("--sizes", default=",".join(s[0] for s in SIZES))
    parser.add_argument("--langs", default="en,ko")
    parser.add_argument("--themes", default="light,dark")
    parser.add_argument("--full", action="store_true", help="also the whole page on a phone")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(every))
        return
    names = [v.strip() for v in args.views.split(",") if v.strip()]
    sizes = [s for s in SIZES if s[0] in args.sizes.split(",")]
    rows = ["| view | size | lang | theme | wide | small | cut | overlap | off |"]
    rows.append("|" + " --- |" * 9)
    with app_with_model() as (base, model), sync_playwright() as pw:
        browser = launch(pw)
        for name in names:
            view = every[name]
            (OUT / name).mkdir(parents=True, exist_ok=True)
            for label, width, height, present, phone in sizes:
                options = {"has_touch": True, "is_mobile": True} if phone else {}
                context = browser.new_context(
                    viewport={"width": width, "height": height}, base_url=base, **options
                )
                page = context.new_page()
                page.set_default_timeout(120_000)
                for lang in args.langs.split(","):
                    for theme in args.themes.split(","):
                        got = shoot(page, view, model, lang, theme, present)
                        shot = OUT / name / f"{label}-{lang}-{theme}.png"
                        page.screenshot(path=str(shot))
                        if args.full and phone:
                            tiles(page, shot, height)
                        rows.append(row(name, label, lang, theme, got))
                        print(rows[-1], flush=True)
                context.close()
        browser.close()
    report = OUT / "report.md"
    kept = report.read_text().splitlines()[2:] if report.exists() else []  # other views' rows
    kept = [r for r in kept if r.split(" | ")[0].removeprefix("| ") not in names]
    report.write_text("\n".join(rows[:2] + kept + rows[2:]) + "\n")
    print(f"wrote {OUT / 'report.md'}")


if __name__ == "__main__":
    main()
