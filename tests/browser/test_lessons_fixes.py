"""Lesson scenes 12-17 (issues 15, 13): the fixes for vanishing gradients, the echo state
network, truncation in chunks against the window with their cost, BPTT as a sum over steps,
padding and masking, bidirectional RNNs. Each scene is visited as test_lesson_scenes.py visits the
others (title, text, highlights, both languages); its panel's figures are checked against the
API's answers, and its controls move the page."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

import pytest

from .lessons import (  # noqa: F401  (api, links, _patient: fixtures used here)
    READY,
    _patient,
    api,
    assert_nums,
    links,
    model,
    panel_request,
    plot_data,
    query_of,
    same,
    set_range,
    slide,
    state_of,
    url_has,
    visit_scene,
)
from .scenes import N_SCENES
from .test_lesson_scenes import CHECKS

FIX_SETUPS = {
    "tanh": {"activation": "tanh", "init": "pytorch"},
    "relu": {"activation": "relu", "init": "pytorch"},
    "irnn": {"activation": "relu", "init": "identity"},
    "orth": {"activation": "tanh", "init": "orthogonal"},
}
ONE_LAYER = {"cell": "rnn", "layers": "1", "residual": "false", "w_hh_sigma": None}
ONE_LAYER |= {"spectral_radius": None, "train_steps": "0"}


def positive(values: list) -> list:
    return [v if v > 0 else None for v in values]


def check_fixes(page, server, first: bool) -> None:
    asked = panel_request(page, "time")
    assert [query_of(u) for u in asked] == [
        model(page, **ONE_LAYER, **setup) for setup in FIX_SETUPS.values()
    ]
    lines = plot_data(page, "lesson-fixes-time")
    for k, (key, setup) in enumerate(FIX_SETUPS.items()):
        g = server.get("/api/v1/trace", model(page, **ONE_LAYER, **setup))["layers"][0]["grad"]
        decay = g["dLlast_dh"]
        assert same(lines[k]["y"], positive(decay)), key
        assert_nums(page, {f"ratio.{key}": decay[0] / decay[-1]})
    depth = plot_data(page, "lesson-fixes-depth")
    for k, residual in enumerate(["false", "true"]):
        stack = server.get(
            "/api/v1/trace",
            model(page, cell="rnn", layers=3, residual=residual, activation="tanh")
            | {"init": "pytorch", "train_steps": "0"},
        )
        reach = [layer["grad"]["dLlast_dh"][-1] for layer in stack["layers"]]
        assert same(depth[k]["y"], reach)
        key = "plain" if residual == "false" else "residual"
        assert_nums(page, {f"depth.{key}": reach[0] / reach[-1]})
    pressed = "#lesson-panel button[data-setup='{}']"
    assert page.locator(pressed.format("irnn")).get_attribute("aria-pressed") == "true"
    if first:  # a button puts its model on the page, then back to the scene's IRNN
        page.locator(pressed.format("orth")).click()
        url_has(page, "init=orthogonal")
        assert state_of(page)["activation"] == "tanh"
        page.wait_for_function(
            "s => document.querySelector(s)?.getAttribute('aria-pressed') === 'true'",
            arg=pressed.format("orth"),
        )
        page.locator(pressed.format("irnn")).click()
        url_has(page, "init=identity")


ECHO_PAIR = ["zxx hello world, hello rnn", "zzx hello world, hello rnn"]
ECHO_RUNS = {
    "untrained": {"train_steps": "0"},
    "ridge": {"train": "readout", "optimizer": "ridge", "train_steps": "1"},
    "readout": {"train": "readout", "optimizer": "adam", "train_steps": "200"},
    "all": {"train": "all", "optimizer": "adam", "train_steps": "200"},
}


def check_echo(page, server, first: bool) -> None:
    for radius in [None] + ([1.2] if first else []):
        if radius is not None:
            slide(page, "#lesson-radius", "spectral_radius", radius)
        rho = state_of(page)["spectral_radius"]
        page.wait_for_function(
            "n => document.getElementById('lesson-echo-forget')?.data?.some((d) => d.name === n)",
            arg=f"\u03c1 = {float(rho):g}",
        )
        wants = [model(page, cell="rnn", **patch) for patch in ECHO_RUNS.values()]
        assert [query_of(u) for u in panel_request(page, "fits")] == wants
        runs = {
            key: server.get("/api/v1/trace", want)
            for key, want in zip(ECHO_RUNS, wants, strict=True)
        }
        assert_nums(page, {f"loss.{key}": tr["total_loss"] for key, tr in runs.items()})
        walked = {key: (tr["train"] or {}).get("backward_steps", 0) for key, tr in runs.items()}
        assert_nums(page, {f"walked.{key}": n for key, n in walked.items()})
        assert walked["ridge"] == walked["readout"] == 0 < walked["all"]
        lines = {d["name"]: d["y"] for d in plot_data(page, "lesson-echo-forget")}
        assert len(lines) == (3 if float(rho) in (0.5, 0.9, 1.5) else 4)
        reservoir = model(
            page, cell="rnn", layers=1, train_steps=0, init="pytorch", spectral_radius=rho
        )
        reservoir.pop("digits", None)  # the panel asks for full precision
        a, b = (server.get("/api/v1/trace", reservoir | {"text": text}) for text in ECHO_PAIR)
        assert a["vocab"] == b["vocab"]
        gap = [
            math.dist(p, q) for p, q in zip(a["layers"][0]["h"], b["layers"][0]["h"], strict=True)
        ]
        shown = lines[f"\u03c1 = {float(rho):g}"]
        assert shown == pytest.approx(gap[1:], rel=1e-9)
        if float(rho) < 1:  # the echo fades
            assert shown[-1] < 1e-2 * shown[0]


def check_chunks(page, server, first: bool) -> None:
    for action in [None] + (["window", 3] if first else []):
        if action == "window":
            page.locator("#lesson-mode button[data-value='window']").click()
            url_has(page, "truncate_mode=window")
        elif action is not None:
            set_range(page, "#lesson-chunk-k", action)
            url_has(page, f"truncate={action}")
        k = int(state_of(page)["truncate"])
        page.wait_for_function(
            "k => { const p = document.getElementById('lesson-panel');"
            " const asked = JSON.parse(p.dataset.requests || '{}').modes || [];"
            " return p.dataset.state === 'drawn'"
            " && asked.slice(1).every(u => u.includes(`truncate=${k}&`))"
            " && Math.max(...(document.getElementById('lesson-chunks').data?.[0].y ?? []))"
            " === k; }",
            arg=k,
        )
        wants = {
            "full": model(page, truncate=None),
            "window": model(page, truncate=k, truncate_mode="window"),
            "chunk": model(page, truncate=k, truncate_mode="chunk"),
        }
        assert [query_of(u) for u in panel_request(page, "modes")] == list(wants.values())
        traces = {key: server.get("/api/v1/trace", want) for key, want in wants.items()}
        walked = {key: tr["backward_steps"]["total"] for key, tr in traces.items()}
        assert_nums(page, {f"walked.{key}": n for key, n in walked.items()})
        assert_nums(page, {f"vs.{key}": n / walked["full"] for key, n in walked.items()})
        T = len(traces["full"]["targets"])
        assert walked["chunk"] == walked["full"] == T < walked["window"]
        bars = plot_data(page, "lesson-chunks")
        for bar, key in zip(bars, ["window", "chunk"], strict=True):
            assert bar["x"] == list(range(1, T + 1))
            # the last loss's reach is the trace's own cut (grad.truncated_at)
            assert bar["y"][-1] == T - 1 - traces[key]["layers"][0]["grad"]["truncated_at"]
            assert max(bar["y"]) == k
        assert sum(bars[0]["y"]) == walked["window"]  # the window walks every bar on its own
    if first:
        page.locator("#lesson-mode button[data-value='chunk']").click()
        url_has(page, "truncate_mode=chunk")


def check_steps(page, server, first: bool) -> None:
    trace = server.get("/api/v1/trace", model(page))
    g = trace["layers"][0]["grad"]
    shares = plot_data(page, "lesson-steps-shares")
    assert same(shares[0]["y"], g["dW_ih_t"]) and same(shares[1]["y"], g["dW_hh_t"])
    gates = plot_data(page, "lesson-steps-gates")
    assert len(gates) == len(g["gates"]) == 4  # the scene's LSTM: i, f, g, o
    for line, rows in zip(gates, g["gates"].values(), strict=True):
        norms = [math.hypot(*row) for row in rows]  # 0 on a log axis: no point (f at step 1)
        assert [v is None for v in line["y"]] == [n == 0 for n in norms]
        assert [v for v in line["y"] if v is not None] == pytest.approx(
            [n for n in norms if n], rel=1e-12
        )
    whole = trace["param_grad_norms"]["before"]["weight_hh_l0"]
    parts = 0.0
    for v in g["dW_hh_t"]:
        parts += v
    assert_nums(page, {"whole": whole, "parts": parts, "T": len(g["dW_hh_t"])})
    assert parts > whole  # the shares partly cancel when added as matrices
    if first:  # the labels follow the page's notation
        page.goto(page.url.replace("notation=xh", "notation=uvw"))
        page.wait_for_function(READY)
        page.wait_for_function(
            "() => (document.getElementById('lesson-steps-shares')?.data?.[1]?.name || '')"
            ".match(/∂L\\/∂W(?!_)/)"
        )


def check_padding(page, server, first: bool) -> None:
    """Scene 16: per sentence, the gradient reaching its words under each setting, as
    /api/v1/classify computes it; post-padding without a mask gets the least to short ones."""
    lang = page.evaluate("document.documentElement.lang")
    urls = panel_request(page, "classify")
    assert len(urls) == 3 and all(u.startswith("/api/v1/classify?") for u in urls)
    answers = [server.get(u) for u in urls]
    settings = ["masked", "pre", "post"]
    expected = {}
    for key, a in zip(settings, answers, strict=True):
        for b, row in enumerate(a["grad_input"]):
            expected[f"{key}.{b}"] = sum(g for g, m in zip(row, a["mask"][b], strict=True) if m)
    for b, n in enumerate(answers[0]["lengths"]):
        expected[f"pads.{b}"] = len(answers[0]["tokens"][b]) - n
    assert_nums(page, expected)
    assert answers[0]["request"]["examples"][0][1] == ("긍정" if lang == "ko" else "pos")
    # the shortest sentence (most pads) loses the most gradient without a mask, post-padded
    short = max(range(len(answers[0]["lengths"])), key=lambda b: expected[f"pads.{b}"])
    assert expected[f"post.{short}"] < expected[f"masked.{short}"] / 5
    href = page.locator(".lesson-padding th a").last.get_attribute("href")
    assert urlsplit(href).path == "/tasks" and "pad=post" in href and "mask=false" in href


def check_bidir(page, server, first: bool) -> None:
    """Scene 17: word by word, the gradient reaching the two longest sentences' words read
    forward only and both ways, the classifier's input (H, 2H) and the parameters, as
    /api/v1/classify computes them; forward only, the first word gets the least."""
    lang = page.evaluate("document.documentElement.lang")
    urls = panel_request(page, "classify")
    assert len(urls) == 2 and all(u.startswith("/api/v1/classify?") for u in urls)
    fwd, bi = answers = [server.get(u) for u in urls]
    assert [a["request"]["bidirectional"] for a in answers] == [False, True]
    assert fwd["request"]["examples"][0][1] == ("긍정" if lang == "ko" else "pos")
    lengths = fwd["lengths"]
    shown = sorted(range(len(lengths)), key=lambda b: -lengths[b])[:2]
    expected = {}
    for key, a in zip(["fwd", "bi"], answers, strict=True):
        for b in shown:
            for t in range(lengths[b]):
                expected[f"{key}.{b}.{t}"] = a["grad_input"][b][t]
        expected[f"input.{key}"] = len(a["final_state"][0])
        expected[f"params.{key}"] = a["param_count"]["pytorch"]
    assert_nums(page, expected)
    hidden = fwd["request"]["hidden"]
    assert (expected["input.fwd"], expected["input.bi"]) == (hidden, 2 * hidden)
    assert page.locator("#lesson-panel .num[data-key^='fwd.']").count() == sum(
        lengths[b] for b in shown
    )
    words = page.locator(".bidir-sentence").first.locator("th").all_text_contents()[1:]
    assert words == [fwd["vocab"][i] for i in fwd["tokens"][shown[0]][: lengths[shown[0]]]]
    # forward only the first word gets the least, far less than the last; both ways both ends
    for b in shown:
        g, last = fwd["grad_input"][b], lengths[b] - 1
        assert min(g[: last + 1]) == g[0] and g[0] < g[last] / 3
        gb = bi["grad_input"][b]
        assert gb[0] > gb[last] / 3 and gb[0] > 5 * g[0]
    hrefs = page.locator(".bidir-facts th a").evaluate_all("els => els.map(e => e.href)")
    assert [("bidirectional=true" in h, "/tasks?" in h) for h in hrefs] == [
        (False, True),
        (True, True),
    ]


LATER = {12: check_fixes, 13: check_echo, 14: check_chunks, 15: check_steps, 16: check_padding}
LATER[17] = check_bidir


def test_every_scene_is_checked():
    assert len(CHECKS) + len(LATER) == N_SCENES
    assert sorted(LATER) == list(range(len(CHECKS) + 1, N_SCENES + 1))


@pytest.mark.parametrize("n", sorted(LATER))
def test_scene(page, links, api, artifacts, n):  # noqa: F811 (fixtures of test_lessons)
    visit_scene(page, links, api, artifacts, n, LATER[n])
