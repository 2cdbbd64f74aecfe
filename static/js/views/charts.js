// View: the gradient charts (Plotly.js). The decay ||dL_T/dh_t|| on a log axis, one line per
// cell (LSTM adds ||dL_T/dc_t|| dotted, RNN its bound (gamma sigma_max)^(T-t) dashed), optionally
// normalised to the last step, with a marker where truncation cuts; the total gradient per
// step (points on a log axis); the loss curve when trained.
//
// update(data) with data = {traces: {cell: trace}, layer (1-based), cursor (1-based step),
//   norm (bool), lang, theme}; draws every plot near the window at once, in the caller's task
//   (the frame of the network), and leaves one below the fold until it comes into view, then
//   draws the latest data, once. plot() updates a plot in place (plot-common.js). The cursor
//   alone only moves an overlay.
// Emits state:patch {step} when a point is clicked, state:patch {norm} from its checkbox.
// Gaps: zeros and non-finite values are null, which Plotly leaves out of the line.
import { emit } from "../bus.js";
import { html, nearness } from "../dom.js";
import { t } from "../i18n.js";
import "./stage-strings.js";
import {
  CELL_COLORS,
  axis,
  baseLayout,
  clickToCursor,
  followSize,
  logAxis,
  logSafe,
  placeCursor,
  plot,
  steps,
} from "./plot-common.js";

