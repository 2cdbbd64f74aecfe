"""The line of figures above the charts (views/facts.js): what the backward pass walked and the
spectrum of W_hh, read from the trace, in the page's language and notation."""

from __future__ import annotations

import httpx

from .test_page import open_page


def test_backward_steps_and_the_spectrum_of_w_hh(page, live_server):
    query = "text=hello%20world&cell=rnn&init=orthogonal&truncate=3&truncate_mode=window"
    open_page(page, f"?{query}&lang=en")
    trace = httpx.get(f"{live_server}/api/v1/trace?{query}&hidden=8", timeout=60).json()
    facts = page.locator("#facts dd").first
    walked = trace["backward_steps"]["total"]
    assert walked == 1 + 2 + 3 * 8  # a window of 3 for each of 10 losses
    assert f"backward pass: {walked} cell steps" in facts.text_content()
    assert facts.locator(".spectrum").text_content() == "W_hh: \u03c3_max 1, \u03c1 1"
    page.select_option(".notation-input", "uvw")  # the notes' W
    page.wait_for_function(
        "() => document.querySelector('#facts .spectrum').textContent.startsWith('W: ')"
    )
    page.locator("#btn-lang").click()
    page.wait_for_function(
        "() => document.querySelector('#facts .walked').textContent === '역전파: 셀 타임스텝 27개'"
    )


def test_gated_cells_show_no_single_spectrum(page):
    open_page(page, "?text=hello&cell=compare&lang=en")
    assert page.locator("#facts dd").count() == 3
    assert page.locator("#facts .spectrum").count() == 1  # the RNN's
    assert page.locator("#facts .walked").count() == 3
