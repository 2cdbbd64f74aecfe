"""What the lesson tests share (test_lessons.py: the tour; test_lesson_scenes.py: scenes 1-11;
test_lessons_fixes.py: scenes 12-17): the page's state and the model query it asks for, the API
fetched from the test, the panel's numbers and requests, sliders, the scene links and one
visit of a scene in both languages."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from rnnscope.core.options import OPTIONS

from .charts import LESSON_CHARTS_DRAWN, USEFUL_PLOT, legend_overlaps, short_plots, tick_overlaps
from .chromium import guarded_page
from .scenes import N_SCENES

HANGUL = re.compile(r"[가-힣]")
# the page's URL state -> the model query of /api/v1/trace (its options, core/options.py;
# `digits` too: the page's compact answers are compared with the same)
MODEL = [o.name for o in OPTIONS if "trace" in o.endpoints and o.name != "cell"]
# null-safe: a predicate polled while a link navigates finds no body for a moment
READY = "() => Number(document.body?.dataset.renders || 0) > 0 && document.body.dataset.trace"


# --- helpers ------------------------------------------------------------------------------


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def state_of(page) -> dict[str, str]:
    """The page's URL state."""
    return query_of(page.url)


def model(page, **changes: object) -> dict[str, str]:
    """The trace query the page's state asks for, with `changes` (None drops an option)."""
    state = state_of(page)
    query = {k: state[k] for k in MODEL if k in state}
    query["cell"] = state["cell"]
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query


class Api:
    """GET the live server's API from the test (not through the page)."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=120)

    def get(self, path: str, params: dict | None = None) -> dict:
        response = self.http.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(autouse=True)
def _patient(page):
    """Recall and training answers take seconds, and tens of seconds on a loaded machine."""
    page.set_default_timeout(120_000)


@pytest.fixture(scope="module")
def api(live_server: str) -> Api:
    return Api(live_server)


def open_scene(page, link: str) -> None:
    page.goto("/" + link)
    page.wait_for_function(READY)
    n = query_of(link)["lesson"]
    page.wait_for_function("n => document.body.dataset.lesson === n", arg=n)


def wait_keys(page, keys: list[str], timeout: float = 60000) -> None:
    page.wait_for_function(
        "keys => keys.every(k => document.querySelector(`#lesson-panel .num[data-key='${k}']`))",
        arg=keys,
        timeout=timeout,
    )


def assert_nums(page, expected: dict[str, float]) -> None:
    """Each key is on screen with the API's value, and written as the page writes numbers."""
    wait_keys(page, list(expected))
    shown = page.evaluate(
        """async (keys) => {
        const {shownNumber} = await import('/static/js/lessons/widgets.js');
        return Object.fromEntries(keys.map(([k, v]) => {
          const el = document.querySelector(`#lesson-panel .num[data-key='${k}']`);
          return [k, {value: el.dataset.value, text: el.textContent,
                      want: shownNumber(v, Number(el.dataset.digits))}];
        }));
    }""",
        [[k, v] for k, v in expected.items()],
    )
    for key, value in expected.items():
        got = shown[key]
        assert float(got["value"]) == pytest.approx(value, rel=1e-12, abs=1e-300), key
        assert got["text"] == got["want"], key


# The panel's requests as lessons/panels.js asked for them: {name: url or [urls]}, JSON in
# #lesson-panel's data-requests; data-state is "drawn" once every answer is drawn.
REQUESTS = "() => JSON.parse(document.getElementById('lesson-panel').dataset.requests || '{}')"


def panel_request(page, name: str):
    """The panel's request `name` (a URL, or a list of them) once the panel is drawn."""
    page.wait_for_function(
        "() => document.getElementById('lesson-panel').dataset.state === 'drawn'"
    )
    return page.evaluate(REQUESTS)[name]


def wait_request(page, name: str, want: dict[str, str]) -> None:
    """Wait until the panel's request `name` is exactly `want` and the panel is drawn."""
    page.wait_for_function(
        """([name, want]) => {
        const panel = document.getElementById('lesson-panel');
        const url = JSON.parse(panel.dataset.requests || '{}')[name];
        if (!url || panel.dataset.state !== 'drawn') return false;
        const got = Object.fromEntries(new URL(url, location.origin).searchParams);
        const key = (q) => JSON.stringify(Object.entries(q).sort());
        return key(got) === key(want);
    }""",
        arg=[name, want],
    )


def plot_data(page, div_id: str) -> list[dict]:
    page.wait_for_function("id => document.getElementById(id)?.data", arg=div_id)
    return page.evaluate(
        "id => document.getElementById(id).data.map(d => ({x: d.x, y: d.y, z: d.z, name: d.name}))",
        div_id,
    )


def set_range(page, selector: str, value: float) -> None:
    """Move a slider as a mouse drag ends: input events, then one change."""
    page.locator(selector).evaluate(
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input'));"
        " el.dispatchEvent(new Event('change')); }",
        value,
    )


