"""Honest charts: a check of every Plotly chart on the page, shared by the chart tests.

`chart_problems(page)` lists what is wrong with the charts drawn on the page, as readable
lines (empty when all is well):
- a bar trace on a log axis (a bar's length there does not follow its value);
- a log-axis tick label that does not parse to the tick's own value (a bare `2` for 0.02);
- chart text (ticks, titles, legend, annotations) under 14 px, or with a contrast ratio under
  4.5 against the page's background (dark on dark);
- a legend entry (its line and its name) over an x tick label or the x axis's title
  (`legend_overlaps`, also asked alone where the rest is checked elsewhere);
- two tick labels of one axis over each other (a log axis on a short chart).
`short_plots(page, least)` lists the charts whose plot area is under `least` px high.
`parse_tick` reads the labels the page writes: `0.02`, `500`, `2e-4`, 2 times 10 to the -4
written with a multiplication sign and superscripts, `10⁻⁴⁰`.
"""

from __future__ import annotations

import contextlib
import math
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
TIMES, MINUS = "\u00d7", "\u2212"
POWER = re.compile(rf"^(?:(?P<m>[0-9.]+){TIMES})?10(?P<k>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$")

# Per chart: its id, the type of each trace with the type of the axis it is measured on, the
# log axes' ticks ([text, value]) and every text node's size, fill and the page's background.
SURVEY = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(d => d._fullLayout)
  .map((div) => {
    const fl = div._fullLayout;
    const axisOf = (id) => fl[id.replace(/^([xy])/, '$1axis')];
    const traces = (div._fullData || []).filter(d => d.visible !== false).map((d) => ({
      type: d.type, name: d.name,
      axis: (d.orientation === 'h' ? axisOf(d.xaxis || 'x') : axisOf(d.yaxis || 'y'))?.type,
    }));
    const ticks = Object.keys(fl).filter(k => /^[xy]axis\\d*$/.test(k) && fl[k].type === 'log')
      .flatMap((k) => {
        const cls = `${k[0]}${k.slice(5)}tick`;
        return [...div.querySelectorAll(`g.${cls} text`)].filter(t => t.textContent)
          .map(t => [t.textContent, Math.pow(10, t.__data__.x)]);
      });
    const texts = [...div.querySelectorAll('svg text')].filter(t => t.textContent.trim()
      && t.getBoundingClientRect().width > 0).map((t) => {
        const style = getComputedStyle(t);
        return [t.textContent, parseFloat(style.fontSize), style.fill];
      });
    const bg = getComputedStyle(document.body).backgroundColor;
    return {id: div.id || div.dataset.map || div.className, traces, ticks, texts, bg};
  })"""


def parse_tick(text: str) -> float:
    """The value a tick label states: `0.02`, `2e-4`, 2 times 10⁻⁴, `10⁻⁴⁰`, Plotly's minus."""
    match = POWER.match(text.strip())
    if match:
        return float(match["m"] or 1) * 10 ** int(match["k"].translate(SUPERSCRIPTS))
    return float(text.strip().replace(MINUS, "-"))


def _rgb(css: str) -> tuple[float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)[:3]]
    return parts[0], parts[1], parts[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in _rgb(css))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# A lesson's panel has its answers and its charts are drawn (Plotly may come after them)
LESSON_CHARTS_DRAWN = (
    "() => document.getElementById('lesson-panel')?.dataset.state === 'drawn'"
    " && [...document.querySelectorAll('#lesson-panel .lesson-chart')].every(d => d._fullLayout)"
)

