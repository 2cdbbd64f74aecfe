// Colour and width scales. Hidden and cell states use a diverging, colour-blind-safe scale fixed
// at -1..1 (ColorBrewer RdBu, blue negative, red positive) so colours mean the same on every
// trace; gates (0..1) use viridis. Gradients map to width and opacity on a log scale.

export const DIVERGING = [
  "#053061",
  "#2166ac",
  "#4393c3",
  "#92c5de",
  "#d1e5f0",
  "#f7f7f7",
  "#fddbc7",
  "#f4a582",
  "#d6604d",
  "#b2182b",
  "#67001f",
];
export const SEQUENTIAL = [
  "#440154",
  "#472d7b",
  "#3b528b",
  "#2c728e",
  "#21918c",
  "#28ae80",
  "#5ec962",
  "#addc30",
  "#fde725",
];

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const DIV_RGB = DIVERGING.map(rgb);
const SEQ_RGB = SEQUENTIAL.map(rgb);

function interpolate(stops, u) {
  const x = Math.min(1, Math.max(0, u)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
}

export const NAN_COLOR = "#9a9a9a";
const NAN_RGB = rgb(NAN_COLOR);
const css = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;

// The colour of a value as [r, g, b] (0..255): kind "div" for -1..1 (clamped), "seq" for 0..1;
// null (overflow) -> grey. For pixels drawn on a canvas (network-parts.js).
export function rgbOf(value, kind = "div") {
  if (value === null || !Number.isFinite(value)) return NAN_RGB;
  return kind === "seq" ? interpolate(SEQ_RGB, value) : interpolate(DIV_RGB, (value + 1) / 2);
}

// value in [-1, 1] (clamped) -> colour; null (overflow) -> grey
export function diverging(value) {
  return value === null || !Number.isFinite(value) ? NAN_COLOR : css(rgbOf(value, "div"));
}

// value in [0, 1] -> colour
export function sequential(value) {
  return value === null || !Number.isFinite(value) ? NAN_COLOR : css(rgbOf(value, "seq"));
}

// Text colour that stays readable on top of a fill from the scales above.
export function inkOn(value, kind = "div") {
  if (value === null || !Number.isFinite(value)) return "#000";
  if (kind === "seq") return value < 0.55 ? "#fff" : "#000";
  return Math.abs(value) > 0.6 ? "#fff" : "#000";
}

const toPlotly = (stops) => stops.map((c, i) => [i / (stops.length - 1), c]);
export const PLOTLY_DIVERGING = toPlotly(DIVERGING);
export const PLOTLY_SEQUENTIAL = toPlotly(SEQUENTIAL);

// Log range shared by every arrow on screen (all compared cells), at most `decades` wide.
export function logRange(arrays, decades = 8) {
  let hi = -Infinity;
  let lo = Infinity;
  for (const values of arrays) {
    for (const v of values || []) {
      if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
      hi = Math.max(hi, Math.log10(v));
      lo = Math.min(lo, Math.log10(v));
    }
  }
  if (!Number.isFinite(hi)) return { lo: -1, hi: 0 };
  lo = Math.max(lo, hi - decades);
  return { lo: Math.min(lo, hi - 1), hi };
}

// Gradient norm -> arrow stroke width (px in diagram units) and opacity.
export function gradStroke(norm, range) {
  if (norm === null || !Number.isFinite(norm)) return { width: 3, opacity: 1, broken: true };
  if (!(norm > 0)) return { width: 0.6, opacity: 0.15, broken: false };
  const u = Math.min(1, Math.max(0, (Math.log10(norm) - range.lo) / (range.hi - range.lo)));
  return { width: 1 + 13 * u, opacity: 0.15 + 0.85 * u, broken: false };
}
