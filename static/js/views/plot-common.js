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
    accent: css.getPropertyValue("--cursor").trim() || "#7b2cbf",
  };
}

export function baseLayout(title, extra = {}) {
  const c = themeColors();
  return {
    title: { text: title, font: { size: 17, color: c.ink }, x: 0.01, xanchor: "left" },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { size: 15, color: c.ink },
    margin: { l: 70, r: 16, t: 44, b: 96 },
    legend: { orientation: "h", y: -0.28, yanchor: "top", x: 0, bgcolor: "rgba(0,0,0,0)" },
    hoverlabel: { font: { size: 15 } },
    ...extra,
  };
}

export function axis(title, extra = {}) {
  const c = themeColors();
  return { title: { text: title }, gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.muted, ...extra };
}

// A vertical line at step x (1-based) from the bottom to the top of the plot area.
export function cursorShape(x) {
  const c = themeColors();
  return { type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color: c.accent, width: 3 } };
}

// Values for a log axis: zeros and overflowed values become gaps.
export const logSafe = (values) => values.map((v) => (v === null || !(v > 0) || !Number.isFinite(v) ? null : v));

export const steps = (T) => Array.from({ length: T }, (_, i) => i + 1);