# Per chart: the boxes ([text, left, top, right, bottom]) of its legend entries (the line and
# the name) and of its x axes' tick labels and titles, as the window shows them.
LEGEND_AND_AXIS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(d => d._fullLayout).map((div) => {
    const boxes = (els) => [...els].map((el) => [el, el.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0)
      .map(([el, r]) => [el.textContent || '(line)', r.left, r.top, r.right, r.bottom]);
    const legend = boxes(div.querySelectorAll(
      '.legend .traces .legendtext, .legend .traces .legendpoints'));
    const axis = boxes(div.querySelectorAll(
      '.xaxislayer-above text, [class^="g-x"][class$="title"] text'));
    return {id: div.id || div.className, legend, axis: axis.filter(([text]) => text.trim())};
  })"""


def legend_overlaps(page) -> list[str]:
    """Each legend entry that covers an x tick label or an x axis title, by a pixel or more."""
    problems = []
    for chart in page.evaluate(LEGEND_AND_AXIS):
        for name, *a in chart["legend"]:
            for text, *b in chart["axis"]:
                if _over(a, b) >= 1:
                    problems.append(f"{chart['id']}: legend {name!r} over {text!r}")
    return problems


# Per chart and axis: the boxes of its tick labels ([text, left, top, right, bottom]).
TICK_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(d => d._fullLayout).flatMap((div) => ['x', 'y'].map((a) => ({
    id: `${div.id || div.className} ${a}`,
    labels: [...div.querySelectorAll(`.${a}axislayer-above text`)].filter(t => t.textContent)
      .map((t) => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0)
      .map(([t, r]) => [t.textContent, r.left, r.top, r.right, r.bottom]),
  })))"""


def _over(a: list, b: list) -> float:
    """How far two boxes [left, top, right, bottom] cover each other (0 when apart)."""
    across = min(a[2], b[2]) - max(a[0], b[0])
    down = min(a[3], b[3]) - max(a[1], b[1])
    return min(across, down) if across > 0 and down > 0 else 0


def tick_overlaps(page) -> list[str]:
    """Each pair of tick labels of one axis drawn over each other by a pixel or more."""
    problems = []
    for axis in page.evaluate(TICK_LABELS):
        labels = axis["labels"]
        for i, (text, *a) in enumerate(labels):
            for other, *b in labels[i + 1 :]:
                if _over(a, b) >= 1:
                    problems.append(f"{axis['id']}: tick {text!r} over {other!r}")
    return problems


def chart_problems(page, min_px: float = 14, min_contrast: float = 4.5) -> list[str]:
    problems = legend_overlaps(page) + tick_overlaps(page)
    charts = page.evaluate(SURVEY)
    for chart in charts:
        where = chart["id"]
        for trace in chart["traces"]:
            if trace["type"] == "bar" and trace["axis"] == "log":
                problems.append(f"{where}: bars of {trace['name']!r} on a log axis")
        for text, value in chart["ticks"]:
            try:
                ok = math.isclose(parse_tick(text), value, rel_tol=1e-9)
            except ValueError:
                ok = False
            if not ok:
                problems.append(f"{where}: log tick {text!r} stands for {value:.3g}")
        for text, px, fill in chart["texts"]:
            if px < min_px:
                problems.append(f"{where}: {text!r} at {px:.1f} px")
            if fill.startswith("rgb") and contrast(fill, chart["bg"]) < min_contrast:
                problems.append(f"{where}: {text!r} in {fill} on {chart['bg']}")
    return problems


# The least plot area a chart keeps on every screen, whatever its legend (plot-common.js:
# PLOT_LEAST, 130 px, less a pixel or two of Plotly's rounding).
USEFUL_PLOT = 128

# Per chart: its id and the height of its plot area (inside the axes), as Plotly laid it out.
PLOT_HEIGHTS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(d => d._fullLayout?._size && d.offsetParent !== null)
  .map((div) => [div.id || div.className, Math.round(div._fullLayout._size.h)])"""


def short_plots(page, least: float, settle_ms: int = 10000) -> list[str]:
    """Each chart shown whose plot area is under `least` px high (a legend of many rows, the
    title and the ticks took the rest of its height), once none is or `settle_ms` has passed (a
    chart drawn may grow and be drawn again: plot-common.js)."""
    every = f"least => ({PLOT_HEIGHTS})().every(([, h]) => h >= least)"
    with contextlib.suppress(PlaywrightTimeout):  # what is short is listed below
        page.wait_for_function(every, arg=least, timeout=settle_ms)
    heights = page.evaluate(PLOT_HEIGHTS)
    return [f"{name}: a plot area {h} px high" for name, h in heights if h < least]


def charts_drawn(page) -> int:
    return page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
