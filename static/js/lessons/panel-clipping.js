// Scene 6 panel: each parameter's gradient norm before and after clipping (the page's trace:
// param_grad_norms), the global norm and threshold, and two trainings of the same model for
// TRAIN_STEPS steps: with the page's clipping threshold and without any. A panel spec
// (lessons/panels.js): the norms are drawn at once, the trainings when both have come.
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { symbol } from "./panel-sharing.js";
import { axis, chartDiv, draw, logAxis, trainLoss, ys } from "./plots.js";
import { fill, singleCell } from "./widgets.js";

const TRAIN_STEPS = 100;
const BEFORE = "#D55E00";
const AFTER = "#0072B2";

function trainings(state) {
  const base = { ...state, cell: singleCell(state), train_steps: TRAIN_STEPS };
  return { withClip: apiRequest(base), without: apiRequest({ ...base, clip: null }) };
}

export const clipping = {
  trace: true,
  watch: ["lang", "theme", "notation"],
  progressive: true,
  requests: (state) => trainings(state),
  create(root) {
    const global = html("p", { class: "clip-global" }, root);
    const row = html("div", { class: "lesson-pair" }, root);
    const norms = chartDiv(row, "lesson-clip-norms");
    const curves = chartDiv(row, "lesson-clip-curves");

    function drawNorms(trace, clip) {
      const g = trace.param_grad_norms;
      const names = Object.keys(g.before);
      global.replaceChildren();
      if (clip === null) global.textContent = t("clip.none");
      else {
        fill(global, t("clip.global"), {
          before: [g.global_before, "global.before"],
          after: [g.global_after, "global.after"],
          c: [trace.request.clip, "clip"],
        });
      }
      // points on a log axis (the norms span decades; a bar's length there would not follow its
      // value), each parameter's pair joined by a line: how far clipping scaled it down
      const x = names.map(symbol);
      const before = names.map((n) => g.before[n]);
      const after = names.map((n) => g.after[n]);
      const joins = {
        x: x.flatMap((name) => [name, name, null]),
        y: before.flatMap((v, k) => [v, after[k], null]),
        mode: "lines",
        line: { color: "#888", width: 2 },
        hoverinfo: "skip",
        showlegend: false,
      };
      const data = [
        joins,
        { x, y: before, name: t("clip.before"), mode: "markers", marker: { color: BEFORE, size: 14 } },
        { x, y: after, name: t("clip.after"), mode: "markers", marker: { color: AFTER, size: 14, symbol: "diamond" } },
      ];
      draw(norms, data, t("clip.title"), { yaxis: logAxis([before, after]), xaxis: axis("") });
    }

    function drawCurves(state, withClip, without) {
      const data = [trainLoss(without, t("clip.without"), BEFORE)];
      if (state.clip !== null) data.push(trainLoss(withClip, t("clip.with", { c: withClip.request.clip }), AFTER));
      const title = t("clip.curves", {
        steps: TRAIN_STEPS,
        opt: withClip.request.optimizer.toUpperCase(),
        lr: withClip.request.lr,
      });
      draw(curves, data, title, { xaxis: axis(""), yaxis: logAxis(ys(data)) });
    }

    return {
      draw({ state, trace, data }) {
        drawNorms(trace, state.clip);
        if (data.withClip && data.without) drawCurves(state, data.withClip, data.without);
      },
    };
  },
};
