// View: cell detail for the selected step and unit: the cell's inside (cell-diagram.js) and its
// equations twice, symbolic and with this step's numbers, forward and backward.
//
// update(data) with data = {trace, step (1-based, 0 = last), unit (1-based), layer (1-based),
//   lang, title (optional heading, e.g. the cell name in compare mode)}
// Emits state:patch {unit} or {layer} from its pickers.
import { emit } from "../bus.js";
import { clear, html } from "../dom.js";
import { t as tr } from "../i18n.js";
import { toMath } from "../mathml.js";
import { createCellDiagram } from "./cell-diagram.js";
import { equationsFor } from "./equations.js";

// Put the step and unit numbers into a numeric equation: h_t[j] -> h_3[2].
function bind(src, t, j) {
  return src
    .replaceAll("_{t-1}", `_{${t - 1}}`)
    .replaceAll("_{t+1}", `_{${t + 1}}`)
    .replace(/_t(?![A-Za-z])/g, `_{${t}}`)
    .replaceAll("[j]", `[${j}]`);
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
  const diagram = createCellDiagram(el);
  const hint = html("p", { class: "hint" }, el);
  const eqs = html("div", { class: "equations" }, el);

  unitInput.addEventListener("change", () => emit("state:patch", { patch: { unit: Number(unitInput.value) } }));
  layerInput.addEventListener("change", () => emit("state:patch", { patch: { layer: Number(layerInput.value) } }));

  function block(heading, rows, t, j) {
    const box = html("div", { class: "eqblock" }, eqs);
    html("h3", {}, box, heading);
    const table = html("div", { class: "eqtable" }, box);
    for (const [sym, num, values] of rows) {
      const row = html("div", { class: "eqrow" }, table);
      html("div", { class: "sym" }, row).appendChild(toMath(sym));
      html("div", { class: "num" }, row).appendChild(toMath(bind(num, t, j), values));
    }
  }

  return {
    el,
    update({ trace, step, unit, layer, title: heading }) {
      const T = trace.targets.length;
      const H = trace.layers[0].h[0].length;
      const L = trace.layers.length;
      const s = Math.min(step === 0 ? T : step, T);
      const j = Math.min(unit, H);
      const l = Math.min(layer, L);
      const name = tr(`cell.${trace.request.cell}`);
      title.textContent = `${heading || name} · ${tr("detail.title", { t: s, j })}`;
      unitText.textContent = `j `;
      unitInput.max = H;
      unitInput.value = j;
      layerLabel.hidden = L === 1;
      layerText.textContent = tr("opt.layers");
      clear(layerInput);
      for (let k = 1; k <= L; k += 1) html("option", { value: k, selected: k === l }, layerInput, tr("detail.layer", { n: k }));
      diagram.update({ trace, l: l - 1, t: s - 1, j: j - 1 });
      hint.textContent = tr("detail.hint");
      clear(eqs);
      const { forward, backward } = equationsFor(trace, l - 1, s - 1, j - 1);
      const heads = html("div", { class: "eqheads" }, eqs);
      html("span", {}, heads, tr("detail.symbolic"));
      html("span", {}, heads, tr("detail.numeric", { j }));
      block(tr("detail.forward"), forward, s, j);
      block(tr("detail.backward"), backward, s, j);
    },
  };
}
