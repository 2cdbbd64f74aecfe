// Scene 4 panel: the loss of every step and their sum (the page's trace), and the same model
// recomputed after 0, 10, 25, 50, 100 and the page's number of training steps: its predictions,
// right or wrong, and its total loss; beside them the loss at every training step (the page's
// trace, `train.loss`) with those models marked on it.
//
// update({state, traces}).
import { html, shown } from "../dom.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { CELL_COLORS, chartDiv, draw, axis, logAxis, ys, purge, trainLoss } from "./plots.js";
import { lt } from "./text.js";
import { note, num, onTrace, singleCell, table } from "./widgets.js";

const STAGES = [0, 10, 25, 50, 100];

export function createBptt(root) {
  const losses = html("div", { class: "lesson-losses" }, root);
  const row = html("div", { class: "bptt-row" }, root);
  const stages = html("div", { class: "lesson-stages" }, row);
  const curve = chartDiv(row, "lesson-bptt-curve");
  const status = note(root);
  const rounds = guard();

  function renderLosses(trace) {
    losses.replaceChildren();
    const head = [lt("bptt.step"), ...trace.loss.map((_, t) => String(t + 1)), lt("bptt.sum")];
    const pair = (t) => `${shown(trace.tokens[t])} → ${shown(trace.tokens[t + 1])}`;
    const rows = [
      [lt("bptt.pair"), ...trace.loss.map((_, t) => pair(t)), ""],
      [
        lt("bptt.loss"),
        ...trace.loss.map((v, t) => (td) => num(td, v, `loss.${t}`)),
        (td) => num(td, trace.total_loss, "total"),
      ],
    ];
    table(losses, head, rows, "losses");
  }

  // the whole training run, and the models of the table on it
  function drawCurve(trace, answers) {
    curve.hidden = !trace.train;
    if (!trace.train) return purge(curve);
    const color = CELL_COLORS[trace.request.cell];
    const marks = {
      x: answers.map((tr) => tr.request.train_steps),
      y: answers.map((tr) => tr.total_loss),
      name: lt("bptt.marks"),
      mode: "markers",
      marker: { color, size: 10, line: { color: "#000", width: 1 } },
    };
    const title = lt("bptt.curve", { steps: trace.train.steps });
    const data = [trainLoss(trace, lt("bptt.sum"), color), marks];
    draw(curve, data, title, { xaxis: axis(""), yaxis: logAxis(ys(data)), showlegend: false });
  }

  async function renderStages(state, trace) {
    const round = rounds.next();
    const last = Math.max(state.train_steps, 1);
    const steps = [...new Set([...STAGES.filter((n) => n < last), last])];
    const urls = steps.map((n) => apiRequest({ ...state, cell: singleCell(state), train_steps: n }));
    stages.dataset.api = JSON.stringify(urls);
    status.show("lesson.loading");
    const answers = await Promise.all(urls.map(getJSON));
    if (!rounds.current(round)) return;
    const failed = answers.find((a) => a.error);
    if (failed) return status.show("lesson.error", { msg: failed.error });
    status.show(null);
    stages.replaceChildren();
    const T = answers[0].targets.length;
    const head = [lt("bptt.after"), ...Array.from({ length: T }, (_, t) => String(t + 1)), lt("bptt.sum")];
    const rows = answers.map((tr, k) => [
      lt("bptt.steps", { n: tr.request.train_steps }),
      ...tr.predicted.map((p, t) => (td) => {
        const right = p === tr.vocab[tr.targets[t]];
        td.className = right ? "right" : "wrong";
        td.dataset.key = `pred.${k}.${t}`;
        td.textContent = `${shown(p)} ${right ? "✓" : "✗"}`;
      }),
      (td) => num(td, tr.total_loss, `stage.${k}.total`),
    ]);
    table(stages, head, rows, "stages");
    drawCurve(trace, answers);
  }

  return {
    update: onTrace(["lang"], (state, trace) => {
      renderLosses(trace);
      renderStages(state, trace);
    }),
  };
}
