"""The first paint needs no Plotly (static/js/plotly.js): the network, the cell detail and the
numbers paint from the page's own modules; Plotly.js is asked for after that, once, and the
charts follow when it arrives."""

from __future__ import annotations

import re

from .test_page import open_page

# The page asks for Plotly at its digest (server/vendor.py versioned_url).
PLOTLY = re.compile(r"/vendor/plotly\.min\.js\?v=[0-9a-f]+$")

FIRST_TOKEN = """window.__firstToken = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('svg.network text.token')) {
    window.__firstToken = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});"""


def test_the_network_paints_before_plotly_arrives(page):
    held = []
    page.route(PLOTLY, lambda route: held.append(route))  # hold it back
    page.add_init_script(FIRST_TOKEN)
    page.goto("/?text=hello&cell=gru&lang=en")
    page.wait_for_selector("svg.network text.token")
    page.wait_for_selector(".detail svg.celldiagram text")
    page.wait_for_selector("#facts dd")
    assert page.locator("svg.network text.token").all_text_contents() == ["h", "e", "l", "l"]
    assert page.evaluate("() => window.Plotly === undefined")
    page.wait_for_function("() => document.querySelector('script[src*=\"/vendor/plotly\"]')")
    assert len(held) == 1  # asked for once, after the first paint
    assert page.locator(".js-plotly-plot").count() == 0
    held[0].continue_()
    page.wait_for_function("() => Number(document.body.dataset.renders || 0) > 0")
    assert page.locator("#chart-decay.js-plotly-plot").count() == 1
    asked, painted = page.evaluate(
        """() => [performance.getEntriesByType('resource')
                    .find((e) => e.name.includes('/vendor/plotly.min.js?v=')).startTime,
                  window.__firstToken]"""
    )
    assert painted is not None and asked > painted


def test_charts_below_the_fold_are_drawn_when_they_come_into_view(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/?text=hello&cell=compare&present=true&lang=en")  # charts below the networks
    page.wait_for_function("() => Number(document.body.dataset.renders || 0) > 0")
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.evaluate("() => window.Plotly === undefined")  # not even asked for
    page.locator("#chart-total").scroll_into_view_if_needed()
    drawn = "() => document.querySelectorAll('#charts-wrap .js-plotly-plot').length === 2"
    page.wait_for_function(drawn)


def test_each_answer_draws_each_chart_once(page):
    open_page(page, "?text=hello&cell=compare&lang=en")  # the charts beside the networks
    page.evaluate(
        """() => { window.__drawn = {};
        for (const id of ['chart-decay', 'chart-total']) {
          document.getElementById(id).on('plotly_afterplot', () => {
            window.__drawn[id] = (window.__drawn[id] || 0) + 1; });
        } }"""
    )
    page.keyboard.press("ArrowLeft")  # the cursor alone moves an overlay
    page.wait_for_function(
        "() => document.querySelector('#chart-decay .plot-cursor').dataset.step === '3'"
    )
    assert page.evaluate("() => window.__drawn") == {}
    page.locator("#in-text").press("End")
    page.keyboard.type("x")  # one new answer: hellox, drawn (charts too) when dataset.trace says so
    page.wait_for_function("() => document.body.dataset.trace.includes('text=hellox')")
    assert page.evaluate("() => window.__drawn") == {"chart-decay": 1, "chart-total": 1}


def test_the_lessons_load_after_the_first_paint_unless_a_lesson_is_opened(page):
    page.add_init_script(FIRST_TOKEN)
    page.goto("/?text=hello&cell=gru&lang=en")
    page.locator("#lesson-start").wait_for()  # the top bar's way into the tour, once loaded
    painted, asked = page.evaluate(
        """() => [window.__firstToken, performance.getEntriesByType('resource')
                    .filter((e) => e.name.includes('/js/lessons/')).map((e) => e.startTime)]"""
    )
    assert painted is not None and asked and min(asked) > painted
    # a lesson link: the tour is there when the page first paints its scene
    page.goto("/?lesson=2&lang=en")
    page.wait_for_function("() => document.body.dataset.lesson === '2'")
    assert page.locator("#lesson-title").text_content()


GENERATE_ASKED = """() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/js/generate/')).map((e) => e.startTime)"""


def test_the_generation_panel_loads_on_first_use(page):
    page.add_init_script(FIRST_TOKEN)
    page.goto("/?text=hello&cell=gru&lang=ko")
    page.wait_for_function("() => Number(document.body.dataset.renders || 0) > 0")
    assert page.evaluate(GENERATE_ASKED) == []  # not with the page
    # its toolbar button and key are labelled from the first paint (strings.js)
    assert page.locator("#btn-gen").text_content() == "생성"
    page.keyboard.press("?")
    assert page.locator("#help dd", has_text="텍스트 생성").count() == 1
    page.keyboard.press("Escape")
    page.keyboard.press("g")  # first use: loaded, then drawn for the trace already there
    page.wait_for_selector("#gen-chain tbody tr")
    painted = page.evaluate("() => window.__firstToken")
    asked = page.evaluate(GENERATE_ASKED)
    assert painted is not None and asked and min(asked) > painted
    assert page.locator("#generate h2").text_content() == "텍스트 생성: 모델이 한 토큰씩 씁니다"
    # a gen=true link asks for it at once, with the page
    page.goto("/?gen=true&text=hello&cell=gru&lang=en")
    page.wait_for_selector("#gen-sample .draw", timeout=90000)
    assert page.evaluate(GENERATE_ASKED)