# The highlighted elements (those with a size) not wholly inside the window: every highlight is
# inside it, and one in a network's scrolling box inside the part of that box the room sees
# (right of its pinned row labels once scrolled). The one exception is a network's highlights
# that cannot all be seen at once (a network wider than the window): the page shows as many as
# fit, and from where the scene's flow starts (the last step in the backward pass, the first
# otherwise). Then a hidden one that would fit beside those shown (with 12 px to spare each
# side) is out, and so is the first one of the flow when hidden; a highlight of one step counts
# with its step's column, and one highlight wider than the box must start in it.
OUT_OF_VIEW = """(selectors) => {
  const bwd = new URLSearchParams(location.search).get('phase') === 'bwd';
  const box = r => [r.left, r.top, r.right, r.bottom].map(Math.round);
  const wide = document.documentElement.scrollWidth > innerWidth;
  return Object.entries(selectors).flatMap(([name, sel]) => {
    const marks = [...document.querySelectorAll(sel)].map(e => [e, e.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    if (!marks.length) return [[name, 'not drawn']];
    const out = wide ? [[name, 'page scrolls sideways']] : [];
    const along = new Map(); // a scrolling network's box -> its highlights' [left, right, box]
    for (const [e, r] of marks) {
      const s = e.closest('.net-scroll');
      if (r.top < 0 || r.bottom > innerHeight) out.push([name, box(r)]);
      else if (s && s.scrollWidth > s.clientWidth) {
        const t = e.closest('[data-t]')?.dataset.t;
        const col = t === undefined ? null : s.querySelector(`g.col[data-t="${t}"] > rect.hit`);
        const c = (col || e).getBoundingClientRect();
        along.set(s, [...(along.get(s) || []), [c.left, c.right, box(r)]]);
      } else if (r.left < 0 || r.right > innerWidth) out.push([name, box(r)]);
    }
    for (const [s, spans] of along) {
      const b = s.getBoundingClientRect();
      const pin = s.querySelector('svg.netlabels');
      const pinned = pin && !pin.hasAttribute('hidden') ? pin.getBoundingClientRect().right : 0;
      const lo = Math.max(0, b.left, pinned), hi = Math.min(innerWidth, b.right);
      const shown = spans.filter(([l, r]) => l >= lo - 1 && r <= hi + 1);
      const hidden = spans.filter(x => !shown.includes(x));
      if (!hidden.length) continue;
      const first = spans.reduce((a, x) => (bwd ? x[1] > a[1] : x[0] < a[0]) ? x : a);
      if (spans.length === 1) {
        const [l, r, at] = first; // wider than the box: it starts in it
        if (!(bwd ? r > lo && r <= hi + 1 : l >= lo - 1 && l < hi)) out.push([name, at]);
        continue;
      }
      const across = xs => Math.max(...xs.map(x => x[1])) - Math.min(...xs.map(x => x[0]));
      if (!shown.includes(first)) out.push([name, first[2], 'the flow starts here']);
      for (const x of hidden)
        if (!shown.length || across([...shown, x]) + 24 <= hi - lo) out.push([name, x[2]]);
    }
    return out;
  });
}"""


# The networks whose current step (the selected column) is out of sight sideways although it
# would fit in the box's seen part together with the scene's highlights in that network
# (lessons/focus.js): [current step, its column's left and right, the seen part].
CURRENT_HIDDEN = """() => [...document.querySelectorAll('.net-scroll')].flatMap((s) => {
  const net = s.querySelector('svg.network');
  const sel = net?.querySelector('rect.selection');
  if (!sel || !s.offsetWidth || s.scrollWidth <= s.clientWidth) return [];
  const b = s.getBoundingClientRect();
  const pinned = (Number(net.dataset.labels) * net.getBoundingClientRect().width)
    / net.viewBox.baseVal.width;
  const lo = Math.max(0, b.left + (s.scrollLeft > 0 ? pinned : 0));
  const hi = Math.min(innerWidth, b.right);
  const c = sel.getBoundingClientRect();
  if (c.left >= lo - 1 && c.right <= hi + 1) return [];
  const cols = [...s.querySelectorAll('.lesson-hl')].map((e) => {
    const t = e.closest('[data-t]')?.dataset.t;
    const col = t === undefined ? null : s.querySelector(`g.col[data-t="${t}"] > rect.hit`);
    return (col || e).getBoundingClientRect();
  }).filter((r) => r.width > 0);
  const all = [...cols, c];
  const span = Math.max(...all.map((r) => r.right)) - Math.min(...all.map((r) => r.left));
  const room = s.clientWidth - pinned - 24; // net-scroll.js: its margins either side
  const step = new URLSearchParams(location.search).get('step');
  const seen = [lo, hi].map(Math.round);
  return span <= room ? [[step, Math.round(c.left), Math.round(c.right), seen]] : [];
})"""


