// Plotly charts of the lesson panels, in the page's look (views/plot-common.js): theme colours,
// large type, one colour per cell. A chart div follows its box when the panel resizes.
import { html } from "../dom.js";
import { plotly } from "../plotly.js";
import {
  CELL_COLORS,
  CONFIG,
  axis,
  baseLayout,
  followSize,
  logAxis,
  logSafe,
  plot,
  steps,
  themeColors,
} from "../views/plot-common.js";

export { CELL_COLORS, axis, logAxis, logSafe, steps, themeColors };

export function chartDiv(parent, id, cls = "") {
  const div = html("div", { class: `lesson-chart ${cls}`.trim(), id }, parent);
  followSize(div);
  return div;
}

// plot() (Plotly.react) with the page's layout and config, no mode bar; `title` is our own text
// (Plotly may read <br> in it).
// Plotly loads after the first paint (plotly.js): until then a chart is drawn once it is there.
export function draw(div, data, title, extra = {}) {
  if (!window.Plotly)
    return void plotly().then(
      () => draw(div, data, title, extra),
      () => {},
    );
  const layout = baseLayout(title, { margin: { l: 64, r: 12, t: title ? 56 : 16, b: 40 }, ...extra });
  plot(div, data, layout, { ...CONFIG, displayModeBar: false });
  div.dataset.drawn = String(Number(div.dataset.drawn || 0) + 1);
}

export function purge(div) {
  if (div && window.Plotly) Plotly.purge(div);
}

// The y values of each trace of a chart (what a log axis spans).
export const ys = (data) => data.map((d) => d.y);

// A line over the steps 1..T.
export const line = (y, name, color, extra = {}) => ({
  x: steps(y.length),
  y,
  name,
  mode: "lines+markers",
  line: { color, width: 3 },
  marker: { size: 7 },
  ...extra,
});

// A trace's training loss: the total loss before each optimisation step and after the last.
export const trainLoss = (trace, name, color, extra = {}) => ({
  x: trace.train.loss.map((_, i) => i),
  y: trace.train.loss,
  name,
  mode: "lines",
  line: { color, width: 4 },
  ...extra,
});
