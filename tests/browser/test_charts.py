"""Honest charts on the main page (static/js/views/charts.js, plot-common.js).

Over the main views (one cell, trained, compare, a long text whose gradient fades by decades),
in both themes and in presentation mode on a projector: no bar trace on a log axis, every
log-axis tick label parses to its own value, every chart text is 14 px or more and stands out
from the page's background (tests/browser/charts.py). The lessons' charts get the same check
in test_lesson_focus.py. The tick maker itself is checked over ranges from a fraction of a
decade to 300 decades.
"""

from __future__ import annotations

import math
import re

import pytest

from .charts import chart_problems, charts_drawn, parse_tick

READY = "() => Number(document.body.dataset.renders || 0) > 0 && document.body.dataset.trace"
VIEWS = {
    "single": "text=hello&cell=lstm",
    "trained": "text=hello&cell=gru&train_steps=50",
    "compare": "text=hello%20world&cell=compare",
    "fading": "text=the%20quick%20brown%20fox%20jumps&cell=rnn&init_scale=0.5",
}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_charts_are_honest(page, artifacts, view, theme):
    page.set_viewport_size({"width": 1280, "height": 720})
    lang = "ko" if theme == "dark" else "en"
    page.goto(f"/?{VIEWS[view]}&theme={theme}&present=true&lang={lang}")
    page.wait_for_function(READY)
    # charts below the fold are drawn when they come into view (presentation mode: below the
    # networks)
    page.locator("#chart-total").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelectorAll('#charts-wrap .js-plotly-plot').length >= 2"
    )
    assert charts_drawn(page) >= 2  # the decay and the gradient of each step, at least
    assert chart_problems(page) == []
    page.locator("#charts-wrap").screenshot(path=str(artifacts / f"charts-{view}-{theme}.png"))


def test_the_gradient_of_each_step_is_drawn_as_points(page):
    page.goto(f"/?{VIEWS['fading']}&lang=en")
    page.wait_for_function(READY)
    # drawn when it comes into view (below the network at this size)
    page.locator("#chart-total").scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('chart-total')._fullData")
    traces = page.evaluate(
        "() => document.getElementById('chart-total')._fullData.map(d => [d.type, d.mode])"
    )
    assert traces == [["scatter", "lines+markers"]]
    y = page.evaluate("() => document.getElementById('chart-total')._fullLayout.yaxis.type")
    assert y == "log"


# the titles of the charts' mode bar buttons
MODEBAR = (
    "() => [...document.querySelectorAll('#charts-wrap .modebar-btn')].map(b => b.dataset.title)"
)


def test_the_mode_bar_speaks_the_pages_language_and_shares_nothing(page):
    """Plotly 4 adds a "Share chart..." button that uploads the chart to Plotly Cloud: not on
    an offline page. The buttons' titles are in the page's language, and follow a switch."""
    page.goto(f"/?{VIEWS['single']}&lang=ko")
    page.wait_for_function(READY)
    page.locator("#chart-total").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#charts-wrap .modebar-btn')")
    titles = page.evaluate(MODEBAR)
    assert "그래프를 PNG로 내려받기" in titles and "축 되돌리기" in titles, titles
    assert not [t for t in titles if re.search("[A-Za-z]{3}", t.replace("PNG", ""))], titles
    assert not [t for t in titles if "Share" in t or "공유" in t], titles
    page.click("#btn-lang")
    page.wait_for_function(f"() => ({MODEBAR})().includes('Download plot as a PNG')")
    assert "Share chart..." not in page.evaluate(MODEBAR)


# Three draws of one chart, the language switched after the first, as lesson 10 draws its
# recall curves as each run comes: what the chart holds once Plotly has settled, its locale and
# how many of the listeners set before the switch heard the last draw.
REDRAWS = """async () => {
  const {plot} = await import('/static/js/views/plot-common.js');
  const div = document.createElement('div');
  div.style.cssText = 'width: 500px; height: 300px';
  document.body.append(div);
  const line = (y) => [{x: [1, 2, 3], y: [y, y, y], name: `y = ${y}`}];
  await plot(div, line(1), {});
  const heard = [];
  div.on('plotly_afterplot', () => heard.push('afterplot'));
  document.getElementById('btn-lang').click();
  await Promise.all([plot(div, line(2), {}), plot(div, line(3), {})]);
  const settled = {y: div.data[0].y, locale: div._context.locale};
  heard.length = 0;
  await plot(div, line(4), {});
  div.remove();
  return {...settled, heard, lang: document.documentElement.lang};
}"""


