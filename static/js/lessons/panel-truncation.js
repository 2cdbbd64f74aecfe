// Scene 7 panel: a slider for the truncation window k (the page's `truncate`), the decay
// ‖∂L_T/∂h_t‖ of full BPTT (a second trace without truncation) and of the page's truncated
// trace, with the cut (grad.truncated_at) marked, and which steps the last loss still reaches.
// This is the window rule (`truncate_mode=window`); a link above them opens the chunk rule's scene.
// A panel spec (lessons/panels.js).
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { sceneLink, sceneState } from "./link.js";
import { CELL_COLORS, axis, chartDiv, draw, line, logAxis, logSafe, ys } from "./plots.js";
import { SCENES } from "./scenes.js";
import { fill, singleCell, slider } from "./widgets.js";

const CHUNKS = SCENES.findIndex((scene) => scene.panel === "chunks") + 1; // the chunk rule's scene

export const truncation = {
  trace: true,
  watch: ["lang", "theme"],
  requests: (state) => ({ full: apiRequest({ ...state, cell: singleCell(state), truncate: null }) }),
  create(root) {
    // which rule this is comes first: on a phone too it is on screen when the scene opens
    const chunks = html("a", { id: "lesson-trunc-chunks", class: "trunc-chunks" }, html("p", {}, root));
    const controls = html("div", { class: "lesson-row" }, root);
    const k = slider(controls, "lesson-k", "truncate", [1, 10, 1], () => t("trunc.k"));
    const off = html("button", { type: "button", id: "lesson-k-off" }, controls);
    off.addEventListener("click", () => emit("state:patch", { patch: { truncate: null } }));
    const reach = html("p", { class: "trunc-reach" }, root);
    const chart = chartDiv(root, "lesson-trunc");
    let now = null;
    chunks.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      emit("state:patch", { patch: sceneState(CHUNKS, now) });
    });
    return {
      sync(state, trace) {
        now = state;
        chunks.textContent = t("trunc.chunks", { n: CHUNKS });
        chunks.href = sceneLink(CHUNKS, state);
        k.input.max = String(trace ? trace.targets.length : 10);
        k.set(state.truncate ?? Number(k.input.max));
        off.textContent = t("trunc.off");
        off.setAttribute("aria-pressed", String(state.truncate === null));
      },
      draw({ state, trace, data: { full } }) {
        const g = trace.layers[0].grad;
        const T = g.dLlast_dh.length;
        const cut = g.truncated_at;
        reach.replaceChildren();
        if (cut === null) fill(reach, t("trunc.all"), { T: [T, "T"] });
        else fill(reach, t("trunc.reach"), { from: [cut + 2, "from"], T: [T, "T"], to: [cut + 1, "to"] });
        const color = CELL_COLORS[singleCell(state)];
        const data = [
          line(logSafe(full.layers[0].grad.dLlast_dh), t("trunc.full"), "#888", {
            line: { color: "#888", width: 3, dash: "dot" },
          }),
        ];
        const shapes = [];
        if (cut !== null) {
          data.push(
            line(logSafe(g.dLlast_dh), t("trunc.cut", { k: trace.request.truncate }), color, {
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
      },
    };
  },
};
