// Shared Plotly settings for the chart views: theme colours read from CSS variables, large fonts
// for the back row, one colour per cell (Okabe-Ito, colour-blind safe), the cursor line.
import { PHONE } from "../phone.js";

export const CELL_COLORS = { rnn: "#0072B2", lstm: "#D55E00", gru: "#009E73" };

// A touch screen or a phone (app.css's phone layout): no mode bar over the plot and no drag to
// zoom, so that a swipe over a chart scrolls the page and a tap picks a step (clickToCursor).
export const TOUCH = matchMedia("(pointer: coarse)").matches || PHONE.matches;

// The mode bar's words in Korean (its button titles and the notes Plotly shows): Plotly ships
// no Korean, and the page's language is the room's.
const PLOTLY_KO = {
  "Download plot as a PNG": "그래프를 PNG로 내려받기",
  "Download plot": "그래프 내려받기",
  "Preparing image - this may take a few seconds": "그림을 만드는 중입니다. 몇 초 걸릴 수 있습니다",
  "Image download succeeded": "그림을 내려받았습니다",
  "Sorry, there was a problem downloading your image!": "그림을 내려받지 못했습니다",
  Zoom: "영역 확대",
  Pan: "이동",
  "Zoom in": "확대",
  "Zoom out": "축소",
  Autoscale: "자동 범위",
  "Reset axes": "축 되돌리기",
  "Toggle Spike Lines": "기준선 켜기/끄기",
  "Show closest data on hover": "가장 가까운 값 보기",
  "Compare data on hover": "같은 x의 값 함께 보기",
  "Double-click to zoom back out": "두 번 누르면 원래 크기로 돌아갑니다",
  "Double-click on legend to isolate one trace": "범례를 두 번 누르면 그 선만 봅니다",
};

// Every chart's config, read when a chart is drawn (`locale` follows the page's language; draw
// with plot() below, which makes a new plot when it changes).
// No "Share chart..." button: Plotly 4 offers one by default, and it uploads the chart to
// Plotly Cloud; this page works offline and sends nothing out of the room.
export const CONFIG = {
  displaylogo: false,
  responsive: true,
  showSendToCloud: false,
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  ...(TOUCH ? { displayModeBar: false } : {}),
  locales: { ko: { dictionary: PLOTLY_KO } },
  get locale() {
    return document.documentElement.lang === "ko" ? "ko" : "en";
  },
};

// Draw a chart: Plotly.react, or a new plot when the config differs from the one the div was
// drawn with (a language switch changes `locale`). Plotly.react meets a changed config with
// newPlot(...).then(() => react(the same data, layout and config)): a draw asked before that
// promise settles (lesson 10 draws as each run comes) was overwritten by the earlier data, a
// stale curve. Here the new plot is made at once and the next draw is a plain react. The div's
// listeners are kept (newPlot removes them), as Plotly.react keeps them. Returns Plotly's promise.
// In a horizontal legend each trace is a legend group of its own: a legend that needs more
// than one row then wraps its entries at their own widths (else Plotly gives every entry the
// room of the widest: a phone showed lesson 10's four entries in four rows over a sliver of a
// plot).
export function plot(div, traces, layout, config = CONFIG) {
  div._plotCalls = (div._plotCalls ?? 0) + 1;
  const call = div._plotCalls;
  const drawn = draw(div, traces, layout, config);
  return drawn.then(() => {
    if (div._plotCalls !== call) return null; // a later draw came meanwhile: its data stand
    // Plotly keeps the height it first gave a div (Plotly.react does not autosize again)
    if (keepPlotArea(div)) return draw(div, traces, { ...layout, height: div.clientHeight }, config);
    return logAxesFit(div) ? null : draw(div, traces, layout, config);
  });
}

function draw(div, traces, layout, config) {
  const flow = layout.legend?.orientation === "h";
  const data = traces.map((d, i) => (flow && d.legendgroup === undefined ? { ...d, legendgroup: `${i}` } : d));
  layout = fitLogAxes(div, layout);
  const conf = { ...config }; // `locale` read now
  const key = JSON.stringify(conf);
  const fresh = div._fullLayout && div._drawnConfig !== key;
  div._drawnConfig = key;
  if (!fresh) return Plotly.react(div, data, layout, conf);
  const listeners = (div._ev?.eventNames() ?? []).map((name) => [name, div._ev.listeners(name)]);
  const drawn = Plotly.newPlot(div, data, layout, conf);
  for (const [name, fns] of listeners) for (const fn of fns) div.on(name, fn);
  return drawn;
}

