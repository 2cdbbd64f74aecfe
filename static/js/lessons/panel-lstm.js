// Scene 8 panel: the RNN and the LSTM on the same input and seed (/api/v1/compare?cells=rnn,lstm
// with the page's options): ‖∂L_T/∂h_t‖ relative to the last step for both, ‖∂L_T/∂c_t‖ of the
// LSTM, and the forget-gate bias (the page's `forget_bias`) picked by buttons. A panel spec
// (lessons/panels.js).
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { CELL_COLORS, axis, chartDiv, draw, line, logAxis, logSafe, ys } from "./plots.js";
import { choices, num, table } from "./widgets.js";

const BIASES = [null, -2, 0, 1, 2, 5]; // null: PyTorch's initialisation

const mean = (rows) => rows.flat().reduce((a, b) => a + b, 0) / rows.flat().length;

function compareUrl(state) {
  const compare = new URL(apiRequest({ ...state, cell: "compare" }), location.origin);
  compare.searchParams.set("cells", "rnn,lstm");
  return `${compare.pathname}?${compare.searchParams}`;
}

export const lstm = {
  watch: ["lang", "theme"],
  requests: (state) => ({ both: compareUrl(state) }),
  create(root) {
    const bias = choices(root, {
      id: "lesson-forget-bias",
      name: "forget_bias",
      values: BIASES,
      label: () => t("lstm.bias"),
      format: (v) => (v === null ? t("lesson.unset") : String(v)),
    });
    const row = html("div", { class: "lesson-pair wide-first" }, root);
    const chart = chartDiv(row, "lesson-lstm");
    const facts = html("div", { class: "lstm-facts" }, row);
    return {
      sync(state) {
        bias.set(state.forget_bias);
      },
      draw({ data: { both } }) {
        const { rnn, lstm: cell } = both.traces;
        const rel = (v) => logSafe(v.map((x) => x / v[v.length - 1]));
        const gr = rnn.layers[0].grad;
        const gl = cell.layers[0].grad;
        const data = [
          line(rel(gr.dLlast_dh), "RNN ‖∂L_T/∂h_t‖", CELL_COLORS.rnn),
          line(rel(gl.dLlast_dh), "LSTM ‖∂L_T/∂h_t‖", CELL_COLORS.lstm, {
            line: { color: CELL_COLORS.lstm, width: 4 },
          }),
          line(
            gl.dLlast_dc.map((x) => x / gl.dLlast_dh[gl.dLlast_dh.length - 1]),
            t("lstm.c"),
            CELL_COLORS.lstm,
            { mode: "lines", line: { color: CELL_COLORS.lstm, width: 3, dash: "dot" } },
          ),
        ];
        const T = gr.dLlast_dh.length;
        draw(chart, data, t("lstm.title"), {
          xaxis: axis("", { dtick: T > 20 ? undefined : 1 }),
          yaxis: logAxis(ys(data)),
        });
        facts.replaceChildren();
        const ratio = (g, k) => (td) => num(td, g.dLlast_dh[0] / g.dLlast_dh[T - 1], k);
        table(
          facts,
          ["", t("lstm.ratio")],
          [
            ["RNN", ratio(gr, "ratio.rnn")],
            ["LSTM", ratio(gl, "ratio.lstm")],
            [t("lstm.f"), (td) => num(td, mean(cell.layers[0].gates.f), "f.mean")],
          ],
          "compact",
        );
      },
    };
  },
};
