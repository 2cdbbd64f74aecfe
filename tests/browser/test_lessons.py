"""The lessons mode (static/js/lessons/): every scene from its link, in Korean and English,
with every live number on screen checked against the API's answer fetched here.

Each scene test opens the scene's link (read from the tour's own table of contents), checks the
explanation in both languages and the highlighted elements, then compares the numbers of its
panel (`.num[data-key]`, whose data-value holds the unrounded value) with the API. The API
queries are built here from the page's URL state, independently of the page's code. Screenshots
of every scene in both languages go to artifacts/lesson-NN-{ko,en}.png.
"""

from __future__ import annotations

import ast
import contextlib
import operator
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from rnnscope.core import recall_lesson
from rnnscope.core.options import OPTIONS

from .chromium import guarded_page
from .scenes import N_SCENES

HANGUL = re.compile(r"[가-힣]")
# the page's URL state -> the model query of /api/v1/trace (its options, core/options.py;
# `digits` too: the page's compact answers are compared with the same)
MODEL = [o.name for o in OPTIONS if "trace" in o.endpoints and o.name != "cell"]
READY = "() => Number(document.body.dataset.renders || 0) > 0 && document.body.dataset.trace"


# --- helpers ------------------------------------------------------------------------------


def state_of(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query, keep_blank_values=True).items()}


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


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


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


# The highlighted elements (those with a size) whose box is not wholly inside the window.
OUT_OF_VIEW = """(selectors) => Object.entries(selectors).flatMap(([name, sel]) => {
    const boxes = [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
      .filter(r => r.width > 0 && r.height > 0);
    if (!boxes.length) return [[name, 'not drawn']];
    const out = r => r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
    return boxes.filter(out).map(r => [name, [r.left, r.top, r.right, r.bottom].map(Math.round)]);
})"""


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
    """Press `key` (none: the step was taken already) and wait for the tour to show `scene`."""
    if key:
        page.keyboard.press(key)
    page.wait_for_function("n => document.body.dataset.lesson === String(n)", arg=scene)


def url_has(page, part: str) -> None:
    page.wait_for_function("part => location.search.includes(part)", arg=part)


def same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x == pytest.approx(y, rel=1e-12) if y is not None else x is None
        for x, y in zip(a, b, strict=True)
    )


# --- the tour -----------------------------------------------------------------------------


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


def test_next_and_previous_by_keys_and_buttons(page, links, artifacts):
    page.goto("/?lesson=1&lang=en")
    page.wait_for_function(READY)
    # the short link became the scene's full link
    assert query_of(page.url) == query_of(links[0]) | {"lang": "en"}
    count = page.locator("#lesson-count")
    assert count.text_content() == f"1 / {N_SCENES}"
    assert page.locator("#lesson-prev").is_disabled()
    # scene 1's tokens are below the window at 1366x768: PageDown shows them first
    page.keyboard.press("PageDown")
    page.wait_for_function("() => scrollY > 0")
    assert page.evaluate("() => document.body.dataset.lesson") == "1"
    goes_to(page, 2, "PageDown")
    url_has(page, "lesson=2")
    url_has(page, "step=2")
    goes_to(page, 3, "n")
    goes_to(page, 2, "N")
    goes_to(page, 1, "PageUp")
    page.locator("#lesson-next").click()
    goes_to(page, 2)
    url_has(page, "lesson=2")
    # the page's own keys still step through time and do not change the scene
    page.wait_for_function(READY)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.querySelector('#player-status').dataset.step === '1'")
    assert page.evaluate("() => document.body.dataset.lesson") == "2"
    # a reload reproduces the scene, with what was changed in it
    url_has(page, "step=1")
    before = query_of(page.url)
    page.reload()
    page.wait_for_function(READY)
    assert query_of(page.url) == before
    assert page.locator("#lesson-count").text_content() == f"2 / {N_SCENES}"
    # the last scene has no next; the table of contents jumps anywhere
    page.locator(".lesson-toc summary").click()
    page.locator(f".lesson-toc a[data-lesson='{N_SCENES}']").click()
    goes_to(page, N_SCENES)
    assert page.locator("#lesson-next").is_disabled()
    page.keyboard.press("PageDown")
    assert page.evaluate("() => document.body.dataset.lesson") == str(N_SCENES)
    # leaving the tour keeps the model and drops the lesson
    page.locator("#lesson-exit").click()
    page.wait_for_function(READY)
    assert "lesson" not in query_of(page.url)
    assert page.locator("#lesson").is_hidden()
    page.locator("#lesson-start").wait_for()  # the tour's modules load after the first paint