// A legend of long names takes several rows of a chart's height: lesson 12's four set-ups left
// a plot area of 89 px in a chart of 280 on a projector (69 px in 260 on a phone). A chart is
// as tall as its margins (the title, the x axis's ticks and the legend, as Plotly laid them
// out) and PLOT_LEAST px of plot area: its height in CSS, or more where the legend needs it.
// True when that changed the div's height (drawn again: the plot area and a log axis's labels
// follow it).
const PLOT_LEAST = 130;
function keepPlotArea(div) {
  const size = div._fullLayout?._size;
  if (!size) return false;
  const least = `${Math.ceil(size.t + size.b + PLOT_LEAST)}px`;
  if (div.style.minHeight === least) return false;
  const before = div.clientHeight;
  div.style.minHeight = least;
  return div.clientHeight !== before;
}

// A log axis's labels as many as its height holds (logAxis): its length as Plotly laid it out
// (the legend's rows, the ticks and the title taken), plus what the div has grown by since. A
// first draw has no layout yet: the div's height less the top margin and the x axis's ticks,
// and plot() draws again if the axis came out shorter than that (logAxesFit).
const LABEL_PX = 26; // a 15 px label and room between two
const TICKS_PX = 35;
const logAxes = (layout) => Object.keys(layout).filter((name) => /^yaxis\d*$/.test(name) && layout[name]?.[LOG_VALUES]);
function axisPx(div, name, margin) {
  const fl = div._fullLayout;
  const laid = fl?.[name]?._length;
  return laid ? laid + div.clientHeight - fl.height : div.clientHeight - (margin?.t ?? 0) - TICKS_PX;
}
function fitLogAxes(div, layout) {
  const axes = div.clientHeight ? logAxes(layout) : [];
  div._logFit = null;
  if (!axes.length) return layout;
  const fitted = { ...layout };
  for (const name of axes) {
    const most = axisPx(div, name, layout.margin) / LABEL_PX;
    fitted[name] = { ...layout[name], ...logTicks(layout[name][LOG_VALUES], most) };
  }
  div._logFit = fitted; // what logAxesFit compares with the axes as drawn
  return fitted;
}

// Whether each log axis drawn has the labels its drawn length holds.
function logAxesFit(div) {
  const layout = div._logFit;
  if (!layout || !div._fullLayout) return true;
  return logAxes(layout).every((name) => {
    const want = logTicks(layout[name][LOG_VALUES], div._fullLayout[name]._length / LABEL_PX).tickvals;
    return JSON.stringify(want) === JSON.stringify(layout[name].tickvals);
  });
}

// Read once for each theme and language (reading computed style after the page has changed
// would restyle it in the middle of drawing).
let colors = null;
export function themeColors() {
  const key = `${document.documentElement.dataset.theme}/${document.documentElement.lang}`;
  if (colors?.key !== key) colors = { key, ...readColors() };
  return colors;
}
function readColors() {
  const css = getComputedStyle(document.body);
  return {
    family: css.fontFamily, // the page's own (Korean) font, not Plotly's Open Sans
    ink: css.getPropertyValue("--ink").trim() || "#111",
    muted: css.getPropertyValue("--muted").trim() || "#666",
    grid: css.getPropertyValue("--grid").trim() || "#ddd",
  };
}

export function baseLayout(title, extra = {}) {
  const c = themeColors();
  return {
    title: {
      text: title,
      font: { size: 16, color: c.ink },
      x: 0.01,
      xanchor: "left",
      y: 1,
      yref: "container",
      yanchor: "top",
      pad: { t: 26 },
    },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { size: 15, color: c.ink, family: c.family },
    margin: { l: 70, r: 16, t: 70, b: 36 }, // grows to fit the ticks and the legend (autoexpand)
    // The legend at the chart's foot, in a band of its own under the x axis's ticks and title
    // (yref container: Plotly reserves its height below what the axis pushes, axis() automargin).
    // Placed at a fraction of the plot's height under the axis, it ran into the tick labels of
    // a short chart.
    legend: {
      orientation: "h",
      yref: "container",
      y: 0,
      yanchor: "bottom",
      x: 0,
      tracegroupgap: 0, // between rows (each trace its own group: plot() above)
      bgcolor: "rgba(0,0,0,0)",
    },
    hoverlabel: { font: { size: 15 } },
    ...(TOUCH ? { dragmode: false } : {}),
    ...extra,
  };
}

export function axis(title, extra = {}) {
  const c = themeColors();
  const look = { gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.muted };
  // automargin: the margins grow to hold the ticks and the title (and the legend goes below);
  // no title is no title text at all (Plotly would keep the room of an empty one)
  return { ...(title ? { title: { text: title } } : {}), automargin: true, ...look, ...extra };
}

