// Scene 10 panel: the long-term dependency experiment (/api/v1/recall), trained live for the
// three cells (asked at once) with the page's seed: accuracy and ‖∂L/∂h₁‖/‖∂L/∂h_T‖ before
// and after training, and the accuracy curves against chance. Whatever the run gives is shown.
//
// update({state}): only the seed matters.
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { getJSON, guard, query } from "./load.js";
import { CELL_COLORS, chartDiv, draw, axis } from "./plots.js";
import { lt } from "./text.js";
import { fill, memo, note, num } from "./widgets.js";

// The lesson's experiment (issue 5): N = 40 distractors, 300 steps; gate biases for the gated cells.
// As core/recall_lesson.py declares it (tested equal): the server computes the runs of the seeds
// the box offers (SEEDS) once, before anyone asks, and keeps them (server/warm.py).
export const SEEDS = { min: 0, max: 9 };
export const SETUP = { n_distract: 40, steps: 300, batch: 32, hidden: 32, lr: 0.01 };
export const RUNS = [{ cell: "rnn" }, { cell: "lstm", forget_bias: 5 }, { cell: "gru", update_bias: 2 }];

export const recallUrl = (run, seed) => query("/api/v1/recall", { ...run, ...SETUP, seed });

export function createRecall(root) {
  const top = html("div", { class: "lesson-row" }, root);
  const seedLabel = html("label", { class: "lesson-slider" }, top);
  const seedName = html("span", { class: "lesson-slider-name" }, seedLabel);
  const seed = html("input", { type: "number", id: "lesson-seed", ...SEEDS, step: 1, class: "lesson-seed" }, seedLabel);
  seed.addEventListener("change", () => {
    const value = Number(seed.value);
    if (Number.isInteger(value) && value >= 0) emit("state:patch", { patch: { seed: value } });
  });
  const setup = html("p", { class: "lesson-hint" }, top);
  const t = html("table", { class: "lesson-table recall" }, root);
  const chart = chartDiv(root, "lesson-recall-curve", "short");
  const status = note(root);
  const rounds = guard();
  const changed = memo();

  function header() {
    t.replaceChildren();
    const r = html("tr", {}, html("thead", {}, t));
    for (const key of ["rec.cell", "rec.init", "rec.acc", "rec.ratio"])
      html("th", { scope: "col" }, r, lt(key, { steps: SETUP.steps }));
    return html("tbody", {}, t);
  }

  const init = (run) => {
    if (run.forget_bias != null) return `b_f = ${run.forget_bias}`;
    if (run.update_bias != null) return `b_z = ${run.update_bias}`;
    return lt("rec.pytorch");
  };

  async function run(seedValue) {
    const round = rounds.next();
    const body = header();
    const urls = RUNS.map((r) => recallUrl(r, seedValue));
    root.dataset.api = JSON.stringify(urls);
    const rows = RUNS.map((r) => {
      const tr = html("tr", { "data-cell": r.cell }, body);
      html("th", { scope: "row" }, tr, r.cell.toUpperCase());
      html("td", {}, tr, init(r));
      const cells = [0, 1].map(() => html("td", { class: "change" }, tr));
      cells[0].textContent = "…";
      return { tr, cells };
    });
    // all three asked at once: the server trains them in its recall lane(s) and answers each
    const done = [];
    status.show("lesson.training");
    for (const row of rows) row.tr.classList.add("running");
    const answers = urls.map(async (url, k) => {
      const r = await getJSON(url);
      if (!rounds.current(round)) return false;
      rows[k].tr.classList.remove("running");
      if (r.error) {
        status.show("lesson.error", { msg: r.error });
        return false;
      }
      showRow(rows[k], r);
      done[k] = r;
      drawCurves(done.filter(Boolean));
      return true;
    });
    const ok = await Promise.all(answers);
    if (!rounds.current(round) || !ok.every(Boolean)) return;
    status.show(null);
    root.dataset.done = String(seedValue);
  }

  function showRow(row, r) {
    row.tr.children[1].textContent = init(r.request);
    const [acc, ratio] = row.cells;
    for (const c of row.cells) c.replaceChildren();
    num(acc, r.start.accuracy, `${r.cell}.acc.start`);
    acc.append(" → ");
    num(acc, r.end.accuracy, `${r.cell}.acc.end`).classList.toggle("solved", r.end.accuracy > 2 * r.chance);
    num(ratio, r.start.grad_ratio, `${r.cell}.ratio.start`);
    ratio.append(" → ");
    num(ratio, r.end.grad_ratio, `${r.cell}.ratio.end`);
    setup.replaceChildren();
    fill(setup, lt("rec.setup"), {
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
      name: lt("rec.chance"),
      mode: "lines",
      line: { color: "#888", width: 2, dash: "dash" },
    });
    draw(chart, data, lt("rec.curve", { steps: last }), { xaxis: axis(""), yaxis: axis("", { range: [0, 1.05] }) });
  }

  return {
    update({ state }) {
      seedName.textContent = lt("rec.seed");
      if (document.activeElement !== seed) seed.value = String(state.seed);
      const next = [state.seed, state.lang, state.theme];
      if (!changed(next)) return;
      run(state.seed);
    },
  };
}
