// Scene 4 panel: the loss of every step and their sum (the page's trace), and the same model
// recomputed after 0, 10, 25, 50, 100 and the page's number of training steps: its predictions,
// right or wrong, and its total loss; beside them the loss at every training step (the page's
// trace, `train.loss`) with those models marked on it. A panel spec (lessons/panels.js): the
// losses are drawn at once, the stages once every one of them has come.
import { html, shown } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { CELL_COLORS, axis, chartDiv, draw, logAxis, purge, trainLoss, ys } from "./plots.js";
import { num, singleCell, table } from "./widgets.js";

const STAGES = [0, 10, 25, 50, 100];

function stageUrls(state) {
  const last = Math.max(state.train_steps, 1);
  const steps = [...new Set([...STAGES.filter((n) => n < last), last])];
  return steps.map((n) => apiRequest({ ...state, cell: singleCell(state), train_steps: n }));
}

export const bptt = {
  trace: true,
  watch: ["lang", "theme"],
  progressive: true,
  requests: (state) => ({ stages: stageUrls(state) }),
  create(root) {
    const losses = html("div", { class: "lesson-losses" }, root);
    const row = html("div", { class: "bptt-row" }, root);
    const stages = html("div", { class: "lesson-stages" }, row);
    const curve = chartDiv(row, "lesson-bptt-curve");

    function drawLosses(trace) {
      losses.replaceChildren();
      const head = [t("bptt.step"), ...trace.loss.map((_, s) => String(s + 1)), t("bptt.sum")];
      const pair = (s) => `${shown(trace.tokens[s])} → ${shown(trace.tokens[s + 1])}`;
      const rows = [
        [t("bptt.pair"), ...trace.loss.map((_, s) => pair(s)), ""],
        [
          t("bptt.loss"),
          ...trace.loss.map((v, s) => (td) => num(td, v, `loss.${s}`)),
          (td) => num(td, trace.total_loss, "total"),
        ],
      ];
      table(losses, head, rows, "losses");
    }

    function drawStages(answers) {
      stages.replaceChildren();
      const T = answers[0].targets.length;
      const head = [t("bptt.after"), ...Array.from({ length: T }, (_, s) => String(s + 1)), t("bptt.sum")];
      const rows = answers.map((tr, k) => [
        t("bptt.steps", { n: tr.request.train_steps }),
        ...tr.predicted.map((p, s) => (td) => {
          const right = p === tr.vocab[tr.targets[s]];
          td.className = right ? "right" : "wrong";
          td.dataset.key = `pred.${k}.${s}`;
          td.textContent = `${shown(p)} ${right ? "✓" : "✗"}`;
        }),
        (td) => num(td, tr.total_loss, `stage.${k}.total`),
      ]);
      table(stages, head, rows, "stages");
    }

    // the whole training run, and the models of the table on it
    function drawCurve(trace, answers) {
      curve.hidden = !trace.train;
      if (!trace.train) return purge(curve);
      const color = CELL_COLORS[trace.request.cell];
      const marks = {
        x: answers.map((tr) => tr.request.train_steps),
        y: answers.map((tr) => tr.total_loss),
        name: t("bptt.marks"),
        mode: "markers",
        marker: { color, size: 10, line: { color: "#000", width: 1 } },
      };
      const title = t("bptt.curve", { steps: trace.train.steps });
      const data = [trainLoss(trace, t("bptt.sum"), color), marks];
      draw(curve, data, title, { xaxis: axis(""), yaxis: logAxis(ys(data)), showlegend: false });
    }

    return {
      draw({ trace, data }) {
        drawLosses(trace);
        if (!data.stages.every(Boolean)) return;
        drawStages(data.stages);
        drawCurve(trace, data.stages);
      },
    };
  },
};
