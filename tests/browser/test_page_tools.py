"""Hover, export, overflow and the other ways of using the page beyond stepping."""

from __future__ import annotations

import csv
import io
import json

from .test_page import open_page, url_has

OVERFLOW = "?text=" + "abcdefgh" * 30 + "&cell=rnn&activation=relu&init_scale=100&w_hh_sigma=100"


def test_hover_names_the_value_and_its_equation(page):
    open_page(page, "?text=hello&cell=lstm&lang=en")
    square = page.locator("svg.network g[data-t='2'] g[data-kind=c] rect[data-j='0']")
    square.hover()
    tip = page.locator("#tooltip")
    assert tip.is_visible()
    assert tip.locator(".tip-main").text_content().startswith("c_3[1] = ")
    assert "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t" in tip.text_content()
    page.locator("svg.network g[data-t='0'] g[data-gate=f] rect[data-j='1']").hover()
    assert "forget gate" in tip.text_content()
    # the nodes of the cell detail name themselves the same way
    page.locator(".celldiagram [data-node=f]").hover()
    assert tip.locator(".tip-main").text_content() == "forget gate"
    assert "f_4[1] = " in tip.text_content() and "f_t = \u03c3(" in tip.text_content()
    # a click picks the step and the unit for the detail panel
    page.locator("svg.network g[data-t='1'] g[data-kind=h] rect[data-j='2']").click()
    assert page.locator(".detail h2").text_content().endswith("Step 2 · unit 3")


def test_exports_download_the_view_and_the_trace(page):
    open_page(page, "?text=hello&cell=gru&lang=en")
    files = {}
    for kind in ("json", "csv", "svg", "png"):
        page.locator("#menu-export summary").click()
        with page.expect_download() as info:
            page.locator(f"button[data-export={kind}]").click()
        path = info.value.path()
        files[kind] = (info.value.suggested_filename, path.read_bytes())
    name, body = files["json"]
    assert name == "rnnscope-gru-hello.json"
    trace = json.loads(body)
    assert trace["tokens"] == ["h", "e", "l", "l", "o"] and trace["request"]["cell"] == "gru"
    rows = list(csv.DictReader(io.StringIO(files["csv"][1].decode())))
    assert [r["token"] for r in rows] == ["h", "e", "l", "l"]
    assert rows[0]["h_8"] != "" and rows[0]["c_1"] == ""
    svg = files["svg"][1].decode()
    assert svg.startswith("<svg") and 'data-onehot="0100"' in svg
    assert files["png"][1][:8] == b"\x89PNG\r\n\x1a\n"


def test_overflow_shows_a_warning_and_gaps(page, artifacts):
    open_page(page, OVERFLOW + "&lang=en")
    warning = page.locator("#status .msg.warn")
    assert warning.count() == 1
    assert "Overflow" in warning.text_content()
    # the charts still draw: overflowed points are gaps (null), not a broken plot
    nulls = page.evaluate(
        "() => document.getElementById('chart-decay').data[0].y.filter(v => v === null).length"
    )
    assert nulls > 0
    page.screenshot(path=str(artifacts / "page-overflow.png"))


def test_word_tokens_and_the_advanced_drawer(page):
    open_page(page, "?text=the%20cat%20sat%20on%20the%20mat&lang=ko")
    page.locator("#btn-drawer").click()
    drawer = page.locator("#drawer")
    assert drawer.is_visible()
    drawer.locator("select[name=tokens]").select_option("word")
    page.wait_for_function("() => document.querySelector('svg.network').dataset.steps === '5'")
    tokens = page.locator("svg.network text.token").all_text_contents()
    assert tokens == ["the", "cat", "sat", "on", "the"]
    assert onehot_width(page) == 5  # vocabulary: the cat sat on mat
    assert drawer.locator("input[name=hidden]").count() == 0  # hidden size sits in the main bar
    page.locator("#controls input[name=hidden]").fill("3")
    page.wait_for_function(
        "() => document.querySelectorAll('svg.network g[data-t=\"0\"] g[data-kind=h] rect').length"
        " === 3"
    )


def onehot_width(page) -> int:
    return len(page.locator("svg.network g.onehot").first.get_attribute("data-onehot"))


def test_clipping_is_reported_with_the_parameter_counts(page):
    open_page(page, "?text=hello&cell=compare&clip=0.5&lang=en")
    facts = page.locator("#facts dd")
    assert facts.count() == 3
    assert page.locator("#facts .clipped").count() == 3
    assert "clipped to 0.5" in facts.first.text_content()
    # the lecture's parameter count of a one-hot RNN (PyTorch: two bias vectors)
    assert "parameters: 148 (PyTorch), 140 (Keras)" in facts.first.text_content()


