// DOM helpers. Text reaches the page only through textContent and setAttribute:
// no innerHTML anywhere, so user text can never become markup.

const SVG_NS = "http://www.w3.org/2000/svg";
const MATHML_NS = "http://www.w3.org/1998/Math/MathML";
const HTML_NS = "http://www.w3.org/1999/xhtml";

function build(ns, tag, attrs, parent, text) {
  const kept = patching && parent && parent._next !== undefined ? reuse(parent, ns, tag) : null;
  if (kept) return sync(kept, attrs, text);
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  node._attrs = attrs || {}; // as asked for: what a patch compares with (the callers pass new objects)
  for (const key in attrs) if (isSet(attrs[key])) node.setAttribute(key, String(attrs[key]));
  if (text !== undefined && text !== null) node.textContent = node._text = String(text);
  if (parent) parent.insertBefore(node, parent._next ?? null); // before what is left to reuse
  return node;
}
const isSet = (value) => value !== null && value !== undefined && value !== false;

// Drawing over what is drawn: patch(roots, draw) runs draw(), in which svg()/html() under the
// roots take the next child of their parent when it has the same tag, instead of creating one,
// and set only the attributes and text that differ from those they set last time; what draw()
// no longer asks for is removed at the end. The code that draws from nothing thus also updates
// a view in place (an answer of the same shape changes values, not elements: no new elements to
// create, style and lay out, and no attribute set to the value it has). Attributes that other
// code changes later (a class, an opacity) are left as that code set them.
let patching = null; // the parents whose children are being reused

export function patch(roots, draw) {
  const outer = patching;
  patching = [];
  for (const root of roots) arm(root);
  try {
    draw();
  } finally {
    for (const node of patching) {
      while (node._next) {
        const left = node._next;
        node._next = left.nextSibling;
        left.remove();
      }
      node._next = undefined;
    }
    patching = outer;
  }
}

function arm(node) {
  node._next = node.firstChild;
  patching.push(node);
}

function reuse(parent, ns, tag) {
  const next = parent._next;
  if (!next || next.localName !== tag || next.namespaceURI !== (ns || HTML_NS) || !next._attrs) return null;
  parent._next = next.nextSibling;
  return next;
}

function sync(node, attrs = {}, text = undefined) {
  const had = node._attrs;
  for (const key in attrs) {
    const value = attrs[key];
    if (!isSet(value)) {
      if (isSet(had[key])) node.removeAttribute(key);
    } else if (value !== had[key] && String(value) !== String(had[key])) {
      node.setAttribute(key, String(value));
      node[`_${key}`] = undefined; // a cache of the attribute's value kept by others (network.js set)
    }
  }
  for (const key in had) if (!(key in attrs) && isSet(had[key])) node.removeAttribute(key);
  node._attrs = attrs;
  const words = text === undefined || text === null ? undefined : String(text);
  if (words !== undefined) {
    if (node._text !== words) node.textContent = node._text = words;
  } else {
    if (node._text !== undefined) {
      node.textContent = "";
      node._text = undefined;
    }
    arm(node); // its children are drawn next: reuse them too
  }
  return node;
}

export const svg = (tag, attrs, parent, text) => build(SVG_NS, tag, attrs, parent, text);
export const html = (tag, attrs, parent, text) => build(null, tag, attrs, parent, text);
export const math = (tag, attrs, parent, text) => build(MATHML_NS, tag, attrs, parent, text);

// Text set only when it differs (setting the same text still replaces the node's text).
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

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

// Which elements are within `margin` px of the window (above or below), as IntersectionObserver
// last reported: no layout read (getBoundingClientRect after a change would lay out the whole
// page in the middle of drawing it). `onNear(el)` runs each time an observed element comes near:
// 100 px ahead is a wheel notch's scroll, so a chart is drawn before it shows.
export function nearness(onNear, margin = 100) {
  const near = new Set();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) near.delete(e.target);
        else if (!near.has(e.target)) {
          near.add(e.target);
          onNear(e.target);
        }
      }
    },
    { rootMargin: `${margin}px 0px` },
  );
  return { observe: (el) => observer.observe(el), near: (el) => near.has(el) };
}

// Whether `el` is within `margin` px of the window once the page is next laid out: a promise
// (an IntersectionObserver's first report), with no layout forced.
export function nearSoon(el, margin = 100) {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        observer.disconnect();
        resolve(entries[entries.length - 1].isIntersecting);
      },
      { rootMargin: `${margin}px 0px` },
    );
    observer.observe(el);
  });
}
