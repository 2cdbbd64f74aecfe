// Colours of the tasks page's values: a state unit in [-1, 1] on a blue-white-orange scale (the
// same in both themes), and a gradient's share on one hue.
export function stateColor(v) {
  const x = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const a = Math.abs(x);
  const [r, g, b] = x >= 0 ? [217, 95, 2] : [31, 95, 191];
  const mix = (c) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

// Numbers as the room reads them: 3 significant digits, small ones as 1.2×10⁻⁴.
const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
export function fmt(x) {
  if (x == null || !Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1000) return String(Math.round(x));
  if (a < 1e-3) {
    const [m, e] = x.toExponential(1).split("e");
    return `${m}×10${[...String(Number(e))].map((c) => SUP[c]).join("")}`;
  }
  const s = x.toPrecision(3);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
