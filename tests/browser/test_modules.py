"""The page's pure modules, run in the browser: the URL state, the time cursor and the one
client (api.js)."""

from __future__ import annotations

import re
from pathlib import Path

from .test_page import open_page


def test_url_state_round_trips_and_refuses_bad_values(page):
    open_page(page, "?text=hello&lang=en")
    result = page.evaluate(
        """async () => {
        const {PROPS, parse, serialize, defaults, apiRequest} = await import('/static/js/state.js');
        const odd = {...defaults(), text: 'a&b=c %<>"', cell: 'gru', hidden: 3, seed: 4294967295,
          clip: 0.5, truncate: 2, forget_bias: -3.5, step: 3, phase: 'bwd', unit: 2, layer: 2,
          hide: ['heatmaps', 'controls'], norm: true, present: true, lang: 'ko', speed: '4'};
        const back = parse('?' + serialize(odd));
        const bad = parse(
          '?hidden=0&seed=-1&cell=cnn&clip=abc&lr=1e9&hide=foo,charts&step=2.5&text=');
        return {
          same: JSON.stringify(back) === JSON.stringify(odd),
          bad: {hidden: bad.hidden, seed: bad.seed, cell: bad.cell, clip: bad.clip, lr: bad.lr,
                hide: bad.hide, step: bad.step, text: bad.text},
          api: apiRequest(odd),
          compare: apiRequest({...odd, cell: 'compare'}),
          names: PROPS.map((p) => p.name).length === new Set(PROPS.map((p) => p.name)).size,
        };
    }"""
    )
    assert result["same"] and result["names"]
    assert result["bad"] == {
        "hidden": 8,
        "seed": 0,
        "cell": "lstm",
        "clip": None,
        "lr": 0.05,
        "hide": ["charts"],
        "step": 0,
        "text": "hello",
    }
    api = result["api"]
    assert api.startswith("/api/v1/trace?") and "cell=gru" in api and "step=" not in api
    assert "text=a%26b%3Dc" in api and "update_bias" not in api  # unset optionals are left out
    assert (
        result["compare"].startswith("/api/v1/compare?")
        and "cells=rnn%2Clstm%2Cgru" in result["compare"]
    )


def test_time_cursor_maps_steps_both_ways(page):
    open_page(page, "?text=hello&lang=en")
    pairs = page.evaluate(
        """async () => {
        const {posOf, stepOf} = await import('/static/js/timeline.js');
        const T = 5, out = [];
        for (const phase of ['fwd', 'bwd'])
          for (let step = 1; step <= T; step += 1) {
            const pos = posOf(step, phase, T);
            const back = stepOf(pos, T);
            out.push([step, phase, pos, back.step, back.phase]);
          }
        return out;
    }"""
    )
    for step, phase, pos, back_step, back_phase in pairs:
        assert (back_step, back_phase) == (step, phase), (step, phase, pos)
    assert [p[2] for p in pairs] == [1, 2, 3, 4, 5, 10, 9, 8, 7, 6]


def test_a_request_that_trains_waits_for_a_longer_pause(page):
    open_page(page, "?text=hello&lang=en")
    waits = page.evaluate(
        """async () => {
        const {debounceFor} = await import('/static/js/api.js');
        const {defaults, apiRequest} = await import('/static/js/state.js');
        const url = (patch) => apiRequest({...defaults(), ...patch});
        return [debounceFor(url({})), debounceFor(url({train_steps: 200})),
                debounceFor(url({cell: 'compare', train_steps: 5})),
                debounceFor(url({cell: 'compare'}))];
    }"""
    )
    assert waits == [120, 500, 500, 120]


