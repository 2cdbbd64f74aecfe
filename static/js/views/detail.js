// View: cell detail for the selected step and unit: the cell's inside (cell-diagram.js) and its
// equations twice, symbolic and with this step's numbers, forward and backward.
//
// update(data) with data = {trace, step (1-based, 0 = last), unit (1-based), layer (1-based),
//   lang, notation, title (optional heading, e.g. the cell name in compare mode),
//   names (the cells whose weights' names to list; default the trace's cell, [] for none)}
// Emits state:patch {unit}, {layer} or {notation} from its pickers. Under the equations, the
// weights' names in the three notations (notation.js), the one place the mapping is shown
// (in compare mode once, under the last cell, for the three cells).
import { emit } from "../bus.js";
import { clear, html, setText } from "../dom.js";
import { getLang, t as tr } from "../i18n.js";
import "./stage-strings.js";
import { fillSlot, toMath } from "../mathml.js";
import { mapping, NOTATIONS, rename } from "../notation.js";
import { createCellDiagram } from "./cell-diagram.js";
import { equationsFor } from "./equations.js";

// Step and unit become slots of the numeric equations: h_t[j] -> h_{s}[j] with s = 3, j = 2.
function slotted(src) {
  return src
    .replaceAll("_{t-1}", "_{{{sp}}}")
    .replaceAll("_{t+1}", "_{{{sn}}}")
    .replace(/_t(?![A-Za-z])/g, "_{{{s}}}")
    .replaceAll("[j]", "[{{j}}]");
}

