// Scene 11 panel: a stacked network (the page's trace with layers > 1): the hidden state of
// every layer as a heatmap over the steps, and ‖∂L_T/∂h_t‖ of every layer on one chart.
// A panel spec (lessons/panels.js): it draws from the page's trace alone.
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { PLOTLY_DIVERGING } from "../scale.js";
import { axis, chartDiv, draw, line, logAxis, logSafe, steps, themeColors, ys } from "./plots.js";

// layers 1 and 2 in blues, the top one in the theme's ink (black, or white on the dark theme)
const layerColor = (l) => ["#56B4E9", "#0072B2"][l] ?? themeColors().ink;
const transpose = (rows) => rows[0].map((_, j) => rows.map((row) => row[j]));

export const stacked = {
  trace: true,
  watch: ["lang", "theme"],
  create(root) {
    const maps = html("div", { class: "stacked-maps" }, root);
    const decay = chartDiv(root, "lesson-stacked-decay", "short");
    let divs = [];
    return {
      draw({ trace }) {
        const L = trace.layers.length;
        if (divs.length !== L) {
          maps.replaceChildren();
          divs = trace.layers.map((_, l) => chartDiv(maps, `lesson-layer-${l + 1}`, "map"));
        }
        const T = trace.targets.length;
        // top layer first, as the network draws it
        for (const [l, layer] of trace.layers.entries()) {
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
          draw(divs[L - 1 - l], [map], `h · ${t("stk.layer", { n: l + 1 })}`, {
            xaxis: axis("", { dtick: 1 }),
            yaxis: axis("", { autorange: "reversed" }),
            margin: { l: 30, r: 6, t: 40, b: 28 },
          });
        }
        const lines = trace.layers.map((layer, l) =>
          line(logSafe(layer.grad.dLlast_dh), t("stk.layer", { n: l + 1 }), layerColor(l), {
            line: { color: layerColor(l), width: 4 },
          }),
        );
        draw(decay, lines, t("stk.decay"), {
          xaxis: axis("", { dtick: 1 }),
          yaxis: logAxis(ys(lines)),
          legend: { orientation: "v", x: 1.02, y: 1 },
        });
      },
    };
  },
};
