// Scene 7 panel: a slider for the truncation window k (the page's `truncate`), the decay
// ‖∂L_T/∂h_t‖ of full BPTT (a second trace without truncation) and of the page's truncated
// trace, with the cut (grad.truncated_at) marked, and which steps the last loss still reaches.
//
// update({state, traces}).
import { html } from "../dom.js";
import { emit } from "../bus.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { CELL_COLORS, chartDiv, draw, axis, line, logAxis, ys, logSafe } from "./plots.js";
import { lt } from "./text.js";
import { fill, memo, note, singleCell, slider } from "./widgets.js";

export function createTruncation(root) {
  const controls = html("div", { class: "lesson-row" }, root);
  const k = slider(controls, {
    id: "lesson-k",
    name: "truncate",
    min: 1,
    max: 10,
    step: 1,
    label: () => lt("trunc.k"),
  });
  const off = html("button", { type: "button", id: "lesson-k-off" }, controls);
  off.addEventListener("click", () => emit("state:patch", { patch: { truncate: null } }));
  const reach = html("p", { class: "trunc-reach" }, root);
  const chart = chartDiv(root, "lesson-trunc");
  const status = note(root);
  const rounds = guard();
  const changed = memo();

  async function render(state, trace) {
    const round = rounds.next();
    const cell = singleCell(state);
    const url = apiRequest({ ...state, cell, truncate: null });
    chart.dataset.api = url;
    const full = await getJSON(url);
    if (!rounds.current(round)) return;
    if (full.error) return status.show("lesson.error", { msg: full.error });
    status.show(null);
    const g = trace.layers[0].grad;
    const T = g.dLlast_dh.length;
    const cut = g.truncated_at;
    reach.replaceChildren();
    if (cut === null) fill(reach, lt("trunc.all"), { T: [T, "T"] });
    else fill(reach, lt("trunc.reach"), { from: [cut + 2, "from"], T: [T, "T"], to: [cut + 1, "to"] });
    const color = CELL_COLORS[cell];
    const data = [
      line(logSafe(full.layers[0].grad.dLlast_dh), lt("trunc.full"), "#888", {
        line: { color: "#888", width: 3, dash: "dot" },
      }),
    ];
    const shapes = [];
    if (cut !== null) {
      data.push(
        line(logSafe(g.dLlast_dh), lt("trunc.cut", { k: trace.request.truncate }), color, {
          line: { color, width: 5 },
        }),
      );
      shapes.push({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: cut + 1.5,
        x1: cut + 1.5,
        y0: 0,
        y1: 1,
        line: { color: "#c2185b", width: 3, dash: "dash" },
      });
    }
    draw(chart, data, "‖∂L_T/∂h_t‖", {
      xaxis: axis("", { dtick: 1, range: [0.5, T + 0.5] }),
      yaxis: logAxis(ys(data)),
      shapes,
    });
  }

  return {
    update({ state, traces }) {
      const trace = traces?.[singleCell(state)];
      k.input.max = String(trace ? trace.targets.length : 10);
      k.set(state.truncate ?? Number(k.input.max));
      off.textContent = lt("trunc.off");
      off.setAttribute("aria-pressed", String(state.truncate === null));
      if (!trace) return;
      const next = [trace, state.lang, state.theme];
      if (!changed(next)) return;
      render(state, trace);
    },
  };
}