def test_a_refused_request_is_explained_and_the_old_view_dimmed(page):
    """After an edit the page asks for what fits (fit=true, test_budget.py); a link is asked
    for as opened, and a refusal is explained (here with no cost answer: the question fails)."""
    page.route("**/api/v1/cost?**", lambda route: route.abort())
    page.goto("/?text=hello%20world,%20hello%20rnn&hidden=256&train_steps=1000&lang=en")
    error = page.locator("#status .msg.error")
    error.wait_for()
    # said in the page's language, with the budget and what would fit (not the code COST_BUDGET)
    text = error.text_content()
    assert "COST_BUDGET" not in text and "at most 2 s" in text and "instead" in text, text
    assert "stale" in page.locator("body").get_attribute("class").split()
    page.locator("#controls input[name=hidden]").fill("8")
    page.wait_for_function("() => !document.body.classList.contains('stale')")
    # the browser logs the refused fetch (HTTP 422) and the failed cost questions as console
    # errors: those are expected
    page.console_errors[:] = [
        e for e in page.console_errors if "422" not in e and "ERR_FAILED" not in e
    ]


def test_clicking_a_chart_moves_the_shared_cursor(page):
    open_page(page, "?text=hello&cell=lstm&lang=en")
    # a heatmap cell is a (step, unit): clicking one picks both
    page.locator(".heatmap[data-map=h]").scroll_into_view_if_needed()
    box = page.locator(".heatmap[data-map=h] svg image").bounding_box()  # the cells
    page.mouse.click(box["x"] + box["width"] * 0.125, box["y"] + box["height"] * (2.5 / 8))
    page.wait_for_function("() => document.getElementById('player-status').dataset.step === '1'")
    assert page.locator(".detail h2").text_content().endswith("Step 1 · unit 3")


def test_the_stored_example_paints_before_the_api_answers(page):
    held = []
    page.route("**/api/v1/trace?**", lambda route: held.append(route))  # hold the answer back
    page.goto("/?lang=en")
    page.wait_for_function("() => document.body.dataset.trace === 'example'")
    assert held, "the page asked the API as well"
    assert "stored example" in page.locator("#status .msg.info").text_content()
    assert page.locator("svg.network").first.get_attribute("data-steps") == "4"
    held[0].continue_()
    page.wait_for_function("() => document.body.dataset.trace.startsWith('/api/v1/trace?')")
    page.wait_for_function("() => !document.querySelector('#status .msg')")


def test_hiding_a_panel_lets_the_charts_take_its_room(page):
    open_page(page, "?text=hello&lang=en")
    before = page.locator("#chart-decay .main-svg").first.bounding_box()["width"]
    page.locator("#menu-panels summary").click()
    page.locator("#menu-panels input[data-panel=detail]").uncheck()
    page.wait_for_function(
        "w => document.querySelector('#chart-decay .main-svg').getBoundingClientRect().width"
        " > w + 200",
        arg=before,
    )
    url_has(page, "hide=detail")


LARGE = "?text=" + ("the quick brown fox jumps over a lazy dog" * 2)[:65] + "&hidden=64&lang=en"