def test_the_fetcher_keeps_recent_answers_within_its_bounds(page):
    """api.js: a kept answer is shown at once, with its budget; the least recently used go
    first, past 24 answers or 8 M characters of JSON in all; one larger than that is never
    kept."""
    open_page(page, "?text=hello&lang=en")
    result = page.evaluate(
        """async () => {
        const {Fetcher} = await import('/static/js/api.js');
        const shown = [];
        const f = new Fetcher((r) => shown.push(r));
        const keep = (url, traces, size) => f.keep(url, {traces, size, cost: {url}});
        for (let i = 0; i < 30; i += 1) keep(`/a${i}`, {i}, 1000);
        const count = [f.answers.size, f.kept, f.answers.has('/a5'), f.answers.has('/a6')];
        keep('/a6', {i: 6}, 1000);  // used again: now the most recent
        keep('/big', {}, 5e6);
        keep('/big2', {}, 2.99e6);  // 8.014 M in all: the 14 oldest small ones go
        const bounded = [f.kept, f.answers.has('/big'), f.answers.has('/a6'),
                         f.answers.has('/a20'), f.answers.has('/a21')];
        keep('/huge', {}, 9e6);
        const pending = f.request('/a6');
        return {count, bounded, huge: f.answers.has('/huge'), pending,
                shown: shown.map((r) => [r.url, r.kept, r.traces.i, r.cost.url])};
    }"""
    )
    assert result["count"] == [24, 24000, False, True]
    assert result["bounded"] == [8e6, True, True, False, True]
    assert result["huge"] is False
    assert result["pending"] is False  # answered at once, nothing asked
    assert result["shown"] == [["/a6", True, 6, "/a6"]]  # with the budget it came with


JS = Path(__file__).resolve().parents[2] / "static" / "js"


def using(pattern: str) -> list[str]:
    """The page's modules (paths under static/js) whose source matches `pattern`."""
    return sorted(
        p.relative_to(JS).as_posix() for p in JS.rglob("*.js") if re.search(pattern, p.read_text())
    )


def test_only_the_client_talks_to_the_server():
    # views, lesson panels and the other pages ask through api.js (request, cached, Fetcher)
    assert using(r"\bfetch\(|\bEventSource\(|XMLHttpRequest|navigator\.sendBeacon") == ["api.js"]


def test_lesson_panels_declare_their_requests():
    # a panel is a spec (lessons/panels.js): it names its requests, panels.js asks for them
    asking = r"\b(cached|request)\(|\bgetJSON\("
    assert [p for p in using(asking) if p.startswith("lessons/")] == ["lessons/panels.js"]
    panels = sorted(p.name for p in (JS / "lessons").glob("panel-*.js"))
    assert len(panels) >= 17
    for name in panels:
        assert re.search(r"^export const \w+ = ", (JS / "lessons" / name).read_text(), re.M), name


def test_the_bus_lists_every_event_the_page_emits():
    """bus.js's comment names every event, and each one emitted is heard (app:ready aside)."""
    head = (JS / "bus.js").read_text().split("const target")[0]
    listed = set(re.findall(r"\b(?:[a-z]+:[a-z]+|export)\b", head))
    emitted, heard = set(), set()
    for path in JS.rglob("*.js"):
        source = path.read_text()
        emitted |= set(re.findall(r"\bemit\(\"([^\"]+)\"", source))
        heard |= set(re.findall(r"(?<![.\w])on\(\"([^\"]+)\"", source))
    assert emitted == listed
    assert emitted - heard == {"app:ready"}


def test_only_each_pages_main_module_writes_its_url():
    # the lessons ask for a scene with state:patch; main.js opens a short lesson link itself
    writes = r"history\.(replaceState|pushState)|location\.(assign|replace)\(|location\.href ="
    assert using(writes) == ["corpus/page.js", "main.js", "tasks/page.js"]


def test_the_client_reads_every_refusal_alike(page):
    open_page(page, "?text=hello&lang=en")
    got = page.evaluate(
        """async () => {
        const {cached, query, request} = await import('/static/js/api.js');
        const bad = await request(query('/api/v1/trace', {text: 'hello', hidden: 0, seed: null}));
        const first = cached('/api/v1/cells');
        const again = cached('/api/v1/cells');
        const refusedTwice = [cached('/api/v1/nothing'), cached('/api/v1/nothing')];
        return {
          bad: [bad.ok, bad.status, bad.error],
          url: query('/x', {a: 1, b: null, c: undefined, d: 'k o'}),
          cells: [(await first).ok, first === again],
          missing: (await refusedTwice[0]).status,
          retried: refusedTwice[0] !== cached('/api/v1/nothing'),
        };
    }"""
    )
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e and "404" not in e]
    ok, status, error = got["bad"]
    assert (ok, status) == (False, 422)
    assert error.startswith("hidden: ") and "1" in error  # the field and its limit, one line
    assert got["url"] == "/x?a=1&d=k+o"
    assert got["cells"] == [True, True]  # a GET is asked once per page
    assert got["missing"] == 404 and got["retried"]  # a failure is not kept


