"""The page in Chromium under hostile URLs: XSS payloads in every URL-state field, and overflow.

Each runs in the guarded `page` (tests/browser/conftest.py), which fails it on any console
error, uncaught exception, CSP violation (reported to the console) or request leaving the
app's origin.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from rnnscope.core.options import for_endpoint

from .test_page import open_page

STATE_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "state.js"
# Every field the page reads from the URL: the model's options (core/options.py, served to the
# page) and the names of the view's rows in state.js's property table.
FIELDS = [o.name for o in for_endpoint("trace")] + re.findall(
    r'\{ name: "(\w+)"', STATE_JS.read_text()
)
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
]
# Recorded before any script of the page runs: any dialog call, any CSP violation.
WATCH = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__xss.push(`${name}(${args.join(",")})`); };
}
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""
# Markup that would mean a payload became elements or attributes instead of text.
INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) bad.push(`${el.tagName}[${attr.name}]`);
      if (/^\\s*javascript:/i.test(attr.value) && /^(href|src|action|xlink:href)$/.test(attr.name))
        bad.push(`${el.tagName}[${attr.name}=${attr.value}]`);
    }
  }
  for (const el of document.querySelectorAll("img, iframe, object, embed"))
    bad.push(el.outerHTML.slice(0, 80));
  // a script runs only from the page's origin; the one data block (the option table) never runs
  const data = "#rnnscope-options[type='application/json']";
  for (const s of document.querySelectorAll(`script:not(${data})`))
    if (!s.src || new URL(s.src).origin !== location.origin) bad.push("script " + s.src);
  return bad;
}"""


def test_the_field_list_is_the_pages():
    assert {"text", "cell", "hidden", "seed", "step", "unit", "hide", "lang"} <= set(FIELDS)
    assert len(FIELDS) >= 25


# The screen point of step 0's h_1: its SVG square, or its place in the step's image.
UNIT_0 = """(node) => {
    const b = node._blocks?.find((b) => b.group.dataset.kind === 'h');
    const r = node.getBoundingClientRect();
    if (!b) return {x: r.x + r.width / 2, y: r.y + r.height / 2};
    const m = node.ownerSVGElement.getScreenCTM();
    const p = new DOMPoint(b.x + b.w / 2, b.y + b.h / 2).matrixTransform(m);
    return {x: p.x, y: p.y};
}"""


# Word tokens draw whole words of the payload as labels (`</script><script>...` is one word);
# character tokens only single characters, so one payload is enough there.
CASES = [(payload, "word") for payload in PAYLOADS] + [(PAYLOADS[0], "char")]


@pytest.mark.parametrize("payload, tokens", CASES)
def test_payload_in_every_url_field_stays_text(page, payload, tokens):
    """Every field holds the payload (with `tokens=word`, the one valid value kept, for the
    word cases): nothing runs, nothing is injected, no CSP violation, the text is literal."""
    text = payload if tokens == "char" else f"{payload} {payload}"
    fields = {name: payload for name in FIELDS} | {"text": text}
    if tokens == "word":
        fields["tokens"] = "word"
    query = "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in fields.items())
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)
    open_page(page, query)
    # the text is the payload, shown literally; every other field fell back to its default
    assert page.locator("#in-text").input_value() == text
    shown = page.locator("svg.network text.token").all_text_contents()
    if tokens == "char":
        assert "".join(shown) == payload[:-1].replace(" ", "\u2423")
    else:
        assert shown == (payload.split() * 2)[:-1]  # the inputs: every token but the last
    # exercise the views that draw text: the cell detail, the tooltip, the backward pass
    # (the char case's 26 steps pass network-layout.js RASTER_ABOVE: a step's squares are one
    # image, which answers the pointer over a unit's place as the squares do)
    square = page.locator("svg.network g[data-t='0'] :is(g[data-kind=h] rect, image.raster)")
    square.first.scroll_into_view_if_needed()
    page.mouse.move(**square.first.evaluate(UNIT_0))
    page.wait_for_selector("#tooltip:not([hidden])")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("b")
    page.wait_for_function("() => document.querySelector('#player-status').dataset.phase === 'bwd'")
    assert page.evaluate(INJECTED) == []
    assert page.evaluate("() => window.__xss") == [] and dialogs == []
    assert page.evaluate("() => window.__csp") == []
    # the URL the page writes back carries the payload as data, still only in `text`
    page.wait_for_function("() => location.search.includes('text=')")
    assert page.evaluate("() => new URLSearchParams(location.search).get('text')") == text


OVERFLOW_TEXT = "abcdefgh" * 25  # 200 characters
OVERFLOW = (
    f"?text={OVERFLOW_TEXT}&cell=compare&activation=relu&init_scale=100&w_hh_sigma=100"
    "&train_steps=50&phase=bwd&lang=en"
)


def test_overflow_in_compare_mode_trained_backward(page, artifacts):
    """The RNN overflows forward and backward (relu, init_scale=100, w_hh_sigma=100) and its
    training loss becomes null; LSTM and GRU saturate instead. Warned, drawn, no error."""
    open_page(page, OVERFLOW)
    warnings = page.locator("#status .msg.warn").all_text_contents()
    assert len(warnings) == 1 and "RNN" in warnings[0] and "Overflow" in warnings[0], warnings
    assert page.locator("svg.network").count() == 3
    # every chart is drawn; overflowed points are gaps, not a broken plot
    plots = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.id)")
    assert "chart-decay" in plots, plots
    gaps = page.evaluate(
        "() => document.getElementById('chart-decay').data.flatMap(d => d.y)"
        ".filter(v => v === null).length"
    )
    assert gaps > 0
    page.screenshot(path=str(artifacts / "robustness-overflow-compare.png"))
