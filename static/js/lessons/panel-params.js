// Scene 9 panel: parameters of one recurrent layer for RNN, LSTM and GRU in the PyTorch and Keras
// conventions, computed from the formulas of /api/v1/cells (formula.js) for three inputs: the
// page's model (its input width and hidden size, read from the trace) and the course's Keras
// example, a SimpleRNN of 8 units on a one-hot input of 500 or on an embedding of 16. The
// page's trace counts its own layer too (param_count.*_recurrent): shown beside, to compare.
// A panel spec (lessons/panels.js).
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { evaluate } from "./formula.js";
import { fill, num, singleCell } from "./widgets.js";

// the inputs of the course's example (lecture notes 003): sizes, not results
const COURSE = [
  { label: "par.onehot", in: 500, H: 8 },
  { label: "par.embed", in: 16, H: 8 },
];
const CELLS = ["rnn", "lstm", "gru"];
const CONVENTIONS = ["pytorch", "keras"];

export const params = {
  trace: true,
  watch: ["lang"],
  requests: () => ({ cells: "/api/v1/cells" }),
  create(root) {
    const box = html("div", { class: "lesson-params" }, root);
    const check = html("p", { class: "lesson-check" }, root);
    const keras = html("p", { class: "lesson-check", "data-part": "keras-embedding" }, root);
    const hint = html("p", { class: "lesson-hint" }, root);
    return {
      draw({ state, trace, data: { cells } }) {
        const layer = trace.layers[0];
        const settings = [{ label: "par.here", in: layer.input[0].length, H: layer.h[0].length }, ...COURSE];
        box.replaceChildren();
        const el = html("table", { class: "lesson-table params" }, box);
        const head = html("thead", {}, el);
        const top = html("tr", {}, head);
        html("th", { rowspan: 2, scope: "col" }, top, t("par.cell"));
        for (const s of settings) html("th", { colspan: 2, scope: "colgroup" }, top, t(s.label, { in: s.in, H: s.H }));
        const sub = html("tr", {}, head);
        for (let k = 0; k < settings.length; k += 1)
          for (const c of CONVENTIONS) html("th", { scope: "col" }, sub, c === "pytorch" ? "PyTorch" : "Keras");
        const body = html("tbody", {}, el);
        for (const cell of CELLS) {
          const row = html("tr", { "data-cell": cell, class: cell === singleCell(state) ? "current" : "" }, body);
          html("th", { scope: "row" }, row, cell.toUpperCase());
          for (const [k, s] of settings.entries()) {
            for (const c of CONVENTIONS) {
              const value = evaluate(cells.cells[cell].param_count[c], { H: s.H, in: s.in });
              num(html("td", {}, row), value, `${cell}.${k}.${c}`);
            }
          }
        }
        check.replaceChildren();
        const count = trace.param_count;
        fill(check, t("par.check"), {
          pt: [count.pytorch_recurrent, "trace.pytorch"],
          ks: [count.keras_recurrent, "trace.keras"],
        });
        check.hidden = trace.layers.length !== 1;
        // the course's Keras model on an embedding: Embedding(500, 16) then SimpleRNN(8)
        const [onehot, embed] = COURSE;
        const emb = onehot.in * embed.in;
        const rnn = evaluate(cells.cells.rnn.param_count.keras, { H: embed.H, in: embed.in });
        keras.textContent = t("par.keras", {
          V: onehot.in,
          E: embed.in,
          H: embed.H,
          emb: emb.toLocaleString("en"),
          rnn,
          total: (emb + rnn).toLocaleString("en"),
        });
        hint.textContent = t("par.note");
      },
    };
  },
};