def test_one_i18n_function(page):
    # only i18n.js fills {placeholders}; the lessons' labels are added to its table, once
    assert using(r"replace\(/\\\{") == ["i18n.js"]
    # the parts with labels of their own (lessons, /tasks) add them through addStrings
    assert using(r"\bSTRINGS\b") == ["i18n.js", "strings.js"]
    open_page(page, "?text=hello&lang=ko&lesson=2")
    got = page.evaluate(
        """async () => {
        const {addStrings, t} = await import('/static/js/i18n.js');
        const {LABELS} = await import('/static/js/lessons/text.js');
        let twice = 'accepted';
        try {
          addStrings({en: {'lesson.next': 'again'}});
        } catch (err) {
          twice = err.message;
        }
        return {twice, same: t('lesson.next') === LABELS.ko['lesson.next'],
                count: t('lesson.count', {n: 2, N: 11})};
    }"""
    )
    assert got["twice"] == "i18n: lesson.next defined twice"
    assert got["same"]
    assert got["count"] == "2 / 11"


def test_every_strings_module_has_each_key_in_both_languages(page):
    # strings.js and the modules that add their views' labels to it (addStrings: the stage,
    # /corpus, /tasks, generation, the lessons). Loaded together into the one table (a key
    # defined twice throws), English and Korean name the same keys: t() would show a missing
    # Korean label in English, silently.
    modules = [m for m in using(r"\baddStrings\(") if m != "i18n.js"]
    assert {"views/stage-strings.js", "corpus/strings.js", "tasks/strings.js"} <= set(modules)
    open_page(page, "?text=hello&lang=en")
    got = page.evaluate(
        """async (modules) => {
        const {STRINGS} = await import('/static/js/strings.js');
        for (const m of modules) await import(`/static/js/${m}`);
        const en = Object.keys(STRINGS.en), ko = Object.keys(STRINGS.ko);
        return {onlyEn: en.filter((k) => !ko.includes(k)),
                onlyKo: ko.filter((k) => !en.includes(k)),
                empty: en.filter((k) => !STRINGS.en[k] || !STRINGS.ko[k])};
    }""",
        modules,
    )
    assert got == {"onlyEn": [], "onlyKo": [], "empty": []}


def test_png_images_decode_to_their_pixels(page):
    """png.js (the network's and heatmaps' images): stored deflate, CRC-32 and Adler-32 four
    bytes at a time, base64 of every length's tail; Chromium's decoder reads the pixels back."""
    open_page(page, "?text=hello&lang=en")
    wrong = page.evaluate(
        """async () => {
        const { pngDataUrl } = await import('/static/js/png.js');
        const wrong = [];
        for (const [w, h] of [[1, 1], [2, 1], [5, 3], [16, 322], [130, 130]]) {
          const px = new Uint8Array(w * h * 4).map((_, i) => (i * 7919 + 13) & 255);
          for (let i = 3; i < px.length; i += 4) px[i] = 255;  // opaque: no premultiplied loss
          const img = new Image();
          img.src = pngDataUrl(px, w, h);
          await img.decode();
          // Chromium checks each chunk's CRC but not zlib's Adler-32: recompute it here
          const png = Uint8Array.from(atob(img.src.split(',')[1]), (c) => c.charCodeAt(0));
          const name = (i) => String.fromCharCode(...png.slice(i, i + 4));
          const at = png.findIndex((_, i) => name(i) === 'IDAT');
          const zlib = png.slice(at + 4, at + 4 + new DataView(png.buffer).getUint32(at - 4));
          const raw = [];
          for (let q = 2; q < zlib.length - 4; ) {
            const n = zlib[q + 1] | (zlib[q + 2] << 8);
            for (const v of zlib.slice(q + 5, q + 5 + n)) raw.push(v);
            q += 5 + n;
          }
          let a = 1, b = 0;
          for (const v of raw) { a = (a + v) % 65521; b = (b + a) % 65521; }
          const adler = new DataView(zlib.buffer).getUint32(zlib.length - 4);
          const sums = adler === ((b << 16) | a) >>> 0 && raw.length === h * (4 * w + 1);
          if (!sums) wrong.push(['adler', w, h]);
          const ctx = Object.assign(document.createElement('canvas'), {width: w, height: h})
            .getContext('2d');
          ctx.drawImage(img, 0, 0);
          const got = ctx.getImageData(0, 0, w, h).data;
          const same = img.width === w && img.height === h && got.every((v, i) => v === px[i]);
          if (!same) wrong.push([w, h]);
        }
        return wrong;
    }"""
    )
    assert wrong == []
