// Shared Plotly settings for the chart views: theme colours read from CSS variables, large fonts
// for the back row, one colour per cell (Okabe-Ito, colour-blind safe), the cursor line.

export const CELL_COLORS = { rnn: "#0072B2", lstm: "#D55E00", gru: "#009E73" };

export const CONFIG = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
};

export function themeColors() {
  const css = getComputedStyle(document.body);
  return {
    ink: css.getPropertyValue("--ink").trim() || "#111",
    muted: css.getPropertyValue("--muted").trim() || "#666",
    grid: css.getPropertyValue("--grid").trim() || "#ddd",
  };
}

export function baseLayout(title, extra = {}) {
  const c = themeColors();
  return {
    title: { text: title, font: { size: 16, color: c.ink }, x: 0.01, xanchor: "left", y: 1, yref: "container", yanchor: "top", pad: { t: 26 } },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { size: 15, color: c.ink },
    margin: { l: 70, r: 16, t: 70, b: 36 }, // grows to fit the legend (margin.autoexpand)
    legend: { orientation: "h", y: -0.12, yanchor: "top", x: 0, bgcolor: "rgba(0,0,0,0)" },
    hoverlabel: { font: { size: 15 } },
    ...extra,
  };
}

export function axis(title, extra = {}) {
  const c = themeColors();
  return { title: { text: title }, gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.muted, ...extra };
}

// The shared time cursor over a plot: an overlay <div> placed from Plotly's axis mapping, so
// moving it every step costs a style change instead of a Plotly relayout. `band` covers one
// heatmap column; a line otherwise. Re-placed after every Plotly redraw (resize, zoom).
export function placeCursor(div, x, band = false) {
  div.dataset.cursor = String(x);
  if (!div.dataset.cursorHooked && div.on) {
    div.dataset.cursorHooked = "1";
    div.on("plotly_afterplot", () => placeCursor(div, Number(div.dataset.cursor), band));
  }
  const fl = div._fullLayout;
  if (!fl?.xaxis?.l2p || !fl._size) return;
  let mark = div.querySelector(":scope > .plot-cursor");
  if (!mark) {
    mark = document.createElement("div");
    mark.className = band ? "plot-cursor band" : "plot-cursor";
    div.appendChild(mark);
  }
  const ax = fl.xaxis;
  const left = fl._size.l + ax.l2p(band ? x - 0.5 : x);
  const width = band ? ax.l2p(x + 0.5) - ax.l2p(x - 0.5) : 3;
  mark.style.left = `${band ? left : left - 1.5}px`;
  mark.style.width = `${width}px`;
  mark.style.top = `${fl._size.t}px`;
  mark.style.height = `${fl._size.h}px`;
  mark.dataset.step = String(x);
}

// Plotly follows window resizes only; a panel shown or hidden beside a plot resizes it too.
const resized = new Set();
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) if (entry.target.layout) resized.add(entry.target);
  requestAnimationFrame(() => {
    for (const div of resized) Plotly.Plots.resize(div);
    resized.clear();
  });
});
export function followSize(div) {
  observer.observe(div);
}

// A click on a plot moves the shared cursor there (and picks the unit, on a heatmap).
export function clickToCursor(div, emit, withUnit = false) {
  if (div.dataset.clickHooked || !div.on) return;
  div.dataset.clickHooked = "1";
  div.on("plotly_click", (event) => {
    const point = event.points?.[0];
    if (!point) return;
    const patch = { step: Math.round(point.x) };
    if (withUnit) patch.unit = Math.round(point.y);
    emit("state:patch", { patch });
  });
}

// Values for a log axis: zeros and overflowed values become gaps.
export const logSafe = (values) => values.map((v) => (v === null || !(v > 0) || !Number.isFinite(v) ? null : v));

// A log axis: ticks at 1, 2 and 5 of each decade while the values span a few decades; past
// that Plotly's own spacing (over 256 steps a gradient can fade by 100 decades or more, and
// three labels a decade would pile up into a black smear).
export function logAxis(arrays, extra = {}) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (const v of values) {
      if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const decades = hi > 0 ? Math.log10(hi / lo) : 0;
  return axis("", { type: "log", exponentformat: "power", ...(decades <= 6 ? { dtick: "D2" } : {}), ...extra });
}

export const steps = (T) => Array.from({ length: T }, (_, i) => i + 1);

// Lets the browser handle input between two Plotly calls (each can take tens of ms), so typing
// stays responsive while charts redraw. Resolves false when a newer render has started.
export function yieldTo(job, owner) {
  return new Promise((resolve) => setTimeout(() => resolve(owner.job === job), 0));
}