def test_user_text_in_a_scene_stays_text(page):
    payload = "<img src=x onerror=window.__xss=1>"
    page.goto("/?" + str(httpx.QueryParams({"lesson": 2, "text": payload, "cell": "rnn"})))
    page.wait_for_function(READY)
    cell = page.locator("#lesson-panel .lesson-lengths tbody th").first
    cell.wait_for()
    assert cell.text_content() == payload
    assert page.evaluate("() => window.__xss === undefined && !document.querySelector('img')")


def test_a_panel_asks_again_once_the_server_is_back(page):
    """A panel whose request got no answer says so, and asks again on the page's next render
    (lessons/panels.js); its figures then come as usual."""
    page.route("**/api/v1/trace?*text=hellohello*", lambda route: route.abort())
    page.goto("/?lesson=2&lang=en")
    page.wait_for_function(READY)
    page.wait_for_function(
        "() => document.getElementById('lesson-panel').dataset.state === 'error'"
    )
    said = page.text_content("#lesson-panel .lesson-note.error")
    assert said == "The server does not answer; try again in a moment."
    page.unroute("**/api/v1/trace?*text=hellohello*")
    page.console_errors[:] = [e for e in page.console_errors if "ERR_FAILED" not in e]
    page.keyboard.press("ArrowRight")  # any change of the page renders it again
    longer = panel_request(page, "longer")
    assert query_of(longer)["text"] == "hellohello"
    assert page.locator("#lesson-panel .lesson-note").first.is_hidden()
    wait_keys(page, ["T.1", "params.1"])


# --- each scene: explanation in both languages, highlights, numbers from the API ------------


def check_encoding(page, api: Api, first: bool) -> None:
    trace = api.get("/api/v1/trace", model(page))
    want = model(page, embedding=2, train_steps=200)
    assert query_of(panel_request(page, "emb")) == want
    emb = api.get("/api/v1/trace", want)
    expected = {f"x.{t}.{i}": v for t, row in enumerate(trace["x"]) for i, v in enumerate(row)}
    expected |= {
        f"e.{t}.{k}": v for t, row in enumerate(emb["embedded"]) for k, v in enumerate(row)
    }
    V, E = len(trace["x"][0]), len(emb["embedded"][0])
    expected |= {"V": V, "E": E, "zeros.x": trace["x"][0].count(0), "zeros.e": 0}
    expected |= {
        "params.x": trace["param_count"]["pytorch"],
        "params.e": emb["param_count"]["pytorch"],
    }
    assert_nums(page, expected)
    digits = page.locator("#lesson-panel .dcell").all_text_contents()
    assert (
        "".join(digits[:4]) == "1000" and "".join(digits[4:8]) == "0100"
    )  # h, e as in the lecture


def check_sharing(page, api: Api, first: bool) -> None:
    trace = api.get("/api/v1/trace", model(page))
    text = state_of(page)["text"]
    want = model(page, text=text + text)
    assert query_of(panel_request(page, "longer")) == want
    longer = api.get("/api/v1/trace", want)
    expected = {}
    for name, w in trace["weights"].items():
        if name.endswith("l0") or name.startswith("readout"):
            dims = [len(w), len(w[0])] if isinstance(w[0], list) else [len(w)]
            expected |= {f"shape.{name}.{k}": d for k, d in enumerate(dims)}
    expected |= {"T.0": len(trace["targets"]), "params.0": trace["param_count"]["pytorch"]}
    expected |= {"T.1": len(longer["targets"]), "params.1": longer["param_count"]["pytorch"]}
    assert_nums(page, expected)
    assert expected["params.0"] == expected["params.1"] and expected["T.1"] > expected["T.0"]


