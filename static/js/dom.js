// DOM helpers. Text reaches the page only through textContent and setAttribute:
// no innerHTML anywhere, so user text can never become markup.

const SVG_NS = "http://www.w3.org/2000/svg";
const MATHML_NS = "http://www.w3.org/1998/Math/MathML";

function build(ns, tag, attrs, parent, text) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (parent) parent.appendChild(node);
  return node;
}

export const svg = (tag, attrs, parent, text) => build(SVG_NS, tag, attrs, parent, text);
export const html = (tag, attrs, parent, text) => build(null, tag, attrs, parent, text);
export const math = (tag, attrs, parent, text) => build(MATHML_NS, tag, attrs, parent, text);

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// A token as shown on screen: blanks made visible (a space token would otherwise vanish).
const BLANKS = { " ": "␣", "\n": "⏎", "\t": "⇥" };
export function shown(token) {
  return [...String(token)].map((ch) => BLANKS[ch] ?? ch).join("");
}

// Numbers as a lecturer reads them aloud: 3 significant digits, exponent for tiny/huge values.
export function fmt(value, digits = 3) {
  if (value === null || value === undefined) return "—";
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

// Is `el` shown and within `margin` px of the window (above or below)? Reads layout: call it
// where the layout is clean (after a paint), as IntersectionObserver's answer comes later.
export function nearWindow(el, margin = 300) {
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top < innerHeight + margin && r.bottom > -margin;
}
