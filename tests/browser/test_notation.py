"""The weights' notation (static/js/notation.js): the detail panel's switch renames every
weight in the equations and the tooltips, the URL keeps it, and the mapping of the three
notations to PyTorch's tensors is shown once, in the detail panel."""

from __future__ import annotations

import pytest

from .test_page import open_page, url_has

# the LSTM's input weights as MathML text (letter and subscript run together)
LSTM_INPUT = {
    "xh": ["Wxi", "Wxf", "Wxg", "Wxo"],
    "uvw": ["Ui", "Uf", "Ug", "Uo"],
    "torch": ["Wii", "Wif", "Wig", "Wio"],
}
RNN = {"xh": ["Wxh", "Whh", "Why"], "uvw": ["U", "W", "V"], "torch": ["Wih", "Whh", "Why"]}


def symbolic(page) -> str:
    return page.eval_on_selector_all(
        ".detail .eqrow .sym math",
        "nodes => nodes.map((n) => n.textContent.replace(/\\s+/g, '')).join(' | ')",
    )


def mapping(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.notation-map tbody tr')]
          .map((tr) => [tr.querySelector('th').textContent, {
             current: tr.classList.contains('current'),
             cells: [...tr.querySelectorAll('td')].map((td) => td.textContent)}]))"""
    )


@pytest.mark.parametrize("notation", ["xh", "uvw", "torch"])
def test_lstm_equations_follow_the_notation(page, notation):
    open_page(page, f"?text=hello&cell=lstm&lang=en&notation={notation}")
    eqs = symbolic(page)
    for name in LSTM_INPUT[notation]:
        assert f"{name}xt" in eqs, (name, eqs)
    others = {n for k, names in LSTM_INPUT.items() if k != notation for n in names}
    assert not any(f"{n}xt" in eqs for n in others), eqs
    rows = mapping(page)
    assert set(rows) == {"slides", "notes", "PyTorch", "tensor"}
    assert [label for label, row in rows.items() if row["current"]] == [
        {"xh": "slides", "uvw": "notes", "torch": "PyTorch"}[notation]
    ]
    assert rows["tensor"]["cells"] == ["weight_ih_l0", "weight_hh_l0", "readout.weight"]
    assert rows["notes"]["cells"] == ["U_i, U_f, U_g, U_o", "W_i, W_f, W_g, W_o", "V"]
    assert page.locator(".notation-map").count() == 1  # shown once


def test_the_switch_renames_the_rnn_and_keeps_it_in_the_url(page):
    open_page(page, "?text=hello&cell=rnn&lang=ko&layers=2&layer=2")
    eqs = symbolic(page)
    assert "Wxhxt" in eqs and "Whhht" in eqs and "Why" in eqs
    assert mapping(page)["텐서"]["cells"] == ["weight_ih_l1", "weight_hh_l1", "readout.weight"]
    page.select_option(".notation-input", "uvw")
    url_has(page, "notation=uvw")
    page.wait_for_function(
        "() => document.querySelector('.notation-map tr.current th').textContent === '강의 노트'"
    )
    eqs = symbolic(page)
    assert "Uxt" in eqs and "Wht\u22121" in eqs and "softmax(Vht" in eqs and "Wxh" not in eqs
    # the tooltip's equation follows too
    tip = page.evaluate(
        """async () => {
        const {describe} = await import('/static/js/tips.js');
        const {getNotation} = await import('/static/js/notation.js');
        const r = await fetch('/api/v1/trace?text=hello&cell=rnn&hidden=4');
        const d = {kind: 'gate', gate: 'a', t: 0, l: 0, j: 0};
        return [getNotation(), describe(await r.json(), d).join(' ')];
    }"""
    )
    assert tip[0] == "uvw" and "a_t = U x_t + W h_{t-1} + b" in tip[1], tip


def test_every_notation_names_each_matrix_once(page):
    open_page(page, "?text=hello&lang=en")
    rows = page.evaluate(
        """async () => {
        const {mapping, rename} = await import('/static/js/notation.js');
        const out = {};
        for (const cell of ['rnn', 'lstm', 'gru']) out[cell] = mapping(cell);
        const n = 'W_{in} x_t + b_{in} + r_t ⊙ (W_{hn} h_{t-1} + b_{hn})';
        out.gru_n = ['xh', 'uvw', 'torch'].map((name) => rename(n, name));
        return out;
    }"""
    )
    for cell, gates in (("rnn", 1), ("lstm", 4), ("gru", 3)):
        inputs, recurrent, readout = rows[cell]
        for column in (*zip(inputs[:3], recurrent[:3], strict=True),):
            assert len(set(column)) == 2  # input and recurrent differ in every notation
        assert all(len(c.split(", ")) == gates for c in inputs[:3] + recurrent[:3])
        assert readout == ["W_hy", "V", "W_hy", "readout.weight"]
    assert rows["gru_n"] == [
        "W_{xn} x_t + b_{in} + r_t ⊙ (W_{hn} h_{t-1} + b_{hn})",
        "U_{n} x_t + b_{in} + r_t ⊙ (W_{n} h_{t-1} + b_{hn})",
        "W_{in} x_t + b_{in} + r_t ⊙ (W_{hn} h_{t-1} + b_{hn})",
    ]


# the weights on lesson 6's chart of gradient norms (the trace's param_grad_norms, renamed)
CLIP_NAMES = "() => document.getElementById('lesson-clip-norms')?.data?.[1]?.x ?? []"


def test_the_lessons_follow_the_notation(page):
    """A scene's text and its panel's labels are written in the page's notation, redrawn when it
    changes, and the notation is kept from scene to scene like the language."""
    page.set_default_timeout(60_000)
    open_page(page, "?lesson=6&lang=en&notation=uvw")
    url_has(page, "notation=uvw")
    page.wait_for_function(f"() => ({CLIP_NAMES})().includes('U')")
    assert {"U", "W", "V"} <= set(page.evaluate(CLIP_NAMES))
    text = " ".join(page.locator("#lesson-text p").all_text_contents())
    assert "W_hh" not in text and "W_xh" not in text and " W " in text
    page.evaluate(
        """async () => (await import('/static/js/bus.js'))
        .emit('state:patch', {patch: {notation: 'torch'}})"""
    )
    page.wait_for_function(f"() => ({CLIP_NAMES})().includes('W_ih')")
    assert {"W_ih", "W_hh", "W_hy"} <= set(page.evaluate(CLIP_NAMES))
    assert "W_hh" in " ".join(page.locator("#lesson-text p").all_text_contents())
    page.click("#lesson-next")
    page.wait_for_function("() => document.body.dataset.lesson === '7'")
    url_has(page, "notation=torch")


def test_compare_mode_shows_the_mapping_once_for_the_three_cells(page):
    open_page(page, "?text=hello&cell=compare&lang=en")
    page.wait_for_function("() => document.querySelectorAll('.detail').length === 3")
    shown = page.locator(".notation-map:visible")
    assert shown.count() == 1  # once for the comparison, not once per cell
    assert (
        page.locator(".pane").last.locator(".notation-map:visible").count() == 1
    )  # under the last cell
    rows = mapping(page)
    notes = rows["notes"]["cells"]
    assert notes[0] == "RNN: ULSTM: U_i, U_f, U_g, U_oGRU: U_r, U_z, U_n", notes  # a line per cell
    assert notes[2] == "V"  # the same name for every cell: said once
    assert rows["tensor"]["cells"] == ["weight_ih_l0", "weight_hh_l0", "readout.weight"]