def check_tasks(page, api: Api, first: bool) -> None:
    trace = api.get("/api/v1/trace", model(page))
    recall_query = {"cell": "gru", "n_distract": "8", "steps": "100", "update_bias": "2"}
    recall_query["seed"] = state_of(page)["seed"]
    assert query_of(panel_request(page, "recall")) == recall_query
    recall = api.get("/api/v1/recall", recall_query)
    assert_nums(
        page,
        {
            "acc.start": recall["start"]["accuracy"],
            "acc.end": recall["end"]["accuracy"],
            "steps": recall["request"]["steps"],
            "chance": recall["chance"],
            "o2o.p": max(trace["probs"][0]),
        },
    )
    predicted = page.locator("#task-m2m [data-key=predicted] .tok").all_text_contents()
    assert predicted == trace["predicted"]
    # the real classifier (many-to-one) and encoder-decoder (many-to-many) of the /tasks page
    cls = api.get(panel_request(page, "cls"))
    s2s = api.get(panel_request(page, "s2s"))
    assert cls["request"]["examples"][0][1] in ("pos", "긍정") and s2s["request"]["pairs"]
    assert_nums(page, {"cls.B": len(cls["tokens"]), "cls.acc": cls["accuracy"]})
    said = "".join(w for w in s2s["generated"]["tokens"][0] if w != "<eos>")
    assert page.locator("[data-key='s2s.said']").text_content() == (said or "\u2013")
    assert page.locator("[data-key='o2o.pred']").text_content() == trace["predicted"][0]

    def sample_query(temperature: str | None) -> dict:
        # the main page's sample request (state.js sampleRequest) at the lesson's length; an
        # unset `temp` leaves the API's temperature, 1
        start, seed = trace["tokens"][0], state_of(page)["sample_seed"]
        query = model(page) | {"start": start, "length": "24", "sample_seed": seed}
        return query | ({"temperature": temperature} if temperature else {})

    now = state_of(page).get("temp")
    for temperature in [now] + (["0.3"] if first else []):
        if temperature != now:
            set_range(page, "#lesson-temp", float(temperature))
            url_has(page, f"temp={temperature}")
        want = sample_query(temperature)
        wait_request(page, "sample", want)
        sample = api.get("/api/v1/sample", want)
        # wait for this temperature's tokens: the previous sample has the same length
        page.wait_for_function(
            "want => [...document.querySelectorAll('#task-o2m [data-key=sample] .tok')]"
            ".map((e) => e.textContent).join('\\u0001') === want",
            arg="\u0001".join(sample["tokens"]),
        )
        shown = page.locator("#task-o2m [data-key=sample] .tok").all_text_contents()
        assert shown == sample["tokens"]


def check_bptt(page, api: Api, first: bool) -> None:
    trace = api.get("/api/v1/trace", model(page))
    expected = {f"loss.{t}": v for t, v in enumerate(trace["loss"])} | {
        "total": trace["total_loss"]
    }
    stages = [0, 10, 25, 50, 100, int(state_of(page)["train_steps"])]
    wait_keys(page, [f"stage.{k}.total" for k in range(len(stages))])
    urls = panel_request(page, "stages")
    assert [query_of(u) for u in urls] == [model(page, train_steps=n) for n in stages]
    totals = []
    for k, n in enumerate(stages):
        stage = api.get("/api/v1/trace", model(page, train_steps=n))
        expected[f"stage.{k}.total"] = stage["total_loss"]
        totals.append(stage["total_loss"])
        cells = page.locator(f".lesson-stages td[data-key^='pred.{k}.']").all_text_contents()
        assert [c.split(" ")[0] for c in cells] == stage["predicted"]
    assert_nums(page, expected)
    # the loss at every training step, and the table's models on it
    curve, marks = plot_data(page, "lesson-bptt-curve")
    assert curve["x"] == list(range(stages[-1] + 1))
    assert same(curve["y"], trace["train"]["loss"])
    assert marks["x"] == stages and same(marks["y"], totals)


def check_vanish(page, api: Api, first: bool) -> None:
    acts = api.get("/api/v1/activations")
    data = plot_data(page, "lesson-activations")
    for name, line in zip(["sigmoid", "tanh"], data, strict=True):
        assert same(line["y"], acts["functions"][name]["derivative"])
    maxima = page.evaluate(
        "() => document.getElementById('lesson-activations').layout.annotations.map(a => a.text)"
    )
    assert [float(m.split()[-1]) for m in maxima] == [
        acts["functions"][n]["max_derivative"] for n in ["sigmoid", "tanh"]
    ]
    for sigma in [None] + ([2.5] if first else []):
        if sigma is not None:
            slide(page, "#lesson-sigma", "w_hh_sigma", sigma)
        trace = api.get("/api/v1/trace", model(page))
        g = trace["layers"][-1]["grad"]
        f = g["factor"]
        page.wait_for_function(
            "v => document.querySelector('[data-key=sigma_max]')?.dataset.value === String(v)",
            arg=f["sigma_max"],
        )
        assert_nums(
            page,
            {
                "gamma": f["gamma"],
                "sigma_max": f["sigma_max"],
                "product": f["gamma"] * f["sigma_max"],
                "ratio.measured": g["dLlast_dh"][0] / g["dLlast_dh"][-1],
                "ratio.bound": f["bound"][0] / f["bound"][-1],
            },
        )
        decay = plot_data(page, "lesson-decay")
        assert same(decay[0]["y"], g["dLlast_dh"]) and same(decay[1]["y"], f["bound"])
    assert f["sigma_max"] == pytest.approx(2.5)


