// Scene 8 panel: the RNN and the LSTM on the same input and seed (/api/v1/compare?cells=rnn,lstm
// with the page's options): ‖∂L_T/∂h_t‖ relative to the last step for both, ‖∂L_T/∂c_t‖ of the
// LSTM, and the forget-gate bias (the page's `forget_bias`) picked by buttons.
//
// update({state, traces}).
import { html } from "../dom.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { CELL_COLORS, chartDiv, draw, axis, line, logAxis, ys, logSafe } from "./plots.js";
import { lt } from "./text.js";
import { choices, memo, note, num, table } from "./widgets.js";

const BIASES = [null, -2, 0, 1, 2, 5]; // null: PyTorch's initialisation

const mean = (rows) => rows.flat().reduce((a, b) => a + b, 0) / rows.flat().length;

export function createLstm(root) {
  const bias = choices(root, {
    id: "lesson-forget-bias",
    name: "forget_bias",
    values: BIASES,
    label: () => lt("lstm.bias"),
    format: (v) => (v === null ? lt("lesson.unset") : String(v)),
  });
  const row = html("div", { class: "lesson-pair wide-first" }, root);
  const chart = chartDiv(row, "lesson-lstm");
  const facts = html("div", { class: "lstm-facts" }, row);
  const status = note(root);
  const rounds = guard();
  const changed = memo();

  async function render(state) {
    const round = rounds.next();
    const compare = new URL(apiRequest({ ...state, cell: "compare" }), location.origin);
    compare.searchParams.set("cells", "rnn,lstm");
    const url = `${compare.pathname}?${compare.searchParams}`;
    chart.dataset.api = url;
    status.show("lesson.loading");
    const body = await getJSON(url);
    if (!rounds.current(round)) return;
    if (body.error) return status.show("lesson.error", { msg: body.error });
    status.show(null);
    const { rnn, lstm } = body.traces;
    const rel = (v) => logSafe(v.map((x) => x / v[v.length - 1]));
    const gr = rnn.layers[0].grad;
    const gl = lstm.layers[0].grad;
    const data = [
      line(rel(gr.dLlast_dh), "RNN ‖∂L_T/∂h_t‖", CELL_COLORS.rnn),
      line(rel(gl.dLlast_dh), "LSTM ‖∂L_T/∂h_t‖", CELL_COLORS.lstm, { line: { color: CELL_COLORS.lstm, width: 4 } }),
      line(
        gl.dLlast_dc.map((x) => x / gl.dLlast_dh[gl.dLlast_dh.length - 1]),
        lt("lstm.c"),
        CELL_COLORS.lstm,
        { mode: "lines", line: { color: CELL_COLORS.lstm, width: 3, dash: "dot" } },
      ),
    ];
    const T = gr.dLlast_dh.length;
    draw(chart, data, lt("lstm.title"), {
      xaxis: axis("", { dtick: T > 20 ? undefined : 1 }),
      yaxis: logAxis(ys(data)),
    });
    facts.replaceChildren();
    const ratio = (g, k) => (td) => num(td, g.dLlast_dh[0] / g.dLlast_dh[T - 1], k);
    table(
      facts,
      ["", lt("lstm.ratio")],
      [
        ["RNN", ratio(gr, "ratio.rnn")],
        ["LSTM", ratio(gl, "ratio.lstm")],
        [lt("lstm.f"), (td) => num(td, mean(lstm.layers[0].gates.f), "f.mean")],
      ],
      "compact",
    );
  }

  return {
    update({ state }) {
      bias.set(state.forget_bias);
      const next = [apiRequest(state), state.lang, state.theme];
      if (!changed(next)) return;
      render(state);
    },
  };
}
