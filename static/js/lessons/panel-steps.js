// Scene 15 panel: BPTT as a sum over steps. From the page's trace (first layer): each step's
// share of ∂L/∂W_ih and ∂L/∂W_hh (grad.dW_ih_t, grad.dW_hh_t, the norms of d_t x_tᵀ and
// d_t h_{t−1}ᵀ), ‖∂L/∂W_hh‖ of the whole gradient (param_grad_norms) next to the sum of the
// shares' norms, and each gate's ‖∂L/∂(pre-activation)‖ per step (grad.gates).
//
// A panel spec (lessons/panels.js): the page's trace alone, no request of its own.
import { html } from "../dom.js";
import { rename } from "../notation.js";
import { axis, chartDiv, draw, logAxis, logSafe, steps as stepAxis, ys } from "./plots.js";
import { t } from "../i18n.js";
import { fill } from "./widgets.js";

const GATE_COLORS = {
  a: "#0072B2",
  i: "#009E73",
  f: "#E69F00",
  g: "#56B4E9",
  o: "#CC79A7",
  r: "#D55E00",
  z: "#009E73",
  n: "#56B4E9",
};
const norm = (row) => Math.hypot(...row);

export const steps = {
  trace: true,
  watch: ["lang", "theme", "notation"],
  create(root) {
    const row = html("div", { class: "lesson-pair" }, root);
    const shares = chartDiv(row, "lesson-steps-shares");
    const gates = chartDiv(row, "lesson-steps-gates");
    const sum = html("p", { class: "lesson-steps-sum" }, root);
    return { draw: ({ trace }) => render(trace, { shares, gates, sum }) };
  },
};

function render(trace, { shares, gates, sum }) {
  const g = trace.layers[0].grad;
  const T = g.dW_hh_t.length;
  const x = stepAxis(T);
  const wih = rename("W_ih");
  const whh = rename("W_hh");
  const data = [
    { x, y: g.dW_ih_t, name: t("steps.share", { w: wih }), type: "bar", marker: { color: "#0072B2" } },
    { x, y: g.dW_hh_t, name: t("steps.share", { w: whh }), type: "bar", marker: { color: "#D55E00" } },
  ];
  draw(shares, data, t("steps.title"), { barmode: "group", xaxis: axis("", { dtick: 1 }), yaxis: axis("") });
  const lines = Object.entries(g.gates).map(([name, rows]) => ({
    x,
    y: logSafe(rows.map(norm)),
    name: t(`steps.gate.${name}`),
    mode: "lines+markers",
    line: { color: GATE_COLORS[name], width: 4 },
    marker: { size: 7 },
  }));
  draw(gates, lines, t("steps.gates"), { xaxis: axis("", { dtick: 1 }), yaxis: logAxis(ys(lines)) });
  sum.replaceChildren();
  fill(sum, t("steps.sum", { w: whh }), {
    whole: [trace.param_grad_norms.before.weight_hh_l0, "whole"],
    parts: [g.dW_hh_t.reduce((a, b) => a + b, 0), "parts"],
    T: [T, "T"],
  });
}