def check_clipping(page, api: Api, first: bool) -> None:
    trace = api.get("/api/v1/trace", model(page))
    g = trace["param_grad_norms"]
    assert g["clipped"]
    assert_nums(
        page,
        {
            "global.before": g["global_before"],
            "global.after": g["global_after"],
            "clip": trace["request"]["clip"],
        },
    )
    _, before, after = plot_data(page, "lesson-clip-norms")  # the joining lines, then the points
    assert same(before["y"], list(g["before"].values()))
    assert same(after["y"], list(g["after"].values()))
    page.wait_for_function(
        "() => document.getElementById('lesson-clip-curves')?.data?.length === 2"
    )
    curves = plot_data(page, "lesson-clip-curves")
    without = api.get("/api/v1/trace", model(page, train_steps=100, clip=None))
    with_clip = api.get("/api/v1/trace", model(page, train_steps=100))
    assert same(curves[0]["y"], without["train"]["loss"])
    assert same(curves[1]["y"], with_clip["train"]["loss"])


def check_truncation(page, api: Api, first: bool) -> None:
    for k in [None] + ([6] if first else []):
        if k is not None:
            slide(page, "#lesson-k", "truncate", k)
        trace = api.get("/api/v1/trace", model(page))
        g = trace["layers"][0]["grad"]
        T, cut = len(g["dLlast_dh"]), g["truncated_at"]
        page.wait_for_function(
            "v => document.querySelector('#lesson-panel [data-key=to]')?.dataset.value == v",
            arg=cut + 1,
        )
        assert_nums(page, {"from": cut + 2, "T": T, "to": cut + 1})
        full = api.get("/api/v1/trace", model(page, truncate=None))
        lines = plot_data(page, "lesson-trunc")
        assert same(lines[0]["y"], full["layers"][0]["grad"]["dLlast_dh"])
        assert same(lines[1]["y"], [v if v > 0 else None for v in g["dLlast_dh"]])


def test_the_window_scene_links_the_chunk_rule(page):
    """Scene 7 shows the window rule (truncate_mode=window); its panel says so and links the
    scene of the other rule, chunks of k with h.detach() (truncate_mode=chunk)."""
    open_scene(page, "?lesson=7&lang=ko")
    chunks = page.evaluate(
        """async () => (await import('/static/js/lessons/scenes.js')).SCENES
        .findIndex((s) => s.panel === 'chunks') + 1"""
    )
    for lang, words in (("ko", f"{chunks}번 장면"), ("en", f"scene {chunks}")):
        open_scene(page, f"?lesson=7&lang={lang}")
        link = page.locator("#lesson-trunc-chunks")
        link.wait_for()
        assert words in link.text_content() and "h.detach()" in link.text_content()
        target = query_of(link.get_attribute("href"))
        assert target["lesson"] == str(chunks) and target["truncate_mode"] == "chunk"
        assert target["lang"] == lang
    link.click()
    page.wait_for_function("n => document.body.dataset.lesson === n", arg=str(chunks))
    url_has(page, "truncate_mode=chunk")


def check_lstm(page, api: Api, first: bool) -> None:
    for bias in [None] + ([5] if first else []):
        if bias is not None:
            page.locator(f"#lesson-forget-bias button[data-value='{bias}']").click()
            url_has(page, f"forget_bias={bias}")
        want = model(page) | {"cells": "rnn,lstm"}
        del want["cell"]
        wait_request(page, "both", want)
        body = api.get("/api/v1/compare", want)
        rnn, lstm = (body["traces"][c]["layers"][0] for c in ["rnn", "lstm"])
        f = [v for row in lstm["gates"]["f"] for v in row]
        ratio = {
            c: x["grad"]["dLlast_dh"][0] / x["grad"]["dLlast_dh"][-1]
            for c, x in [("rnn", rnn), ("lstm", lstm)]
        }
        page.wait_for_function(
            "v => document.querySelector('[data-key=\"ratio.lstm\"]')?.dataset.value === String(v)",
            arg=ratio["lstm"],
        )
        assert_nums(
            page,
            {"ratio.rnn": ratio["rnn"], "ratio.lstm": ratio["lstm"], "f.mean": sum(f) / len(f)},
        )
    assert sum(f) / len(f) > 0.9  # a bias of 5 opens the forget gate


OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def formula(source: str, names: dict[str, int]) -> int:
    """Evaluate a parameter-count formula of /api/v1/cells (+, -, *, names, integers)."""

    def ev(node: ast.AST) -> int:
        if isinstance(node, ast.BinOp):
            return OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return names[node.id]
        raise ValueError(source)

    return ev(ast.parse(source.replace("in", "n_in"), mode="eval").body)


def check_params(page, api: Api, first: bool) -> None:
    cells = api.get("/api/v1/cells")["cells"]
    trace = api.get("/api/v1/trace", model(page))
    layer = trace["layers"][0]
    settings = [(len(layer["input"][0]), len(layer["h"][0])), (500, 8), (16, 8)]
    expected = {}
    for cell in ["rnn", "lstm", "gru"]:
        for k, (n_in, hidden) in enumerate(settings):
            for conv in ["pytorch", "keras"]:
                value = formula(cells[cell]["param_count"][conv], {"H": hidden, "n_in": n_in})
                expected[f"{cell}.{k}.{conv}"] = value
    # the course's Keras example (lecture notes 003), and the trace's own count
    assert expected["rnn.1.keras"] == 4072 and expected["rnn.2.keras"] == 200
    cell = trace["request"]["cell"]
    assert trace["param_count"]["keras_recurrent"] == expected[f"{cell}.0.keras"]
    expected |= {"trace.pytorch": trace["param_count"]["pytorch_recurrent"]}
    expected |= {"trace.keras": trace["param_count"]["keras_recurrent"]}
    assert_nums(page, expected)
    assert page.locator("#lesson-panel .num[data-key='rnn.1.keras']").text_content() == "4,072"
    # with its embedding, the notes' Keras model: Embedding(500, 16) = 8,000, SimpleRNN(8) = 200
    keras = page.locator("#lesson-panel [data-part=keras-embedding]").text_content()
    assert "500 \u00d7 16 = 8,000" in keras and "8,000 + 200 = 8,200" in keras


def as_url(values: dict) -> dict[str, str]:
    """A query as the page writes it (JavaScript numbers: 5, not 5.0)."""
    js = lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)  # noqa: E731
    return {k: js(v) for k, v in values.items()}


# the lesson's runs as core/recall_lesson.py declares them (the server keeps them computed)
RECALL = as_url(recall_lesson.SETUP)
RUNS = [as_url(run) for run in recall_lesson.RUNS]


def check_recall(page, api: Api, first: bool) -> None:
    seed = state_of(page)["seed"]
    urls = panel_request(page, "runs")
    wants = [run | RECALL | {"seed": seed} for run in RUNS]
    assert [query_of(u) for u in urls] == wants
    offered = recall_lesson.SEEDS  # the seed box offers the seeds the server keeps
    seed_box = page.locator("#lesson-seed")
    assert (seed_box.get_attribute("min"), seed_box.get_attribute("max")) == (
        str(offered.start),
        str(offered.stop - 1),
    )
    expected = {}
    curves = plot_data(page, "lesson-recall-curve")
    for k, want in enumerate(wants):
        r = api.get("/api/v1/recall", want)  # the page asked first: the server's cache answers
        for part in ["start", "end"]:
            expected[f"{r['cell']}.acc.{part}"] = r[part]["accuracy"]
            expected[f"{r['cell']}.ratio.{part}"] = r[part]["grad_ratio"]
        expected |= {"N": r["request"]["n_distract"], "T": r["T"], "K": r["request"]["n_symbols"]}
        assert same(curves[k]["y"], [p["accuracy"] for p in r["curve"]])
    assert_nums(page, expected)


def check_stacked(page, api: Api, first: bool) -> None:
    trace = api.get("/api/v1/trace", model(page))
    L = len(trace["layers"])
    assert L == 3
    for k, layer in enumerate(trace["layers"]):
        z = plot_data(page, f"lesson-layer-{L - k}")[0]["z"]
        assert z == [list(col) for col in zip(*layer["h"], strict=True)]
    lines = plot_data(page, "lesson-stacked-decay")
    for k, layer in enumerate(trace["layers"]):
        assert same(lines[k]["y"], layer["grad"]["dLlast_dh"])


CHECKS = [
    check_encoding, check_sharing, check_tasks, check_bptt, check_vanish, check_clipping,
    check_truncation, check_lstm, check_params, check_recall, check_stacked,
]  # fmt: skip


