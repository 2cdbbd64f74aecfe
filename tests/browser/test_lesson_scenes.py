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
import operator

import pytest

from rnnscope.core import recall_lesson

from . import lessons
from .lessons import (
    Api,
    assert_nums,
    model,
    open_scene,
    panel_request,
    plot_data,
    query_of,
    same,
    set_range,
    slide,
    state_of,
    url_has,
    visit_scene,
    wait_keys,
    wait_request,
)

# the lessons' fixtures, for the tests here (check_* take `api` as a parameter)
_patient, api, links = lessons._patient, lessons.api, lessons.links


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
    # drawn again in the page's language after a switch, as the main page's charts, each run
    # as it comes (plot-common.js plot), the last draw kept: the three curves of the runs
    page.wait_for_function(
        "l => document.getElementById('lesson-recall-curve')._context?.locale === l",
        arg="ko" if first else "en",
    )
    page.wait_for_function(
        "() => document.getElementById('lesson-panel')?.dataset.state === 'drawn'"
    )
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
