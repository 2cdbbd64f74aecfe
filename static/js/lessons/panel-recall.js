// Scene 10 panel: the long-term dependency experiment (/api/v1/recall), trained live for the
// three cells (asked at once) with the page's seed: accuracy and ‖∂L/∂h₁‖/‖∂L/∂h_T‖ before
// and after training, and the accuracy curves against chance. Whatever the run gives is shown.
// A panel spec (lessons/panels.js), drawn as each run comes; only the seed matters.
import { query } from "../api.js";
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { CELL_COLORS, axis, chartDiv, draw } from "./plots.js";
import { fill, num } from "./widgets.js";

// The lesson's experiment (issue 5): N = 40 distractors, 300 steps; gate biases for the gated cells.
// As core/recall_lesson.py declares it (tested equal): the server computes the runs of the seeds
// the box offers (SEEDS) once, before anyone asks, and keeps them (server/warm.py).
export const SEEDS = { min: 0, max: 9 };
export const SETUP = { n_distract: 40, steps: 300, batch: 32, hidden: 32, lr: 0.01 };
export const RUNS = [{ cell: "rnn" }, { cell: "lstm", forget_bias: 5 }, { cell: "gru", update_bias: 2 }];

export const recallUrl = (run, seed) => query("/api/v1/recall", { ...run, ...SETUP, seed });

const init = (run) => {
  if (run.forget_bias != null) return `b_f = ${run.forget_bias}`;
  if (run.update_bias != null) return `b_z = ${run.update_bias}`;
  return t("rec.pytorch");
};

export const recall = {
  watch: ["lang", "theme"],
  slow: true,
  progressive: true,
  // all three asked at once: the server trains them in its recall lane(s) and answers each
  requests: (state) => ({ runs: RUNS.map((r) => recallUrl(r, state.seed)) }),
  create(root) {
    const top = html("div", { class: "lesson-row" }, root);
    const seedLabel = html("label", { class: "lesson-slider" }, top);
    const seedName = html("span", { class: "lesson-slider-name" }, seedLabel);
    const seed = html(
      "input",
      { type: "number", id: "lesson-seed", ...SEEDS, step: 1, class: "lesson-seed" },
      seedLabel,
    );
    seed.addEventListener("change", () => {
      const value = Number(seed.value);
      if (Number.isInteger(value) && value >= 0) emit("state:patch", { patch: { seed: value } });
    });
    const setup = html("p", { class: "lesson-hint" }, top);
    const el = html("table", { class: "lesson-table recall" }, root);
    const chart = chartDiv(root, "lesson-recall-curve", "short");

    function row(body, run, r) {
      const tr = html("tr", { "data-cell": run.cell, class: r ? "" : "running" }, body);
      html("th", { scope: "row" }, tr, run.cell.toUpperCase());
      html("td", {}, tr, init(r?.request ?? run));
      const [acc, ratio] = [0, 1].map(() => html("td", { class: "change" }, tr));
      if (!r) {
        acc.textContent = "…";
        return;
      }
      num(acc, r.start.accuracy, `${r.cell}.acc.start`);
      acc.append(" → ");
      num(acc, r.end.accuracy, `${r.cell}.acc.end`).classList.toggle("solved", r.end.accuracy > 2 * r.chance);
      num(ratio, r.start.grad_ratio, `${r.cell}.ratio.start`);
      ratio.append(" → ");
      num(ratio, r.end.grad_ratio, `${r.cell}.ratio.end`);
    }

    function drawSetup(r) {
      setup.replaceChildren();
      fill(setup, t("rec.setup"), {
        N: [r.request.n_distract, "N"],
        T: [r.T, "T"],
        K: [r.request.n_symbols, "K"],
        H: [r.request.hidden, "H"],
        B: [r.request.batch, "B"],
        lr: [r.request.lr, "lr"],
      });
    }

    function drawCurves(results) {
      const data = results.map((r) => ({
        x: r.curve.map((p) => p.step),
        y: r.curve.map((p) => p.accuracy),
        name: r.cell.toUpperCase(),
        mode: "lines+markers",
        line: { color: CELL_COLORS[r.cell], width: 4 },
        marker: { size: 8 },
      }));
      const chance = results[0].chance;
      const last = results[0].curve[results[0].curve.length - 1].step;
      data.push({
        x: [0, last],
        y: [chance, chance],
        name: t("rec.chance"),
        mode: "lines",
        line: { color: "#888", width: 2, dash: "dash" },
      });
      draw(chart, data, t("rec.curve", { steps: last }), { xaxis: axis(""), yaxis: axis("", { range: [0, 1.05] }) });
    }

    return {
      sync(state) {
        seedName.textContent = t("rec.seed");
        if (document.activeElement !== seed) seed.value = String(state.seed);
      },
      draw({ data: { runs } }) {
        el.replaceChildren();
        const head = html("tr", {}, html("thead", {}, el));
        for (const key of ["rec.cell", "rec.init", "rec.acc", "rec.ratio"])
          html("th", { scope: "col" }, head, t(key, { steps: SETUP.steps }));
        const body = html("tbody", {}, el);
        for (const [k, run] of RUNS.entries()) row(body, run, runs[k]);
        const done = runs.filter(Boolean);
        if (!done.length) return;
        drawSetup(done[0]);
        drawCurves(done);
      },
    };
  },
};
