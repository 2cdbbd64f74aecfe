"""Compare mode explains vanishing (views/vanish.js): when the gated cells fade like the RNN,
the page says why in one line from the data (the LSTM's mean forget gate, the GRU's mean update
gate, the share of the last loss's gradient reaching step 1) and offers the bias that shows the
difference, as the lessons do. Every figure of the line is checked against the API's answer,
fetched here independently of the page."""

from __future__ import annotations

import re

import httpx

from .test_page import open_page

TEXT = "hello world, hello rnn"  # 21 steps: untrained, all three fade alike


def fmt(value: float) -> str:
    """dom.js fmt(value, 2): two significant digits, an exponent under 1e-3."""
    if abs(value) < 1e-3:
        mantissa, exponent = f"{value:.1e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    out = f"{value:.2g}"
    assert "e" not in out
    return out


def mean(rows: list[list[float]]) -> float:
    flat = [v for row in rows for v in row]
    return sum(flat) / len(flat)


def answer(page, base: str) -> dict:
    """The compare answer the page drew, fetched again from the API."""
    url = page.evaluate("() => document.body.dataset.trace")
    assert url.startswith("/api/v1/compare?")
    return httpx.get(base + url, timeout=120).json()["traces"]


def ratio(trace: dict) -> float:
    g = trace["layers"][0]["grad"]["dLlast_dh"]
    return g[0] / g[-1]


def why(page) -> str:
    return page.locator("#why").text_content()


def test_all_three_fading_alike_is_explained_with_the_gates(page, live_server, artifacts):
    open_page(page, f"?text={TEXT}&cell=compare&hidden=8&lang=en")
    traces = answer(page, live_server)
    line = why(page)
    assert line.startswith("All three cells fade alike over 21 steps")
    for cell in ("rnn", "lstm", "gru"):
        assert f"{cell.upper()} {fmt(ratio(traces[cell]))}" in line
    f = mean(traces["lstm"]["layers"][0]["gates"]["f"])
    z = mean(traces["gru"]["layers"][0]["gates"]["z"])
    assert 0.4 < f < 0.6 and 0.4 < z < 0.6  # PyTorch's initialisation: gates near one half
    assert f"forget gates average {fmt(f)}" in line and f"update gates average {fmt(z)}" in line
    page.screenshot(path=str(artifacts / "compare-why-en.png"))
    # the lessons' fix, one cell at a time: the LSTM's forget bias, then the GRU's update bias
    page.locator("#why button[data-set='forget_bias=2']").click()
    page.wait_for_function("() => document.body.dataset.trace.includes('forget_bias=2')")
    traces = answer(page, live_server)
    f = mean(traces["lstm"]["layers"][0]["gates"]["f"])
    assert f > 0.85 and ratio(traces["lstm"]) >= 0.01 > ratio(traces["rnn"])
    line = why(page)
    assert f"With forget bias 2 the LSTM's forget gates average {fmt(f)}" in line
    assert f"{fmt(ratio(traces['lstm']))} of the last loss's gradient reaches step 1" in line
    assert "fades in the GRU too" in line  # still at PyTorch's initialisation
    page.locator("#why button[data-set='update_bias=2']").click()
    page.wait_for_function("() => document.body.dataset.trace.includes('update_bias=2')")
    line = why(page)
    assert "With forget bias 2" in line and "With update bias 2" in line
    assert page.locator("#why button").count() == 0  # nothing fades: nothing more to offer


def test_the_line_is_in_korean_and_absent_when_nothing_fades(page):
    open_page(page, f"?text={TEXT}&cell=compare&hidden=8&lang=ko")
    line = why(page)
    assert "세 셀 모두 21 타임스텝에 걸쳐" in line and "망각 게이트 평균" in line
    assert re.search(r"망각 게이트 편향 2", page.locator("#why button").first.text_content())
    # hello: 4 steps, every cell keeps over 1 % of the gradient at step 1: nothing to explain
    page.locator("#in-text").fill("hello")
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '4'")
    page.wait_for_function("() => document.querySelector('#why').hidden")
    # one cell: compare mode only
    page.keyboard.press("Escape")
    page.keyboard.press("2")
    page.wait_for_function("() => document.querySelectorAll('svg.network').length === 1")
    assert page.locator("#why").is_hidden()
