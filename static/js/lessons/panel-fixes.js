// Scene 12 panel: the fixes for vanishing gradients, each as the API computes it. In time: the
// decay ‖∂L_T/∂h_t‖ of four RNNs on the page's text (tanh and ReLU with PyTorch's init, ReLU
// with the identity init, the IRNN, and tanh with an orthogonal W_hh), each one's ratio
// ‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖ and a button that shows it on the page. In depth: what reaches each
// of three stacked layers at the last step, without and with residual connections.
//
// update({state, traces}).
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { chartDiv, draw, axis, line, logAxis, logSafe, ys } from "./plots.js";
import { lt } from "./text.js";
import { memo, note, num, table } from "./widgets.js";

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

export function createFixes(root) {
  const row = html("div", { class: "lesson-pair" }, root);
  const time = chartDiv(row, "lesson-fixes-time");
  const depth = chartDiv(row, "lesson-fixes-depth");
  const ratios = html("div", { class: "lesson-fixes-table" }, root);
  const status = note(root);
  const rounds = guard();
  const changed = memo();

  const one = (state) =>
    apiRequest({
      ...state,
      cell: "rnn",
      layers: 1,
      residual: false,
      w_hh_sigma: null,
      spectral_radius: null,
      train_steps: 0,
    });

  async function render(state) {
    const round = rounds.next();
    const urls = SETUPS.map((s) => one({ ...state, ...s.patch }));
    const deep = DEPTH.map((d) =>
      apiRequest({
        ...state,
        cell: "rnn",
        layers: LAYERS,
        residual: d.residual,
        activation: "tanh",
        init: "pytorch",
        train_steps: 0,
      }),
    );
    time.dataset.api = urls.join(" ");
    depth.dataset.api = deep.join(" ");
    status.show("lesson.loading");
    const got = await Promise.all([...urls, ...deep].map(getJSON));
    if (!rounds.current(round)) return;
    const failed = got.find((g) => g.error);
    if (failed) return status.show("lesson.error", { msg: failed.error });
    status.show(null);
    const traces = got.slice(0, SETUPS.length);
    const stacks = got.slice(SETUPS.length);
    const decays = traces.map((tr) => tr.layers[0].grad.dLlast_dh);
    const data = SETUPS.map((s, k) =>
      line(logSafe(decays[k]), lt(`fix.${s.key}`), s.color, { line: { color: s.color, width: 4 } }),
    );
    const T = decays[0].length;
    draw(time, data, lt("fix.time"), { xaxis: axis("", { range: [0.5, T + 0.5] }), yaxis: logAxis(ys(data)) });
    // at the last step, what reaches layer 1 (bottom) .. layer 3 (top)
    const reach = stacks.map((tr) => tr.layers.map((l) => l.grad.dLlast_dh[T - 1]));
    const layers = Array.from({ length: LAYERS }, (_, k) => k + 1);
    const bars = DEPTH.map((d, k) => ({
      x: layers,
      y: reach[k],
      name: lt(`fix.${d.key}`),
      mode: "lines+markers",
      line: { color: d.color, width: 4 },
      marker: { size: 12 },
    }));
    draw(depth, bars, lt("fix.depth"), {
      xaxis: axis("", { dtick: 1, range: [0.7, LAYERS + 0.3] }),
      yaxis: logAxis(ys(bars)),
    });
    ratios.replaceChildren();
    const current = (s) => state.activation === s.patch.activation && state.init === s.patch.init && state.layers === 1;
    const rows = SETUPS.map((s, k) => [
      lt(`fix.${s.key}`),
      (td) => num(td, decays[k][0] / decays[k][T - 1], `ratio.${s.key}`),
      (td) => {
        const b = html(
          "button",
          { type: "button", "data-setup": s.key, "aria-pressed": String(current(s)) },
          td,
          lt("fix.show"),
        );
        b.addEventListener("click", () => emit("state:patch", { patch: { ...s.patch, layers: 1, residual: false } }));
      },
    ]);
    for (const [k, d] of DEPTH.entries()) {
      rows.push([
        lt("fix.layers", { what: lt(`fix.${d.key}`) }),
        (td) => num(td, reach[k][0] / reach[k][LAYERS - 1], `depth.${d.key}`),
        "",
      ]);
    }
    table(ratios, [lt("fix.setup"), lt("fix.ratio"), ""], rows, "fixes");
  }

  return {
    update({ state, traces }) {
      if (!traces) return;
      const next = [
        state.text,
        state.hidden,
        state.seed,
        state.activation,
        state.init,
        state.layers,
        state.lang,
        state.theme,
      ];
      if (changed(next)) render(state);
    },
  };
}
