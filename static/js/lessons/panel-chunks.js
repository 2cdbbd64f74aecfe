// Scene 14 panel: two ways to truncate BPTT, and what each costs. Buttons pick the page's
// `truncate_mode` (window: each loss walks back k steps; chunk: the text cut into chunks of k
// steps with h.detach() between them), a slider its k. A table of the cell steps each backward
// pass walked (the trace's backward_steps.total) for full BPTT, the window and the chunks; a
// chart of how many steps back each loss L_s reaches under each rule (core/bptt.py's: the
// window min(s, k); a chunk (s − 1) mod k + 1, the chunks' borders dashed). The window walks
// its bars one by one, the chunks walk each step once for all their losses together: the table.
//
// A panel spec (lessons/panels.js).
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { chartDiv, draw, axis } from "./plots.js";
import { choices, num, singleCell, slider, table } from "./widgets.js";

const MODES = [
  { key: "full", patch: { truncate: null } },
  { key: "window", patch: { truncate_mode: "window" }, color: "#0072B2" },
  { key: "chunk", patch: { truncate_mode: "chunk" }, color: "#D55E00" },
];

// how many steps back the gradient of loss L_s (s = 1..T) reaches under each rule
export const REACH = {
  window: (s, k) => Math.min(s, k),
  chunk: (s, k) => ((s - 1) % k) + 1,
};

const kOf = (state) => state.truncate ?? 4;

export const chunks = {
  trace: true,
  watch: ["lang", "theme"],
  requests: (state) => ({
    modes: MODES.map((m) => apiRequest({ ...state, cell: singleCell(state), truncate: kOf(state), ...m.patch })),
  }),
  create(root) {
    const controls = html("div", { class: "lesson-row" }, root);
    const mode = choices(controls, {
      id: "lesson-mode",
      name: "truncate_mode",
      values: ["window", "chunk"],
      label: () => t("chk.mode"),
      format: (v) => t(`chk.mode.${v}`),
    });
    const k = slider(controls, "lesson-chunk-k", "truncate", [1, 10, 1], () => t("chk.k"));
    const row = html("div", { class: "lesson-pair wide-first" }, root);
    const chart = chartDiv(row, "lesson-chunks");
    const cost = html("div", { class: "lesson-chunk-cost" }, row);
    return {
      sync(state, trace) {
        k.input.max = String(trace ? trace.targets.length : 10);
        k.set(kOf(state));
        mode.set(state.truncate_mode);
      },
      draw: ({ state, data }) => render(kOf(state), data.modes, { chart, cost }),
    };
  },
};

// the reach of each loss under each rule (chart) and the steps each backward pass walked (table)
function render(kk, got, { chart, cost }) {
  const T = got[0].targets.length;
  const x = Array.from({ length: T }, (_, s) => s + 1);
  const data = MODES.slice(1).map((m) => ({
    x,
    y: x.map((s) => REACH[m.key](s, kk)),
    name: t(`chk.${m.key}`, { k: kk }),
    type: "bar",
    marker: { color: m.color },
  }));
  const shapes = [];
  for (let b = kk; b < T; b += kk) {
    shapes.push({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: b + 0.5,
      x1: b + 0.5,
      y0: 0,
      y1: 1,
      line: { color: "#D55E00", width: 2, dash: "dash" },
    });
  }
  draw(chart, data, t("chk.reach"), {
    barmode: "group",
    xaxis: axis("", { dtick: 2, range: [0.5, T + 0.5] }),
    yaxis: axis("", { dtick: 1 }),
    shapes,
  });
  cost.replaceChildren();
  const walked = got[0].backward_steps.total;
  table(
    cost,
    [t("chk.how"), t("chk.walked"), t("chk.vs")],
    MODES.map((m, i) => [
      t(`chk.${m.key}`, { k: kk }),
      (td) => num(td, got[i].backward_steps.total, `walked.${m.key}`),
      (td) => num(td, got[i].backward_steps.total / walked, `vs.${m.key}`),
    ]),
    "chunks",
  );
}
