// Scene 11 panel: a stacked network (the page's trace with layers > 1): the hidden state of
// every layer as a heatmap over the steps, and ‖∂L_T/∂h_t‖ of every layer on one chart.
//
// update({state, traces}).
import { html } from "../dom.js";
import { PLOTLY_DIVERGING } from "../scale.js";
import { chartDiv, draw, axis, line, logAxis, ys, logSafe, steps } from "./plots.js";
import { lt } from "./text.js";
import { onTrace } from "./widgets.js";

const LAYER_COLORS = ["#56B4E9", "#0072B2", "#000000"];
const transpose = (rows) => rows[0].map((_, j) => rows.map((row) => row[j]));

export function createStacked(root) {
  const maps = html("div", { class: "stacked-maps" }, root);
  const decay = chartDiv(root, "lesson-stacked-decay", "short");
  let divs = [];

  function render(trace) {
    const L = trace.layers.length;
    if (divs.length !== L) {
      maps.replaceChildren();
      divs = trace.layers.map((_, l) => chartDiv(maps, `lesson-layer-${l + 1}`, "map"));
    }
    const T = trace.targets.length;
    // top layer first, as the network draws it
    trace.layers.forEach((layer, l) => {
      const z = transpose(layer.h);
      const map = {
        type: "heatmap",
        z,
        x: steps(T),
        y: steps(z.length),
        zmin: -1,
        zmax: 1,
        colorscale: PLOTLY_DIVERGING,
        showscale: false,
        xgap: 1,
        ygap: 1,
        hovertemplate: "t=%{x}, j=%{y}: %{z:.3f}<extra></extra>",
      };
      draw(divs[L - 1 - l], [map], `h · ${lt("stk.layer", { n: l + 1 })}`, {
        xaxis: axis("", { dtick: 1 }),
        yaxis: axis("", { autorange: "reversed" }),
        margin: { l: 30, r: 6, t: 40, b: 28 },
      });
    });
    const lines = trace.layers.map((layer, l) =>
      line(logSafe(layer.grad.dLlast_dh), lt("stk.layer", { n: l + 1 }), LAYER_COLORS[l], {
        line: { color: LAYER_COLORS[l], width: 4 },
      }),
    );
    draw(decay, lines, lt("stk.decay"), {
      xaxis: axis("", { dtick: 1 }),
      yaxis: logAxis(ys(lines)),
      legend: { orientation: "v", x: 1.02, y: 1 },
    });
  }

  return {
    update: onTrace(["lang", "theme"], (_state, trace) => {
      render(trace);
    }),
  };
}
