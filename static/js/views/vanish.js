// View: in compare mode, why the gated cells do not keep the gradient better than the RNN when
// they do not, said in one line from the traces, with the setting that shows the difference
// (as the lessons do: scene 8's forget-gate bias, scene 10's update-gate bias).
//
// A gated cell "fades" when ‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖ (the share of the last loss's gradient
// that reaches step 1) is under FADED. Its gates say why: an LSTM's cell state keeps the share f
// of itself each step and a GRU's state the share z, so near PyTorch's initialisation (f, z
// about 0.5) the gradient halves each step, as in the RNN. A bias opens them: sigmoid(2) = 0.88.
// Once a bias is set and the cell keeps its gradient, the line says what the bias did.
//
// update(data) with data = {traces: {cell: trace}, state (the page state: layer, forget_bias,
//   update_bias, cell), lang}. Emits state:patch {forget_bias} / {update_bias} from its buttons.
import { emit } from "../bus.js";
import { fmt, html } from "../dom.js";
import { t } from "../i18n.js";
import "./stage-strings.js";

export const FADED = 0.01;
const BIASES = [2, 5]; // offered in turn: sigmoid 0.88, then 0.99 (the lessons' recall value)
const GATE = { lstm: ["f", "forget_bias"], gru: ["z", "update_bias"] };

const mean = (rows) => {
  const flat = rows.flat().filter((v) => v !== null && Number.isFinite(v));
  return flat.reduce((a, b) => a + b, 0) / flat.length;
};

// The figures of the line, or null when there is nothing to explain (or it cannot be said:
// truncation cuts the gradient, overflow, fewer than three cells).
export function vanishing(traces, layer, state) {
  if (!traces.rnn || !traces.lstm || !traces.gru) return null;
  const cells = {};
  for (const [cell, trace] of Object.entries(traces)) {
    const L = trace.layers[Math.min(layer, trace.layers.length) - 1];
    const g = L.grad.dLlast_dh;
    const T = g.length;
    const ratio = g[0] / g[T - 1];
    if (T < 2 || L.grad.truncated_at != null || !Number.isFinite(ratio) || !(g[T - 1] > 0)) return null;
    cells[cell] = { ratio, T };
    if (GATE[cell]) cells[cell].gate = mean(L.gates[GATE[cell][0]]);
  }
  const rnn = cells.rnn.ratio;
  const fading = ["lstm", "gru"].filter((c) => cells[c].ratio < FADED);
  const helped = ["lstm", "gru"].filter((c) => !fading.includes(c) && state[GATE[c][1]] !== null);
  if (!fading.length && !helped.length) return null;
  const ratios = Object.values(cells).map((c) => c.ratio);
  const alike = fading.length === 2 && Math.max(...ratios) < 10 * Math.min(...ratios);
  const head = alike ? "alike" : fading.length && fading.every((c) => cells[c].ratio < rnn) ? "less" : "too";
  const offers = fading.flatMap((c) => {
    const [, name] = GATE[c];
    const next = BIASES.find((b) => state[name] === null || b > state[name]);
    return next === undefined ? [] : [{ cell: c, name, value: next }];
  });
  return { cells, fading, helped, head, offers, T: cells.rnn.T };
}

const both = (list) => list.map((c) => t(`cell.${c}`)).join(t("why.and"));

export function createVanish(root) {
  const el = html("p", { class: "why", id: "why", hidden: true }, root);
  let key = null;
  return {
    el,
    update({ traces, state }) {
      const next = [traces, state.layer, state.lang, state.cell, state.forget_bias, state.update_bias];
      if (key && next.every((x, i) => x === key[i])) return;
      key = next;
      const v = state.cell === "compare" && traces ? vanishing(traces, state.layer, state) : null;
      el.hidden = !v;
      el.replaceChildren();
      if (!v) return;
      const fig = (c) => fmt(v.cells[c].ratio, 2);
      const parts = [];
      if (v.fading.length) {
        const ratios = ["rnn", "lstm", "gru"].map((c) => `${t(`cell.${c}`)} ${fig(c)}`).join(", ");
        const reasons = v.fading.map((c) => t(`why.gate.${c}`, { value: fmt(v.cells[c].gate, 2) }));
        const why =
          t(`why.${v.head}`, { cells: both(v.fading), T: v.T, ratios }) +
          t("why.keeps", { reasons: reasons.join(t("why.sep")) });
        parts.push(why);
        if (v.offers.length) parts.push(t("why.offer"));
      }
      for (const c of v.helped) {
        const name = GATE[c][1];
        parts.push(
          t(`why.helped.${c}`, { bias: state[name], value: fmt(v.cells[c].gate, 2), ratio: fig(c), rnn: fig("rnn") }),
        );
      }
      html("span", { class: "why-text" }, el, parts.join(" "));
      for (const offer of v.offers) {
        const b = html(
          "button",
          { type: "button", class: "why-offer", "data-set": `${offer.name}=${offer.value}` },
          el,
        );
        b.textContent = t(`why.set.${offer.cell}`, { value: offer.value });
        b.addEventListener("click", () => emit("state:patch", { patch: { [offer.name]: offer.value } }));
      }
    },
  };
}