def assert_current_step_in_view(page) -> None:
    """The current step's column is in sight in every network, unless it does not fit in the
    network's box together with the scene's highlights there (then the highlights are shown)."""
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what is out
        page.wait_for_function(f"() => !({CURRENT_HIDDEN})().length", timeout=30000)
    hidden = page.evaluate(CURRENT_HIDDEN)
    assert hidden == [], f"current step out of sight: {hidden}"


def slide(page, selector: str, name: str, value: float) -> None:
    """Set a scene's slider (writing `name`); wait for the value in the URL and the trace drawn."""
    set_range(page, selector, value)
    url_has(page, f"{name}={value}")
    page.wait_for_function(READY + f" && document.body.dataset.trace.includes('{name}={value}')")


def assert_highlights_in_view(page, selectors: dict[str, str]) -> None:
    """Every highlighted element is inside the window once the scene has settled."""
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what is out
        page.wait_for_function(f"s => !({OUT_OF_VIEW})(s).length", arg=selectors, timeout=30000)
    out = page.evaluate(OUT_OF_VIEW, selectors)
    size = page.viewport_size
    assert out == [], f"outside the {size['width']}x{size['height']} window: {out}"


def goes_to(page, scene: int, key: str | None = None) -> None:
    """Press `key` (none: the step was taken already) and wait for the tour to show `scene`.
    PageDown and n first show the highlights a scene declares (its one build), N and PageUp
    first go back up to its title (lessons/focus.js): what the key does there is read from
    `data-build`, never from what is drawn, and the key is pressed twice."""
    if key:
        forward = key in ("PageDown", "n")
        build, above = page.evaluate(
            "() => [document.getElementById('lesson').dataset.build,"
            " document.getElementById('lesson-title').getBoundingClientRect().top < 0]"
        )
        twice = build == "ahead" if forward else build == "shown" or above
        for _ in range(2 if twice else 1):
            page.keyboard.press(key)
    page.wait_for_function("n => document.body?.dataset.lesson === String(n)", arg=scene)


def url_has(page, part: str) -> None:
    page.wait_for_function("part => location.search.includes(part)", arg=part)


def same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x == pytest.approx(y, rel=1e-12) if y is not None else x is None
        for x, y in zip(a, b, strict=True)
    )


@pytest.fixture(scope="module")
def links(browser, live_server: str) -> list[str]:
    """The scene links of the tour's table of contents (`?...&lesson=n`), in order."""
    with guarded_page(browser, live_server) as page:
        page.goto("/?lesson=1&lang=ko")
        page.wait_for_function(READY)
        toc = page.locator(".lesson-toc a")
        hrefs = toc.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) == N_SCENES
    return hrefs


def visit_scene(page, links, api, artifacts, n, check) -> None:
    """Scene n in Korean, then English: its title and text, its highlights marked and in view
    (after at most one PageDown), its panel's figures against the API (`check`), its charts'
    legends clear of their x axes and their plot areas 130 px high or more."""
    link = links[n - 1]
    assert query_of(link)["lesson"] == str(n)
    open_scene(page, link)
    scene = page.evaluate(
        "async n => (await import('/static/js/lessons/scenes.js')).SCENES[n - 1]", n
    )
    targets = page.evaluate("async () => (await import('/static/js/lessons/highlight.js')).TARGETS")
    for lang in ["ko", "en"]:
        if lang == "en":
            page.locator("#btn-lang").click()
            url_has(page, "lang=en")
        page.wait_for_function(
            "t => document.getElementById('lesson-title').textContent === t",
            arg=scene["title"][lang],
        )
        text = page.locator("#lesson-text p").all_text_contents()
        assert text == scene["text"][lang]
        assert bool(HANGUL.search(" ".join(text))) == (lang == "ko")
        for name in scene["highlight"]:
            marked = f"{targets[name]}.lesson-hl"
            page.wait_for_function("s => document.querySelector(s)", arg=marked)
        check(page, api, first=lang == "ko")
        # every chart drawn, its legend clear of the x axis's ticks and title, its tick labels
        # clear of each other
        page.wait_for_function(LESSON_CHARTS_DRAWN)
        assert legend_overlaps(page) + tick_overlaps(page) == [], f"scene {n} ({lang})"
        assert short_plots(page, USEFUL_PLOT) == [], f"scene {n} ({lang})"  # a useful height
        # at 1366x768 the page scrolls the highlights into view as far as the title allows,
        # and PageDown shows those that do not fit under it (lessons/focus.js)
        marks = {name: targets[name] for name in scene["highlight"]}
        if lang == "ko" and page.evaluate(OUT_OF_VIEW, marks):
            page.keyboard.press("PageDown")
        assert_highlights_in_view(page, marks)
        assert_current_step_in_view(page)
        assert page.evaluate("() => document.body.dataset.lesson") == str(n)
        page.screenshot(path=str(artifacts / f"lesson-{n:02d}-{lang}.png"))
