// Scene 6 panel: each parameter's gradient norm before and after clipping (the page's trace:
// param_grad_norms), the global norm and threshold, and two trainings of the same model for
// TRAIN_STEPS steps: with the page's clipping threshold and without any.
//
// update({state, traces}).
import { html } from "../dom.js";
import { apiRequest } from "../state.js";
import { symbol } from "./panel-sharing.js";
import { getJSON, guard } from "./load.js";
import { chartDiv, draw, axis, logAxis, ys, trainLoss } from "./plots.js";
import { lt } from "./text.js";
import { fill, note, onTrace, singleCell } from "./widgets.js";

const TRAIN_STEPS = 100;
const BEFORE = "#D55E00";
const AFTER = "#0072B2";

export function createClipping(root) {
  const global = html("p", { class: "clip-global" }, root);
  const row = html("div", { class: "lesson-pair" }, root);
  const norms = chartDiv(row, "lesson-clip-norms");
  const curves = chartDiv(row, "lesson-clip-curves");
  const status = note(root);
  const rounds = guard();

  function drawNorms(trace, clip) {
    const g = trace.param_grad_norms;
    const names = Object.keys(g.before);
    global.replaceChildren();
    if (clip === null) global.textContent = lt("clip.none");
    else {
      fill(global, lt("clip.global"), {
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
      { x, y: before, name: lt("clip.before"), mode: "markers", marker: { color: BEFORE, size: 14 } },
      { x, y: after, name: lt("clip.after"), mode: "markers", marker: { color: AFTER, size: 14, symbol: "diamond" } },
    ];
    draw(norms, data, lt("clip.title"), { yaxis: logAxis([before, after]), xaxis: axis("") });
  }

  async function drawCurves(state) {
    const round = rounds.next();
    const base = { ...state, cell: singleCell(state), train_steps: TRAIN_STEPS };
    const urls = [apiRequest(base), apiRequest({ ...base, clip: null })];
    curves.dataset.api = JSON.stringify(urls);
    status.show("lesson.loading");
    const [withClip, without] = await Promise.all(urls.map(getJSON));
    if (!rounds.current(round)) return;
    const failed = [withClip, without].find((a) => a.error);
    if (failed) return status.show("lesson.error", { msg: failed.error });
    status.show(null);
    const data = [trainLoss(without, lt("clip.without"), BEFORE)];
    if (state.clip !== null) data.push(trainLoss(withClip, lt("clip.with", { c: withClip.request.clip }), AFTER));
    const title = lt("clip.curves", {
      steps: TRAIN_STEPS,
      opt: withClip.request.optimizer.toUpperCase(),
      lr: withClip.request.lr,
    });
    draw(curves, data, title, { xaxis: axis(""), yaxis: logAxis(ys(data)) });
  }

  return {
    update: onTrace(["lang", "theme"], (state, trace) => {
      drawNorms(trace, state.clip);
      drawCurves(state);
    }),
  };
}