export function createDetail(root) {
  const el = html("section", { class: "detail" }, root);
  const head = html("header", { class: "detail-head" }, el);
  const title = html("h2", {}, head);
  const pickers = html("div", { class: "pickers" }, head);
  const unitLabel = html("label", {}, pickers);
  const unitText = html("span", {}, unitLabel);
  const unitInput = html("input", { type: "number", min: 1, step: 1, class: "unit-input" }, unitLabel);
  const layerLabel = html("label", {}, pickers);
  const layerText = html("span", {}, layerLabel);
  const layerInput = html("select", { class: "layer-input" }, layerLabel);
  const notationLabel = html("label", {}, pickers);
  const notationText = html("span", {}, notationLabel);
  const notationInput = html("select", { class: "notation-input" }, notationLabel);
  for (const n of NOTATIONS) html("option", { value: n }, notationInput);
  const diagram = createCellDiagram(el);
  const hint = html("p", { class: "hint" }, el);
  const eqs = html("div", { class: "equations" }, el);
  const names = html("table", { class: "notation-map" }, el);

  unitInput.addEventListener("change", () => emit("state:patch", { patch: { unit: Number(unitInput.value) } }));
  layerInput.addEventListener("change", () => emit("state:patch", { patch: { layer: Number(layerInput.value) } }));
  notationInput.addEventListener("change", () => emit("state:patch", { patch: { notation: notationInput.value } }));

  let built = null; // {key, rows: [[mathNode of the numeric side]]}
  let shownKey = null;

  function block(heading, rows, where, kind) {
    const box = html("div", { class: `eqblock ${kind}` }, eqs);
    html("h3", {}, box, heading);
    const table = html("div", { class: "eqtable" }, box);
    for (const [sym, num, values] of rows) {
      const row = html("div", { class: "eqrow" }, table);
      html("div", { class: "sym" }, row).appendChild(toMath(rename(sym), {}, "inline"));
      const node = toMath(slotted(rename(num)), { ...where, ...values }, "inline");
      html("div", { class: "num" }, row).appendChild(node);
      built.rows.push(node);
    }
  }

  // Equations are built once per form (layer, language, notation, unit, the equations' own
  // text); stepping, or a new answer whose equations read the same, refills their slots.
  function equations(trace, l, s, j, lang, notation) {
    const { forward, backward } = equationsFor(trace, l - 1, s - 1, j - 1);
    const form = [...forward, ...backward].map(([sym, num, values]) => [
      sym,
      num,
      Object.entries(values).map(([name, v]) => `${name}:${typeof v}`),
    ]);
    const key = JSON.stringify([l, lang, notation, j, form]);
    const where = { s, sp: s - 1, sn: s + 1, j };
    if (built && built.key === key) {
      [...forward, ...backward].forEach(([, , values], k) => {
        const all = { ...where, ...values };
        for (const slot of built.rows[k].querySelectorAll("[data-slot]")) fillSlot(slot, all[slot.dataset.slot]);
      });
      return;
    }
    clear(eqs);
    built = { trace, key, rows: [] };
    const heads = html("div", { class: "eqheads" }, eqs);
    html("span", {}, heads, tr("detail.symbolic"));
    html("span", {}, heads, tr("detail.numeric", { j }));
    block(tr("detail.forward"), forward, where, "fwd");
    block(tr("detail.backward"), backward, where, "bwd");
  }

  // One row per notation (the notes' U, W, V, the slides' W_xh, ..., PyTorch's symbols and its
  // tensors), one column per matrix: input, recurrent, readout. The page's notation in bold.
  // Several cells: a name that differs between them gets a line per cell ("LSTM: W_xi, ...").
  function showNames(cells, layer, notation) {
    const key = `${cells}/${layer}/${notation}/${getLang()}`;
    if (names.dataset.built === key) return;
    names.dataset.built = key;
    clear(names);
    names.hidden = cells.length === 0;
    if (!cells.length) return;
    const head = html("tr", {}, html("thead", {}, names));
    for (const k of ["notation", "in", "rec", "out"]) html("th", {}, head, tr(`notation.col.${k}`));
    const body = html("tbody", {}, names);
    const tables = cells.map((cell) => mapping(cell, layer));
    [...NOTATIONS, "tensor"].forEach((n, k) => {
      const line = html("tr", { class: n === notation ? "current" : "" }, body);
      html("th", { scope: "row" }, line, tr(`notation.head.${n}`));
      tables[0].forEach((_, c) => {
        const each = tables.map((columns) => columns[c][k]);
        const td = html("td", {}, line);
        if (each.every((v) => v === each[0])) td.textContent = each[0];
        else
          cells.forEach((cell, i) => {
            html("div", {}, td, `${tr(`cell.${cell}`)}: ${each[i]}`);
          });
      });
    });
  }

  return {
    el,
    update({ trace, step, unit, layer, lang, notation, title: heading, names: cells = [trace.request.cell] }) {
      const next = [trace, step, unit, layer, lang, notation, heading, String(cells)];
      if (shownKey && next.every((v, i) => v === shownKey[i])) return; // a keystroke re-renders the page before its answer
      shownKey = next;
      const T = trace.targets.length;
      const H = trace.layers[0].h[0].length;
      const L = trace.layers.length;
      const s = Math.min(step === 0 ? T : step, T);
      const j = Math.min(unit, H);
      const l = Math.min(layer, L);
      const name = tr(`cell.${trace.request.cell}`);
      // each set only on change: setting the same text or attribute is still a change to style and lay out
      setText(title, `${heading || name} · ${tr("detail.title", { t: s, j })}`);
      setText(unitText, tr("detail.unit"));
      if (unitInput.max !== String(H)) unitInput.max = H;
      unitInput.value = j;
      if (layerLabel.hidden !== (L === 1)) layerLabel.hidden = L === 1;
      setText(layerText, tr("opt.layers"));
      if (layerInput.dataset.built !== `${L}/${lang}`) {
        layerInput.dataset.built = `${L}/${lang}`;
        clear(layerInput);
        for (let k = 1; k <= L; k += 1) html("option", { value: k }, layerInput, tr("detail.layer", { n: k }));
      }
      layerInput.value = String(l);
      setText(notationText, tr("detail.notation"));
      for (const option of notationInput.options) setText(option, tr(`notation.${option.value}`));
      notationInput.value = notation;
      diagram.update({ trace, l: l - 1, t: s - 1, j: j - 1 });
      setText(hint, tr("detail.hint"));
      equations(trace, l, s, j, lang, notation);
      showNames(cells, l - 1, notation);
    },
  };
}
