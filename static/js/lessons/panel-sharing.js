// Scene 2 panel: the weights of the page's RNN with their shapes (from the trace's state_dict),
// and the parameter count of the same model on the text and on the text twice as long: the
// count stays, because every step uses the same weights.
//
// update({state, traces}).
import { html } from "../dom.js";
import { rename } from "../notation.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { lt } from "./text.js";
import { note, num, onTrace, singleCell, table } from "./widgets.js";

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

export function createSharing(root) {
  const weights = html("div", { class: "lesson-weights" }, root);
  const lengths = html("div", { class: "lesson-lengths" }, root);
  html("p", { class: "lesson-hint" }, root);
  const status = note(root);
  const rounds = guard();

  async function render(state, trace) {
    const round = rounds.next();
    weights.replaceChildren();
    const rows = Object.entries(SYMBOLS)
      .filter(([name]) => trace.weights[name])
      .map(([name]) => {
        const dims = shape(trace.weights[name]);
        return [
          `${symbol(name)} (${name})`,
          (td) =>
            dims.forEach((d, k) => {
              if (k) html("span", {}, td, " × ");
              num(td, d, `shape.${name}.${k}`);
            }),
          (td) =>
            num(
              td,
              dims.reduce((a, b) => a * b, 1),
              `count.${name}`,
            ),
        ];
      });
    table(weights, [lt("share.weight"), lt("share.shape"), lt("share.count")], rows, "weights");
    // the same model on a text twice as long: same vocabulary, twice the steps
    const url = apiRequest({ ...state, cell: singleCell(state), text: `${state.text}${state.text}` });
    lengths.dataset.api = url;
    status.show("lesson.loading");
    const longer = await getJSON(url);
    if (!rounds.current(round)) return;
    if (longer.error) return status.show("lesson.error", { msg: longer.error });
    status.show(null);
    lengths.replaceChildren();
    const row = (tr, k) => [
      tr.request.text,
      (td) => num(td, tr.targets.length, `T.${k}`),
      (td) => num(td, tr.param_count.pytorch, `params.${k}`),
    ];
    table(
      lengths,
      [lt("share.text"), lt("share.steps"), lt("share.total")],
      [row(trace, 0), row(longer, 1)],
      "lengths",
    );
    root.querySelector(".lesson-hint").textContent = lt("share.note");
  }

  return {
    update: onTrace(["lang", "notation"], (state, trace) => {
      render(state, trace);
    }),
  };
}
