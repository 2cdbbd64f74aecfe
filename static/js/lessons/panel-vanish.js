// Scene 5 panel: sigmoid′ and tanh′ (/api/v1/activations) with their maxima; a slider for the
// largest singular value of W_hh (the page's `w_hh_sigma`, 0.5..3); and from the page's RNN
// trace the measured decay ‖∂L_T/∂h_t‖ with the bound (γ·σ_max)^(T−t) drawn over it, γ, σ_max,
// their product and both curves' ratio between step 1 and step T. A panel spec
// (lessons/panels.js): the activations are drawn without the trace, the decay once an RNN's is there.
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { CELL_COLORS, axis, chartDiv, draw, line, logAxis, logSafe, ys } from "./plots.js";
import { fill, named, slider } from "./widgets.js";

const SHOWN = { sigmoid: "#CC79A7", tanh: "#0072B2" };

export const vanish = {
  watch: ["lang", "theme", "notation"],
  pick: (_state, traces) => traces?.rnn ?? null, // the bound is the RNN's
  requests: () => ({ curves: "/api/v1/activations" }),
  create(root) {
    const sigma = slider(root, "lesson-sigma", "w_hh_sigma", [0.5, 3, 0.25], () => named(t("van.sigma")));
    const row = html("div", { class: "lesson-pair" }, root);
    const acts = chartDiv(row, "lesson-activations");
    const decay = chartDiv(row, "lesson-decay");
    const facts = html("p", { class: "vanish-facts" }, root);
    const ratios = html("p", { class: "vanish-facts" }, root);

    function drawActivations(curves) {
      const data = Object.entries(SHOWN).map(([name, color]) => ({
        x: curves.x,
        y: curves.functions[name].derivative,
        name: `${name}′(x)`,
        mode: "lines",
        line: { color, width: 4 },
      }));
      const annotations = Object.entries(SHOWN).map(([name, color]) => ({
        x: 0,
        y: curves.functions[name].max_derivative,
        text: t("van.max", { v: curves.functions[name].max_derivative }),
        showarrow: true,
        arrowhead: 0,
        ax: name === "tanh" ? 64 : -64,
        ay: -14,
        arrowcolor: color,
        arrowwidth: 2,
        font: { size: 17 }, // text in the theme's ink
      }));
      draw(acts, data, t("van.title"), {
        xaxis: axis("", { range: [-6, 6] }),
        yaxis: axis("", { range: [0, 1.12] }),
        annotations,
      });
    }

    function drawDecay(trace) {
      const g = trace.layers[trace.layers.length - 1].grad;
      const f = g.factor;
      const T = g.dLlast_dh.length;
      const color = CELL_COLORS.rnn;
      const data = [
        line(logSafe(g.dLlast_dh), t("van.measured"), color, { line: { color, width: 4 } }),
        line(logSafe(f.bound), `${t("van.bound")} (γσ)^(T−t)`, color, {
          mode: "lines",
          line: { color, width: 3, dash: "dash" },
        }),
      ];
      draw(decay, data, "‖∂L_T/∂h_t‖", { xaxis: axis("", { range: [0.5, T + 0.5] }), yaxis: logAxis(ys(data)) });
      facts.replaceChildren();
      fill(facts, t("van.facts"), {
        gamma: [f.gamma, "gamma"],
        sigma: [f.sigma_max, "sigma_max"],
        product: [f.gamma * f.sigma_max, "product"],
      });
      ratios.replaceChildren();
      fill(ratios, t("van.ratios"), {
        measured: [g.dLlast_dh[0] / g.dLlast_dh[T - 1], "ratio.measured"],
        bound: [f.bound[0] / f.bound[T - 1], "ratio.bound"],
      });
    }

    return {
      sync(state) {
        sigma.set(state.w_hh_sigma ?? 1);
      },
      draw({ trace, data }) {
        drawActivations(data.curves);
        if (trace?.layers.at(-1).grad.factor.bound) drawDecay(trace);
      },
    };
  },
};
