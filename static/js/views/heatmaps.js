// View: heatmaps over time (Plotly.js), units on the y axis and steps on the x axis.
// One cell: h, c (LSTM) and every gate of the selected layer. Compare: h of each cell.
// States use the fixed diverging scale -1..1, gates the 0..1 viridis scale (tanh gates -1..1).
//
// update(data) with data = {traces: {cell: trace}, layer (1-based), cursor (1-based), lang, theme};
// returns a promise settled once every heatmap is drawn (one per task).
// Emits state:patch {step, unit} when a cell of a heatmap is clicked.
// Non-finite values arrive as null and are drawn as gaps.
import { clear, html } from "../dom.js";
import { t } from "../i18n.js";
import { PLOTLY_DIVERGING, PLOTLY_SEQUENTIAL } from "../scale.js";
import { emit } from "../bus.js";
import { CONFIG, axis, baseLayout, clickToCursor, followSize, placeCursor, steps, yieldTo } from "./plot-common.js";

const transpose = (rows) => rows[0].map((_, j) => rows.map((row) => row[j]));
const TANH_GATES = new Set(["g", "n"]);

function panels(traces, layer) {
  const entries = Object.entries(traces);
  const pick = (trace) => trace.layers[Math.min(layer, trace.layers.length) - 1];
  if (entries.length > 1) {
    return entries.map(([cell, trace]) => ({ title: `${t(`cell.${cell}`)} · ${t("heat.h")}`, z: pick(trace).h, div: true, id: `h-${cell}` }));
  }
  const [cell, trace] = entries[0];
  const L = pick(trace);
  const list = [{ title: `${t(`cell.${cell}`)} · ${t("heat.h")}`, z: L.h, div: true, id: "h" }];
  if (L.c) list.push({ title: t("heat.c"), z: L.c, div: true, id: "c" });
  for (const [name, z] of Object.entries(L.gates)) {
    list.push({ title: t("heat.gate", { gate: name, name: t(`gate.${name}`) }), z, div: TANH_GATES.has(name), id: `gate-${name}` });
  }
  return list;
}

export function createHeatmaps(root) {
  const el = html("section", { class: "heatmaps" }, root);
  let key = null;
  let divs = [];
  let cursor = null;

  // Plotly.react on the divs already there is far cheaper than new plots: keep them by id.
  const owner = { job: 0 };

  async function render({ traces, layer }) {
    const job = ++owner.job;
    const list = panels(traces, layer);
    const ids = list.map((p) => p.id).join(",");
    if (ids !== divs.map((d) => d.dataset.map).join(",")) {
      for (const div of divs) Plotly.purge(div);
      clear(el);
      divs = list.map((p) => html("div", { class: "heatmap", "data-map": p.id }, el));
      divs.forEach(followSize);
    }
    for (const [k, p] of list.entries()) {
      if (k > 0 && !(await yieldTo(job, owner))) return;
      const div = divs[k];
      const T = p.z.length;
      const z = transpose(p.z);
      const trace = {
        type: "heatmap", z, x: steps(T), y: steps(z.length), zmin: p.div ? -1 : 0, zmax: 1,
        colorscale: p.div ? PLOTLY_DIVERGING : PLOTLY_SEQUENTIAL, hoverongaps: false,
        // 1-pixel gaps between cells, unless cells are too thin to spare one (T or H past 64)
        colorbar: { thickness: 12, len: 0.9 }, xgap: T > 64 ? 0 : 1, ygap: z.length > 64 ? 0 : 1,
        hovertemplate: "t=%{x}, j=%{y}: %{z:.3f}<extra></extra>",
      };
      const layout = baseLayout(p.title, {
        xaxis: axis(t("chart.step"), { dtick: T > 20 ? undefined : 1 }),
        yaxis: axis(t("heat.unit"), { autorange: "reversed" }),
        margin: { l: 56, r: 8, t: 40, b: 46 },
      });
      Plotly.react(div, [trace], layout, { ...CONFIG, displayModeBar: false });
      placeCursor(div, cursor, true);
      clickToCursor(div, emit, true);
    }
  }

  return {
    el,
    update(data) {
      const next = [data.traces, data.layer, data.lang, data.theme];
      if (!key || next.some((v, i) => v !== key[i])) {
        key = next;
        cursor = data.cursor;
        return render(data);
      } else if (data.cursor !== cursor) {
        cursor = data.cursor;
        for (const div of divs) placeCursor(div, cursor, true);
      }
      return null;
    },
  };
}
