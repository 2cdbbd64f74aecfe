// Scene 15 panel: BPTT as a sum over steps. From the page's trace (first layer): each step's
// share of ∂L/∂W_ih and ∂L/∂W_hh (grad.dW_ih_t, grad.dW_hh_t, the norms of d_t x_tᵀ and
// d_t h_{t−1}ᵀ), ‖∂L/∂W_hh‖ of the whole gradient (param_grad_norms) next to the sum of the
// shares' norms, and each gate's ‖∂L/∂(pre-activation)‖ per step (grad.gates).
//
// update({state, traces}).
import { html } from "../dom.js";
import { rename } from "../notation.js";
import { chartDiv, draw, axis, logAxis, logSafe, steps, ys } from "./plots.js";
import { lt } from "./text.js";
import { fill, onTrace } from "./widgets.js";

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

export function createSteps(root) {
  const row = html("div", { class: "lesson-pair" }, root);
  const shares = chartDiv(row, "lesson-steps-shares");
  const gates = chartDiv(row, "lesson-steps-gates");
  const sum = html("p", { class: "lesson-steps-sum" }, root);

  function render(trace) {
    const g = trace.layers[0].grad;
    const T = g.dW_hh_t.length;
    const x = steps(T);
    const wih = rename("W_ih");
    const whh = rename("W_hh");
    const data = [
      { x, y: g.dW_ih_t, name: lt("steps.share", { w: wih }), type: "bar", marker: { color: "#0072B2" } },
      { x, y: g.dW_hh_t, name: lt("steps.share", { w: whh }), type: "bar", marker: { color: "#D55E00" } },
    ];
    draw(shares, data, lt("steps.title"), { barmode: "group", xaxis: axis("", { dtick: 1 }), yaxis: axis("") });
    const lines = Object.entries(g.gates).map(([name, rows]) => ({
      x,
      y: logSafe(rows.map(norm)),
      name: lt(`steps.gate.${name}`),
      mode: "lines+markers",
      line: { color: GATE_COLORS[name], width: 4 },
      marker: { size: 7 },
    }));
    draw(gates, lines, lt("steps.gates"), { xaxis: axis("", { dtick: 1 }), yaxis: logAxis(ys(lines)) });
    sum.replaceChildren();
    fill(sum, lt("steps.sum", { w: whh }), {
      whole: [trace.param_grad_norms.before.weight_hh_l0, "whole"],
      parts: [g.dW_hh_t.reduce((a, b) => a + b, 0), "parts"],
      T: [T, "T"],
    });
  }

  return {
    update: onTrace(["lang", "theme", "notation"], (_state, trace) => {
      render(trace);
    }),
  };
}