export function createCharts(root) {
  const el = html("section", { class: "charts" }, root);
  const tools = html("div", { class: "chart-tools" }, el);
  const normLabel = html("label", { class: "check" }, tools);
  const normBox = html("input", { type: "checkbox", id: "in-norm" }, normLabel);
  const normText = html("span", {}, normLabel);
  normBox.addEventListener("change", () => emit("state:patch", { patch: { norm: normBox.checked } }));
  const decay = html("div", { class: "chart", id: "chart-decay" }, el);
  const total = html("div", { class: "chart", id: "chart-total" }, el);
  const loss = html("div", { class: "chart", id: "chart-loss" }, el);
  for (const div of [decay, total, loss]) followSize(div);
  let key = null;
  let cursor = null;

  function decayData(traces, l, norm) {
    const data = [];
    const shapes = [];
    const annotations = [];
    for (const [cell, trace] of Object.entries(traces)) {
      const grad = trace.layers[Math.min(l, trace.layers.length) - 1].grad;
      const T = trace.targets.length;
      const scale = (values) => {
        const ref = values[T - 1];
        return norm && ref > 0 ? values.map((v) => (v === null ? null : v / ref)) : values;
      };
      data.push({
        x: steps(T),
        y: logSafe(scale(grad.dLlast_dh)),
        name: t(`cell.${cell}`),
        meta: "decay-h",
        mode: "lines+markers",
        line: { color: CELL_COLORS[cell], width: 4 },
        marker: { size: 9 },
      });
      if (grad.dLlast_dc) {
        data.push({
          x: steps(T),
          y: logSafe(scale(grad.dLlast_dc)),
          name: `${t(`cell.${cell}`)} ‖∂L_T/∂c_t‖`,
          meta: "decay-c",
          mode: "lines",
          line: { color: CELL_COLORS[cell], width: 3, dash: "dot" },
        });
      }
      if (grad.factor.bound) {
        data.push({
          x: steps(T),
          y: logSafe(scale(grad.factor.bound)),
          name: `${t(`cell.${cell}`)} ${t("chart.bound")} (γσ)^(T−t)`,
          meta: "decay-bound",
          mode: "lines",
          line: { color: CELL_COLORS[cell], width: 2, dash: "dash" },
          opacity: 0.7,
        });
      }
      if (grad.truncated_at !== null && grad.truncated_at !== undefined) {
        const x = grad.truncated_at + 1.5;
        shapes.push({
          type: "line",
          xref: "x",
          yref: "paper",
          x0: x,
          x1: x,
          y0: 0,
          y1: 1,
          line: { color: CELL_COLORS[cell], width: 2, dash: "dash" },
        });
        annotations.push({
          x,
          y: 1,
          xref: "x",
          yref: "paper",
          text: t("chart.cut"),
          showarrow: false,
          yanchor: "bottom",
        }); // in the theme's ink: a cell colour on the dark theme is too faint
      }
    }
    return { data, shapes, annotations };
  }

  // Each plot is drawn when it is near the window: `due` holds the drawing of a plot that was
  // out of view when its data changed, done once it comes into view.
  const due = new Map();
  const watch = nearness((div) => {
    const draw = due.get(div);
    due.delete(div);
    draw?.();
  });
  for (const div of [decay, total, loss]) watch.observe(div);
  function drawWhenNear(div, draw) {
    due.delete(div);
    if (watch.near(div)) draw();
    else due.set(div, draw);
  }

  function render({ traces, layer, norm }) {
    const T = Object.values(traces)[0].targets.length;
    // no axis title: the ticks are the steps t, and the legend sits right under them
    const x = axis("", { dtick: T > 20 ? undefined : 1, range: [0.5, T + 0.5] });
    const drawDecay = () => {
      const d = decayData(traces, layer, norm);
      // titles are our own strings (never user text): Plotly may read <br> in them
      const formula = norm ? `‖∂L_T/∂h_t‖ / ‖∂L_T/∂h_T‖ (${t("chart.decay.norm")})` : "‖∂L_T/∂h_t‖";
      const title = `${t("chart.decay")}<br>${formula}`;
      plot(
        decay,
        d.data,
        baseLayout(title, {
          xaxis: x,
          yaxis: logAxis(d.data.map((line) => line.y)),
          shapes: d.shapes,
          annotations: d.annotations,
        }),
      );
      placeCursor(decay, cursor);
      clickToCursor(decay, emit);
    };
    const drawTotal = () => {
      // points, not bars: on a log axis a bar's length does not follow its value
      const points = Object.entries(traces).map(([cell, trace]) => ({
        x: steps(trace.targets.length),
        y: logSafe(trace.layers[Math.min(layer, trace.layers.length) - 1].grad.dL_dh),
        name: t(`cell.${cell}`),
        mode: "lines+markers",
        line: { color: CELL_COLORS[cell], width: 2 },
        marker: { size: 11 },
      }));
      plot(
        total,
        points,
        baseLayout(`${t("chart.total")}<br>‖∂L/∂h_t‖`, { xaxis: x, yaxis: logAxis(points.map((p) => p.y)) }),
      );
      placeCursor(total, cursor);
      clickToCursor(total, emit);
    };
    const trained = Object.entries(traces).filter(([, trace]) => trace.train);
    const drawLoss = () => {
      const lines = trained.map(([cell, trace]) => ({
        x: trace.train.loss.map((_, i) => i),
        y: trace.train.loss,
        name: t(`cell.${cell}`),
        mode: "lines",
        line: { color: CELL_COLORS[cell], width: 3 },
      }));
      plot(loss, lines, baseLayout(t("chart.loss"), { xaxis: axis(t("chart.trainstep")), yaxis: axis("") }));
    };
    drawWhenNear(decay, drawDecay);
    drawWhenNear(total, drawTotal);
    if (loss.hidden !== !trained.length) loss.hidden = !trained.length; // set on change: each set is a mutation
    if (trained.length) drawWhenNear(loss, drawLoss);
    else {
      due.delete(loss);
      if (loss.layout) Plotly.purge(loss);
    }
  }

  function moveCursor(step) {
    cursor = step;
    placeCursor(decay, step);
    placeCursor(total, step);
  }

  return {
    el,
    update(data) {
      normBox.checked = data.norm;
      normText.textContent = t("chart.norm");
      const next = [data.traces, data.layer, data.norm, data.lang, data.theme];
      if (!key || next.some((v, i) => v !== key[i])) {
        key = next;
        cursor = data.cursor;
        render(data);
      } else if (data.cursor !== cursor) moveCursor(data.cursor);
    },
  };
}