def test_a_large_network_draws_its_squares_as_images_that_still_answer(page):
    # 64 steps x 64 units x 6 rows of LSTM squares: past network-layout.js RASTER_ABOVE, the
    # squares of a step are one image (a pixel a unit across, its rows one above the other;
    # network-sprite.js), and the bars and one-hot boxes of a step are paths
    open_page(page, LARGE)
    net = page.locator("svg.network")
    # its far columns are drawn a few a task, and all are there once the page says it rendered
    assert net.locator("g.col").count() == 64 and net.get_attribute("aria-busy") is None
    assert net.locator("rect[data-j]").count() == 0
    image = net.locator("g[data-t='1'] > image.raster")
    assert image.count() == 1 and image.get_attribute("href").startswith("data:image/png;base64,")
    assert net.locator("g[data-t='1'] g[data-kind=h]").count() == 1  # the row's group names it
    image.scroll_into_view_if_needed()
    # the h row's place in the image, on screen: 16 units a row, 4 rows
    h = image.evaluate(
        """(img) => {
        const b = img._blocks.find((b) => b.group.dataset.kind === 'h');
        const m = img.ownerSVGElement.getScreenCTM();
        const p = (x, y) => new DOMPoint(x, y).matrixTransform(m);
        const a = p(b.x, b.y), z = p(b.x + b.w * 16, b.y + b.h * 4);
        const i = img._blocks.find((b) => b.group.dataset.gate === 'i');
        return {x: a.x, y: a.y, width: z.x - a.x, height: z.y - a.y, ux: b.x, uy: b.y, size: b.w,
                box: p(i.x + 8 * i.w, i.y - 8).y};
    }"""
    )
    box = h
    # the image's pixels are the values' colours (png.js writes it, scale.js colours it)
    pixels = image.evaluate(
        """async (img) => {
        const { rgbOf } = await import('/static/js/scale.js');
        const b = img._blocks.find((b) => b.group.dataset.kind === 'h');
        const picture = new Image();
        picture.src = img.getAttribute('href');
        await picture.decode();
        const canvas = document.createElement('canvas');
        canvas.width = picture.width;
        canvas.height = picture.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(picture, 0, 0);
        const top = Number(img.getAttribute('y'));
        return [0, 5, 17, 63].map((j) => {
          const y = b.y - top + Math.floor(j / 16) * b.h + 1;
          return [[...ctx.getImageData(j % 16, y, 1, 1).data], [...rgbOf(b.values[j], 'div'), 255]];
        });
    }"""
    )
    assert all(got == want for got, want in pixels), pixels

    def at(j: int) -> tuple[float, float]:
        return box["x"] + box["width"] * (j % 16 + 0.5) / 16, box["y"] + box["height"] * (
            j // 16 + 0.5
        ) / 4

    tip = page.locator("#tooltip")
    page.mouse.move(*at(2))
    tip.wait_for()
    assert tip.locator(".tip-main").text_content().startswith("h_2[3] = ")
    page.mouse.move(*at(17))  # moving within the image names the unit under the pointer
    page.wait_for_function(
        "() => document.querySelector('#tooltip .tip-main').textContent.startsWith('h_2[18] = ')"
    )
    page.mouse.click(*at(17))
    page.wait_for_function(
        "() => document.querySelector('.detail h2').textContent.endsWith('Step 2 · unit 18')"
    )
    # the picked unit is outlined in every row of squares: here unit 18 = row 2, column 2
    picks = net.locator("g[data-t='1'] rect.pick")
    assert picks.count() == 6  # h, c and the four gates
    spots = {(float(r.get_attribute("x")), float(r.get_attribute("y"))) for r in picks.all()}
    assert (h["ux"] + h["size"], h["uy"] + h["size"]) in spots
    # between its rows of squares, the image lets what lies under it answer: the cell's box,
    # which names nothing
    page.mouse.move(*at(2))
    tip.wait_for()
    page.mouse.move(box["x"] + box["width"] / 2, h["box"])
    tip.wait_for(state="hidden")
    # the one-hot boxes of a step are one path and one lit box: hovering box k names x_t[k]
    onehot = net.locator("g[data-t='1'] g.onehot")
    assert onehot.get_attribute("data-onehot") == "0" + "1" + "0" * 25  # 'h' of 27 tokens
    cold = onehot.locator("path.cold")
    cold.scroll_into_view_if_needed()
    box = onehot.locator("rect.hot").bounding_box()  # box 1; box 0 is one width to its left
    page.mouse.move(box["x"] - box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "() => document.querySelector('#tooltip .tip-main').textContent.startsWith('x_2[1] («t»)')"
    )


def test_an_rnn_past_the_jacobian_limit_steps_and_exports(page):
    # past JACOBIAN_MAX_HIDDEN (64) the trace has no spectral norms: factor.max is null
    open_page(page, "?text=hello&cell=rnn&hidden=65&lang=en")
    page.keyboard.press("ArrowLeft")  # step 3 of 4: its bound uses factor.max of step 4
    page.wait_for_function(
        "() => document.querySelector('.detail h2').textContent.endsWith('Step 3 · unit 1')"
    )
    assert "≤—\u00d7" in page.locator(".detail .eqblock.bwd").text_content().replace(" ", "")
    page.locator("#menu-export summary").click()
    with page.expect_download() as info:
        page.locator("button[data-export=csv]").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text())))
    assert len(rows) == 4 and rows[0]["factor_max"] == ""


def test_a_long_comparison_scrolls_its_three_networks_together(page):
    open_page(
        page,
        "?text=" + ("the quick brown fox jumps over a lazy dog")[:33] + "&cell=compare&lang=en",
    )
    nets = page.locator("svg.network")
    assert nets.count() == 3
    # 32 steps keep at least .4 of their natural size (not a strip squeezed into the pane)
    for k in range(3):
        assert nets.nth(k).bounding_box()["height"] > 100
    wraps = ".net-scroll"
    # the view opens on its cursor, step 32: the three scrolled to their end together
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{wraps}')]"
        ".every((w) => w.scrollLeft > 0 && w.scrollLeft === w.scrollWidth - w.clientWidth)"
    )
    title = page.locator(".pane-title").first
    assert title.bounding_box()["x"] >= 0  # the cell's name stays in sight
    # scrolling one scrolls the others with it
    page.evaluate(f"() => {{ document.querySelectorAll('{wraps}')[1].scrollLeft = 0; }}")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{wraps}')].every((w) => w.scrollLeft < 2)"
    )