// The shared time cursor over a plot: an overlay <div> placed from Plotly's axis mapping, so
// moving it every step costs a style change instead of a Plotly relayout. `band` covers one
// heatmap column; a line otherwise. Re-placed after every Plotly redraw (resize, zoom).
// Set on change only: each set is a mutation, which the page's "quiet" waits for.
export function placeCursor(div, x, band = false) {
  if (div.dataset.cursor !== String(x)) div.dataset.cursor = String(x);
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
  const placed = `${left}/${width}/${fl._size.t}/${fl._size.h}/${x}`;
  if (mark._placed === placed) return;
  mark._placed = placed;
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
    // a plot removed meanwhile (a lesson's next scene) or hidden has nothing to resize: Plotly
    // would reject ("Resize must be passed a displayed plot div element")
    for (const div of resized) if (div.isConnected && div.offsetParent !== null) Plotly.Plots.resize(div);
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

// A log axis whose every tick label reads as its own value: 0.02, 500, 2×10⁻⁴ (never a bare
// "2" or "5" between the decades, as Plotly's own minor labels are). Over less than a decade
// the ticks are a linear axis's (0.15, 0.2, 0.25); then 1, 2 and 5 of each decade up to 1.5
// decades, 1 and 3 up to 3, then powers of ten only, one in every k decades past 8 (over 256
// steps a gradient can fade by 100 decades or more, and a label a decade would pile up).
// plot() fits the labels to the chart's height: no more than one a LABEL_PX, fewer mantissas
// first, then a power of ten every k decades.
const LOG_VALUES = Symbol("the values a log axis spans"); // a symbol: Plotly and JSON skip it
export function logAxis(arrays, extra = {}) {
  const { tickvals, ticktext } = logTicks(arrays);
  return { ...axis("", { type: "log", tickvals, ticktext, ...extra }), [LOG_VALUES]: arrays };
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const superscript = (n) => [...String(n)].map((c) => SUPERSCRIPT[c]).join("");

// m·10^k as a tick label, exact for the values logTicks makes: a decimal (0.02, 500), or in
// powers of ten (2×10⁻⁴, 10⁻⁴⁰, 1.5×10⁻⁷) when `powers`, except from 1 to 999.
export function tickLabel(m, k, powers) {
  const mant = Number(m.toPrecision(3));
  if (powers && (k < 0 || k > 2)) return mant === 1 ? `10${superscript(k)}` : `${mant}×10${superscript(k)}`;
  const digits = Math.max(0, -k + (String(mant).split(".")[1]?.length ?? 0));
  return (mant * 10 ** k).toFixed(digits);
}

const range = (arrays) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (const v of values) {
      if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return [lo, hi];
};

// The ticks as [m, k] pairs (value m·10^k, 1 <= m < 10), about `most` labels over the data at
// the most (9 unless the chart is short).
function tickPairs(lo, hi, most) {
  const decades = Math.log10(hi / lo);
  if (decades < 1) {
    // a linear axis's ticks: a step of 1, 2 or 5 times a power of ten, four or five of them
    // (fewer on a short chart), one more on each side (Plotly pads the range past the data)
    // values closer than a billionth of hi are one value: a step that small would leave
    // lo / step past 2^53, where n += 1 no longer moves n (the loop below would never end)
    const spread = hi - lo > hi * 1e-9 ? hi - lo : hi;
    const raw = spread / Math.max(1, Math.min(4, Math.floor(most) - 1));
    const k = Math.floor(Math.log10(raw));
    const m = [1, 2, 5, 10].find((c) => c * 10 ** k >= raw);
    const step = m * 10 ** k;
    const pairs = [];
    for (let n = Math.floor(lo / step) - 1; n <= Math.ceil(hi / step) + 1; n += 1) {
      if (n <= 0) continue;
      const units = n * m; // the value is units·10^k
      const e = k + Math.floor(Math.log10(units));
      pairs.push([units / 10 ** Math.floor(Math.log10(units)), e]);
    }
    return pairs;
  }
  const fits = (mantissas) => mantissas.length * decades + 1 <= most; // about so many labels
  const mantissas = decades <= 1.5 && fits([1, 2, 5]) ? [1, 2, 5] : decades <= 3 && fits([1, 3]) ? [1, 3] : [1];
  const every = Math.max(1, Math.ceil(decades / Math.max(1, most - 1)));
  const pairs = [];
  for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)) + 1; k += 1) {
    if (mantissas.length > 1 || k % every === 0) for (const m of mantissas) pairs.push([m, k]);
  }
  return pairs;
}

// {tickvals, ticktext} for a log axis over these arrays of values (zeros, nulls left out), about
// `most` labels at the most. One style an axis: decimals while the values lie between 0.001 and
// 9999, else powers of ten.
export function logTicks(arrays, most = 9) {
  const [lo, hi] = range(arrays);
  if (!(hi > 0)) return { tickvals: [1], ticktext: ["1"] };
  const pairs = tickPairs(lo, hi, most);
  const powers = lo < 1e-3 || hi >= 1e4;
  return {
    tickvals: pairs.map(([m, k]) => Number(`${Number(m.toPrecision(3))}e${k}`)),
    ticktext: pairs.map(([m, k]) => tickLabel(m, k, powers)),
  };
}

export const steps = (T) => Array.from({ length: T }, (_, i) => i + 1);