@pytest.mark.parametrize("n", range(1, len(CHECKS) + 1))
def test_scene(page, links, api, artifacts, n):
    visit_scene(page, links, api, artifacts, n, CHECKS[n - 1])


def visit_scene(page, links, api, artifacts, n, check) -> None:
    """Scene n in Korean, then English: its title and text, its highlights marked and in view
    (after at most one PageDown), its panel's figures against the API (`check`)."""
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
        # at 1366x768 the page scrolls the highlights into view as far as the title allows,
        # and PageDown shows those that do not fit under it (lessons/focus.js)
        marks = {name: targets[name] for name in scene["highlight"]}
        if lang == "ko" and page.evaluate(OUT_OF_VIEW, marks):
            page.keyboard.press("PageDown")
        assert_highlights_in_view(page, marks)
        assert page.evaluate("() => document.body.dataset.lesson") == str(n)
        page.screenshot(path=str(artifacts / f"lesson-{n:02d}-{lang}.png"))


@pytest.mark.parametrize("n", [5, 10])
def test_scene_in_presentation_mode_on_a_projector(page, links, artifacts, n):
    page.set_viewport_size({"width": 1920, "height": 1080})
    link = (
        links[n - 1].replace("present=false", "present=true").replace("theme=light", "theme=dark")
    )
    open_scene(page, link)
    assert page.evaluate("() => document.body.classList.contains('present')")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    ready = {
        5: "document.getElementById('lesson-decay')?.data",
        10: "document.getElementById('lesson-panel').dataset.state === 'drawn'",
    }
    page.wait_for_function(f"() => {ready[n]}", timeout=120000)
    page.screenshot(path=str(artifacts / f"lesson-{n:02d}-present-dark-1920.png"))


def test_every_label_and_scene_in_both_languages(page):
    page.goto("/?lesson=1&lang=ko")
    page.wait_for_function(READY)
    found = page.evaluate(
        """async () => {
        const {LABELS} = await import('/static/js/lessons/text.js');
        const {SCENES} = await import('/static/js/lessons/scenes.js');
        const {TARGETS} = await import('/static/js/lessons/highlight.js');
        const en = Object.keys(LABELS.en), ko = Object.keys(LABELS.ko);
        return {
          onlyEn: en.filter(k => !ko.includes(k)), onlyKo: ko.filter(k => !en.includes(k)),
          scenes: SCENES.map(s => [s.text.ko.length, s.text.en.length, !!s.title.ko, !!s.title.en]),
          unknownHighlights: SCENES.flatMap(s => s.highlight).filter(h => !(h in TARGETS)),
        };
    }"""
    )
    assert found["onlyEn"] == [] and found["onlyKo"] == []
    assert all(ko == en and ko > 0 and tko and ten for ko, en, tko, ten in found["scenes"])
    assert found["unknownHighlights"] == []


def test_help_lists_the_lesson_keys_in_both_languages(page, artifacts):
    page.goto("/?lesson=2&lang=ko")
    page.wait_for_function(READY)
    strings = page.evaluate("async () => (await import('/static/js/strings.js')).STRINGS")

    def help_rows() -> dict[str, str]:
        page.keyboard.press("?")
        page.locator("#help").wait_for(state="visible")
        keys = page.locator("#help dt").all_text_contents()
        labels = page.locator("#help dd").all_text_contents()
        return dict(zip(keys, labels, strict=True))

    for lang in ["ko", "en"]:
        if lang == "en":
            page.keyboard.press("Escape")
            page.locator("#help").wait_for(state="hidden")
            page.locator("#btn-lang").click()
            url_has(page, "lang=en")
        rows = help_rows()
        assert rows["PageDown / n"] == strings[lang]["help.lesson.next"]
        assert rows["PageUp / N"] == strings[lang]["help.lesson.prev"]
        assert rows["?"] == strings[lang]["help.help"]  # the page's own keys are still listed
        assert bool(HANGUL.search(" ".join(rows.values()))) == (lang == "ko")
        page.screenshot(path=str(artifacts / f"lesson-help-{lang}.png"))
    # the listed keys do what the list says, with the list closed
    page.keyboard.press("Escape")
    goes_to(page, 3, "n")
    goes_to(page, 2, "PageUp")
    # outside the tour the list has only the page's keys
    page.locator("#lesson-exit").click()
    page.wait_for_function("() => !location.search.includes('lesson=')")
    page.wait_for_function(READY)
    assert "PageDown / n" not in help_rows()
