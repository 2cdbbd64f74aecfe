// Scene 12 panel: the fixes for vanishing gradients, each as the API computes it. In time: the
// decay ‖∂L_T/∂h_t‖ of four RNNs on the page's text (tanh and ReLU with PyTorch's init, ReLU
// with the identity init, the IRNN, and tanh with an orthogonal W_hh), each one's ratio
// ‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖ and a button that shows it on the page. In depth: what reaches each
// of three stacked layers at the last step, without and with residual connections.
//
// A panel spec (lessons/panels.js): asked for once the page's own trace has come.
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { chartDiv, draw, axis, line, logAxis, logSafe, ys } from "./plots.js";
import { named, num, table } from "./widgets.js";

// Okabe-Ito colours, one per set-up
const SETUPS = [
  { key: "tanh", patch: { activation: "tanh", init: "pytorch" }, color: "#0072B2" },
  { key: "relu", patch: { activation: "relu", init: "pytorch" }, color: "#D55E00" },
  { key: "irnn", patch: { activation: "relu", init: "identity" }, color: "#009E73" },
  { key: "orth", patch: { activation: "tanh", init: "orthogonal" }, color: "#CC79A7" },
];
const DEPTH = [
  { key: "plain", residual: false, color: "#888" },
  { key: "residual", residual: true, color: "#E69F00" },
];
const LAYERS = 3;

// one layer of the page's RNN with a set-up's activation and init, untrained
const one = (state, patch) =>
  apiRequest({
    ...state,
    cell: "rnn",
    layers: 1,
    residual: false,
    w_hh_sigma: null,
    spectral_radius: null,
    train_steps: 0,
    ...patch,
  });
const deep = (state, residual) =>
  apiRequest({ ...state, cell: "rnn", layers: LAYERS, residual, activation: "tanh", init: "pytorch", train_steps: 0 });

export const fixes = {
  trace: true,
  // the buttons mark the set-up the page shows
  watch: ["activation", "init", "layers", "lang", "theme", "notation"],
  requests: (state) => ({
    time: SETUPS.map((s) => one(state, s.patch)),
    depth: DEPTH.map((d) => deep(state, d.residual)),
  }),
  create(root) {
    const row = html("div", { class: "lesson-pair" }, root);
    const time = chartDiv(row, "lesson-fixes-time");
    const depth = chartDiv(row, "lesson-fixes-depth");
    const ratios = html("div", { class: "lesson-fixes-table" }, root);
    return { draw: ({ state, data }) => render(state, data.time, data.depth, { time, depth, ratios }) };
  },
};

function render(state, traces, stacks, { time, depth, ratios }) {
  const decays = traces.map((tr) => tr.layers[0].grad.dLlast_dh);
  const data = SETUPS.map((s, k) =>
    line(logSafe(decays[k]), named(t(`fix.${s.key}`)), s.color, { line: { color: s.color, width: 4 } }),
  );
  const T = decays[0].length;
  draw(time, data, t("fix.time"), { xaxis: axis("", { range: [0.5, T + 0.5] }), yaxis: logAxis(ys(data)) });
  // at the last step, what reaches layer 1 (bottom) .. layer 3 (top)
  const reach = stacks.map((tr) => tr.layers.map((l) => l.grad.dLlast_dh[T - 1]));
  const layers = Array.from({ length: LAYERS }, (_, k) => k + 1);
  const bars = DEPTH.map((d, k) => ({
    x: layers,
    y: reach[k],
    name: t(`fix.${d.key}`),
    mode: "lines+markers",
    line: { color: d.color, width: 4 },
    marker: { size: 12 },
  }));
  draw(depth, bars, t("fix.depth"), {
    xaxis: axis("", { dtick: 1, range: [0.7, LAYERS + 0.3] }),
    yaxis: logAxis(ys(bars)),
  });
  ratios.replaceChildren();
  const current = (s) => state.activation === s.patch.activation && state.init === s.patch.init && state.layers === 1;
  const rows = SETUPS.map((s, k) => [
    named(t(`fix.${s.key}`)),
    (td) => num(td, decays[k][0] / decays[k][T - 1], `ratio.${s.key}`),
    (td) => {
      const b = html(
        "button",
        { type: "button", "data-setup": s.key, "aria-pressed": String(current(s)) },
        td,
        t("fix.show"),
      );
      b.addEventListener("click", () => emit("state:patch", { patch: { ...s.patch, layers: 1, residual: false } }));
    },
  ]);
  for (const [k, d] of DEPTH.entries()) {
    rows.push([
      t("fix.layers", { what: t(`fix.${d.key}`) }),
      (td) => num(td, reach[k][0] / reach[k][LAYERS - 1], `depth.${d.key}`),
      "",
    ]);
  }
  table(ratios, [t("fix.setup"), t("fix.ratio"), ""], rows, "fixes");
}
