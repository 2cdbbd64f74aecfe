// Small building blocks of the lesson panels. Text goes in through textContent only.
//
// Every number a panel shows from the API is a `num(...)`: a <span class="num"> whose
// data-key names the value and data-value holds it unrounded, so a test can compare the
// figure on screen with the API's answer.
import { fmt, html } from "../dom.js";
import { emit } from "../bus.js";
import { rename } from "../notation.js";
import { diverging } from "../scale.js";
import { t } from "../i18n.js";

// Counts in full with a thousands comma (4,072), anything else to `digits` significant digits.
export const shownNumber = (value, digits = 3) =>
  Number.isInteger(value) ? value.toLocaleString("en") : fmt(value, digits);

export function num(parent, value, key, digits = 3) {
  const attrs = { class: "num", "data-key": key, "data-value": String(value), "data-digits": digits };
  return html("span", attrs, parent, shownNumber(value, digits));
}

// A value as a coloured cell of the page's fixed -1..1 scale, its number inside.
export function valueCell(parent, value, key) {
  const cell = num(parent, value, key, 2);
  cell.classList.add("vcell");
  cell.style.background = diverging(value);
  cell.style.color = Math.abs(value ?? 0) > 0.6 ? "#fff" : "#000";
  return cell;
}

// A one-hot digit: the lit one stands out.
export function digitCell(parent, value, key) {
  const cell = num(parent, value, key, 1);
  cell.classList.add("dcell");
  if (value === 1) cell.classList.add("lit");
  return cell;
}

// The loading / error line of a panel; show(null) hides it.
export function note(parent) {
  const el = html("p", { class: "lesson-note", role: "status" }, parent);
  el.hidden = true;
  return {
    el,
    show(key, args) {
      el.hidden = !key;
      el.classList.toggle("error", key === "lesson.error" || key === "lesson.offline");
      if (key) el.textContent = t(key, args);
    },
  };
}

// A labelled range input `id` writing one state property (`name`) through the bus, from min to
// max by step; label() names it in the page's language.
export function slider(parent, id, name, [min, max, step], label, format = String) {
  const wrap = html("label", { class: "lesson-slider" }, parent);
  const text = html("span", { class: "lesson-slider-name" }, wrap);
  const input = html("input", { type: "range", id, min, max, step }, wrap);
  const out = html("output", { for: id, class: "lesson-slider-value" }, wrap);
  input.addEventListener("input", () => {
    out.textContent = format(Number(input.value));
  });
  input.addEventListener("change", () => emit("state:patch", { patch: { [name]: Number(input.value) } }));
  return {
    input,
    set(value) {
      text.textContent = label();
      if (document.activeElement !== input) input.value = String(value);
      out.textContent = format(Number(input.value));
    },
  };
}

// Buttons that pick one value of a state property (aria-pressed on the current one).
export function choices(parent, { id, name, values, label, format }) {
  const wrap = html("div", { class: "lesson-choices", id, role: "group" }, parent);
  const text = html("span", { class: "lesson-slider-name" }, wrap);
  const buttons = values.map((value) => {
    const b = html("button", { type: "button", "data-value": String(value) }, wrap);
    b.addEventListener("click", () => emit("state:patch", { patch: { [name]: value } }));
    return b;
  });
  return {
    set(current) {
      text.textContent = label();
      buttons.forEach((b, k) => {
        b.textContent = format(values[k]);
        b.setAttribute("aria-pressed", String(values[k] === current));
      });
    },
  };
}

// A table: head cells (or null), then rows of cells; a cell is a string or a function(td) that fills it.
export function table(parent, head, rows, cls = "") {
  const el = html("table", { class: `lesson-table ${cls}` }, parent);
  if (head) {
    const tr = html("tr", {}, html("thead", {}, el));
    for (const h of head) html("th", { scope: "col" }, tr, h);
  }
  const body = html("tbody", {}, el);
  for (const row of rows) {
    const r = html("tr", {}, body);
    row.forEach((cell, k) => {
      const td = html(k === 0 ? "th" : "td", k === 0 ? { scope: "row" } : {}, r);
      if (typeof cell === "function") cell(td);
      else td.textContent = cell;
    });
  }
  return el;
}

// A sentence with live numbers: "accuracy {a} after {n} steps" with values {a: [value, key], ...}.
export function fill(parent, template, values) {
  template.split(/(\{\w+\})/).forEach((part) => {
    const slot = part.match(/^\{(\w+)\}$/);
    if (slot && values[slot[1]]) num(parent, ...values[slot[1]]);
    else if (part) parent.append(part);
  });
  return parent;
}

// Lesson text written in the slides' symbols (W_xh, W_hh, W_hy), in the page's notation
// (notation.js: the notes' U, W, V or PyTorch's W_ih, W_hh); `notation` the state's, else the current one.
export const named = (text, notation) => rename(text.replaceAll("W_xh", "W_ih"), notation);

// The cell a one-cell panel shows (compare mode shows the LSTM's).
export const singleCell = (state) => (state.cell === "compare" ? "lstm" : state.cell);
