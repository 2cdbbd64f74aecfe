// Scene 2 panel: the weights of the page's RNN with their shapes (from the trace's state_dict),
// and the parameter count of the same model on the text and on the text twice as long: the
// count stays, because every step uses the same weights. A panel spec (lessons/panels.js).
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { rename } from "../notation.js";
import { apiRequest } from "../state.js";
import { num, singleCell, table } from "./widgets.js";

// state_dict names -> the lecture's symbols, in PyTorch's; symbol(name) in the page's notation
const SYMBOLS = {
  weight_ih_l0: "W_ih",
  weight_hh_l0: "W_hh",
  bias_ih_l0: "b_ih",
  bias_hh_l0: "b_hh",
  "readout.weight": "W_hy",
  "readout.bias": "b_y",
};
export const symbol = (name) => (SYMBOLS[name] ? rename(SYMBOLS[name]) : name);

const shape = (w) => (Array.isArray(w[0]) ? [w.length, w[0].length] : [w.length]);

export const sharing = {
  trace: true,
  watch: ["lang", "notation"],
  // the same model on a text twice as long: same vocabulary, twice the steps
  requests: (state) => ({
    longer: apiRequest({ ...state, cell: singleCell(state), text: `${state.text}${state.text}` }),
  }),
  create(root) {
    const weights = html("div", { class: "lesson-weights" }, root);
    const lengths = html("div", { class: "lesson-lengths" }, root);
    const hint = html("p", { class: "lesson-hint" }, root);
    return {
      draw({ trace, data: { longer } }) {
        weights.replaceChildren();
        const rows = Object.entries(SYMBOLS)
          .filter(([name]) => trace.weights[name])
          .map(([name]) => {
            const dims = shape(trace.weights[name]);
            const shapeCell = (td) => {
              for (const [k, d] of dims.entries()) {
                if (k) html("span", {}, td, " × ");
                num(td, d, `shape.${name}.${k}`);
              }
            };
            return [
              `${symbol(name)} (${name})`,
              shapeCell,
              (td) =>
                num(
                  td,
                  dims.reduce((a, b) => a * b, 1),
                  `count.${name}`,
                ),
            ];
          });
        table(weights, [t("share.weight"), t("share.shape"), t("share.count")], rows, "weights");
        lengths.replaceChildren();
        const row = (tr, k) => [
          tr.request.text,
          (td) => num(td, tr.targets.length, `T.${k}`),
          (td) => num(td, tr.param_count.pytorch, `params.${k}`),
        ];
        table(
          lengths,
          [t("share.text"), t("share.steps"), t("share.total")],
          [row(trace, 0), row(longer, 1)],
          "lengths",
        );
        hint.textContent = t("share.note");
      },
    };
  },
};
