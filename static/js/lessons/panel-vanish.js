// Scene 5 panel: sigmoid′ and tanh′ (/api/v1/activations) with their maxima; a slider for the
// largest singular value of W_hh (the page's `w_hh_sigma`, 0.5..3); and from the page's RNN
// trace the measured decay ‖∂L_T/∂h_t‖ with the bound (γ·σ_max)^(T−t) drawn over it, γ, σ_max,
// their product and both curves' ratio between step 1 and step T.
//
// update({state, traces}).
import { html } from "../dom.js";
import { getJSON } from "./load.js";
import { CELL_COLORS, chartDiv, draw, axis, line, logAxis, logSafe, ys } from "./plots.js";
import { lt } from "./text.js";
import { fill, note, slider } from "./widgets.js";

const SHOWN = { sigmoid: "#CC79A7", tanh: "#0072B2" };

export function createVanish(root) {
  const sigma = slider(root, {
    id: "lesson-sigma",
    name: "w_hh_sigma",
    min: 0.5,
    max: 3,
    step: 0.25,
    label: () => lt("van.sigma"),
  });
  const row = html("div", { class: "lesson-pair" }, root);
  const acts = chartDiv(row, "lesson-activations");
  const decay = chartDiv(row, "lesson-decay");
  const facts = html("p", { class: "vanish-facts" }, root);
  const ratios = html("p", { class: "vanish-facts" }, root);
  const status = note(root);
  let curves = null;
  let keys = {};
  let last = null;

  function drawActivations() {
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
      text: lt("van.max", { v: curves.functions[name].max_derivative }),
      showarrow: true,
      arrowhead: 0,
      ax: name === "tanh" ? 64 : -64,
      ay: -14,
      arrowcolor: color,
      arrowwidth: 2,
      font: { size: 17 }, // text in the theme's ink
    }));
    draw(acts, data, lt("van.title"), {
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
      line(logSafe(g.dLlast_dh), lt("van.measured"), color, { line: { color, width: 4 } }),
      line(logSafe(f.bound), `${lt("van.bound")} (γσ)^(T−t)`, color, {
        mode: "lines",
        line: { color, width: 3, dash: "dash" },
      }),
    ];
    draw(decay, data, "‖∂L_T/∂h_t‖", { xaxis: axis("", { range: [0.5, T + 0.5] }), yaxis: logAxis(ys(data)) });
    facts.replaceChildren();
    fill(facts, lt("van.facts"), {
      gamma: [f.gamma, "gamma"],
      sigma: [f.sigma_max, "sigma_max"],
      product: [f.gamma * f.sigma_max, "product"],
    });
    ratios.replaceChildren();
    fill(ratios, lt("van.ratios"), {
      measured: [g.dLlast_dh[0] / g.dLlast_dh[T - 1], "ratio.measured"],
      bound: [f.bound[0] / f.bound[T - 1], "ratio.bound"],
    });
  }

  async function load() {
    acts.dataset.api = "/api/v1/activations";
    const body = await getJSON("/api/v1/activations");
    if (body.error) return status.show("lesson.error", { msg: body.error });
    curves = body;
    if (last) panel.update(last);
  }

  const panel = {
    update(ctx) {
      last = ctx;
      const { state, traces } = ctx;
      sigma.set(state.w_hh_sigma ?? 1);
      const look = [state.lang, state.theme].join();
      if (curves && keys.acts !== look) {
        keys.acts = look;
        drawActivations();
      }
      const trace = traces?.rnn;
      if (trace?.layers.at(-1).grad.factor.bound && (keys.trace !== trace || keys.look !== look)) {
        keys = { ...keys, trace, look };
        drawDecay(trace);
      }
    },
  };
  load();
  return panel;
}
