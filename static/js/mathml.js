// A tiny TeX-like notation turned into native MathML elements (Chromium renders MathML Core).
// Enough for the cell equations: letters, numbers, operators, _sub, ^sup, {groups},
// \frac{a}{b}, \text{...}, and {{name}} slots filled from `values` (numbers, or user text that is
// only ever set as textContent); fillSlot() refills a slot in place.
//   toMath("h_t = tanh(a_t)")  ->  <math><mrow><msub><mi>h</mi><mi>t</mi></msub>...</mrow></math>
import { fmt, math } from "./dom.js";

const FUNCS = new Set(["tanh", "softmax", "log", "diag", "relu", "max", "mean"]);
const TOKEN = /\s+|\{\{\w+\}\}|\\[a-z]+|[0-9]+(?:\.[0-9]+)?|[A-Za-z]+|./gu;

function tokenize(src) {
  return (src.match(TOKEN) || []).filter((tok) => tok.trim() !== "");
}

export function toMath(src, values = {}, display = "block") {
  const tokens = tokenize(src);
  let k = 0;
  const peek = () => tokens[k];
  const next = () => tokens[k++];

  function group() {
    // a {braced group} or a single atom
    if (peek() === "{") {
      next();
      const row = math("mrow");
      while (k < tokens.length && peek() !== "}") append(row, atom());
      next();
      return row;
    }
    return atom();
  }

  function atom() {
    const tok = next();
    let node;
    if (tok.startsWith("{{")) {
      const name = tok.slice(2, -2);
      node = math(typeof values[name] === "string" ? "mtext" : "mn", { class: "live", "data-slot": name });
      fillSlot(node, values[name]);
    } else if (tok === "\\frac") {
      node = math("mfrac");
      node.append(group(), group());
    } else if (tok === "\\text") {
      const inner = [];
      next();
      while (k < tokens.length && peek() !== "}") inner.push(next());
      next();
      node = math("mtext", {}, null, inner.join(" "));
    } else if (tok === "{") {
      k -= 1;
      node = group();
    } else if (/^[0-9]/.test(tok)) {
      node = math("mn", {}, null, tok);
    } else if (FUNCS.has(tok)) {
      node = math("mi", {}, null, tok);
    } else if (/^[A-Za-z]+$/.test(tok)) {
      // several letters without a function name: one italic identifier each
      if (tok.length > 1) {
        node = math("mrow");
        for (const ch of tok) node.appendChild(math("mi", {}, null, ch));
      } else node = math("mi", {}, null, tok);
    } else if (/^[α-ωσ∂ŷ]$/u.test(tok)) {
      node = math("mi", {}, null, tok);
    } else {
      node = math("mo", {}, null, tok === "-" ? "−" : tok);
    }
    return scripts(node);
  }

  function scripts(base) {
    let sub = null;
    let sup = null;
    while (peek() === "_" || peek() === "^") {
      if (next() === "_") sub = group();
      else sup = group();
    }
    if (sub && sup) return wrap("msubsup", base, sub, sup);
    if (sub) return wrap("msub", base, sub);
    if (sup) return wrap("msup", base, sup);
    return base;
  }

  const root = math("math", { display });
  const row = math("mrow", {}, root);
  while (k < tokens.length) append(row, atom());
  return root;
}

// A slot's text: numbers formatted, text (tokens typed by the user) as it is, via textContent.
export function fillSlot(node, value) {
  const text = typeof value === "string" ? value : fmt(value);
  if (node.textContent !== text) node.textContent = text;
}

function wrap(tag, ...children) {
  const node = math(tag);
  node.append(...children);
  return node;
}

function append(row, node) {
  if (node) row.appendChild(node);
}