def test_a_language_switch_draws_anew_and_the_last_draw_stays(page):
    """A chart's locale follows the page's language: plot() (plot-common.js) makes a new plot
    when it changes. Plotly.react met a changed locale with a new plot and then drew the data
    it was given again, after any draw asked meanwhile: lesson 10's recall chart kept a stale
    curve after a switch. Fails with Plotly.react: the chart holds y = 2, not 3."""
    page.goto(f"/?{VIEWS['single']}&lang=ko")
    page.wait_for_function(READY)
    page.wait_for_function("() => window.Plotly")
    got = page.evaluate(REDRAWS)
    assert got["lang"] == "en" and got["locale"] == "en"
    assert got["y"] == [3, 3, 3]
    assert got["heard"] == ["afterplot"]  # the chart's listeners outlive the new plot


RANGES = [
    (0.2, 0.25),
    (0.279, 0.451),
    (2e-5, 3e-5),
    (7e-9, 1e-8),
    (1, 1),
    (1 - 2**-53, 1),  # one ulp apart: one value (a step of 1e-16 never moved the loop on)
    (1e10, 1e10 + 1e-5),
    (0.02, 0.5),
    (3, 4000),
    (1e-6, 0.2),
    (1e-40, 1),
    (1e-300, 1e5),
]


def test_log_ticks_read_as_their_values(page):
    page.goto("/?lang=en")
    page.wait_for_function(READY)
    got = page.evaluate(
        """async (ranges) => {
        const {logTicks} = await import('/static/js/views/plot-common.js');
        return ranges.map(r => logTicks([r]));
    }""",
        [list(r) for r in RANGES],
    )
    for (lo, hi), ticks in zip(RANGES, got, strict=True):
        values, labels = ticks["tickvals"], ticks["ticktext"]
        for value, label in zip(values, labels, strict=True):
            assert math.isclose(parse_tick(label), value, rel_tol=1e-9), (lo, hi, label, value)
        inside = [v for v in values if lo <= v <= hi]
        # at least two ticks over the data (one when it is a single value), at most 12
        assert (1 if hi - lo <= hi * 1e-9 else 2) <= len(inside) <= 12, (lo, hi, inside)
        assert values == sorted(values) and len(set(values)) == len(values)


def test_a_short_chart_gets_fewer_log_labels(page):
    """logTicks(arrays, most): about `most` labels over the data (plot() asks for one a 26 px
    of the plot's height): fewer mantissas first, then a power of ten every k decades; the
    default is the tall chart's (the ticks of RANGES above)."""
    page.goto("/?lang=en")
    page.wait_for_function(READY)
    got = page.evaluate(
        """async () => {
        const {logTicks} = await import('/static/js/views/plot-common.js');
        const inside = (lo, hi, most) => logTicks([[lo, hi]], most).tickvals
          .filter(v => v >= lo && v <= hi);
        return {
          echo: [inside(1e-8, 1), inside(1e-8, 1, 5)],
          layers: [inside(1e-5, 3e-3), inside(1e-5, 3e-3, 4)],
          linear: [inside(0.2, 0.25), inside(0.2, 0.25, 3)],
          default: JSON.stringify(logTicks([[1e-300, 1e5]])) ===
            JSON.stringify(logTicks([[1e-300, 1e5]], 9)),
        };
    }"""
    )
    assert got["echo"] == [[10.0**-k for k in range(8, -1, -1)], [1e-8, 1e-6, 1e-4, 1e-2, 1]]
    assert got["layers"][0] == [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3]
    assert got["layers"][1] == [1e-5, 1e-4, 1e-3]
    assert len(got["linear"][1]) < len(got["linear"][0])
    assert got["default"]


def test_tick_labels_parse():
    assert parse_tick("0.02") == 0.02
    assert parse_tick("500") == 500
    assert parse_tick("100") == 100  # not 10 to the power 0
    assert parse_tick("2e-4") == 2e-4
    assert parse_tick("2\u00d710⁻⁴") == pytest.approx(2e-4)
    assert parse_tick("10⁻⁴⁰") == pytest.approx(1e-40)
    assert parse_tick("\u22125") == -5
    with pytest.raises(ValueError):
        parse_tick("2 5")
