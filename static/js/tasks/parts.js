// Pieces both views of the tasks page draw: a card, a state vector as a column of coloured
// units, a gradient as a bar with its value, one unrolled step.
import { el } from "../corpus/dom.js";
import { t } from "../i18n.js";
import { fmt, stateColor } from "./colors.js";

export const card = (id, heading, ...children) =>
  el("section", { class: "tasks-card", id }, el("h2", { i18n: heading }), ...children);

export function stateColumn(h, kept = false) {
  const col = el("div", { class: `state${kept ? " kept" : ""}` });
  const size = Math.max(3, Math.min(14, Math.floor((140 - h.length) / h.length)));
  col.style.setProperty("--u", `${size}px`);
  for (const v of h) {
    const unit = el("span", { title: fmt(v) });
    unit.style.backgroundColor = stateColor(v);
    col.append(unit);
  }
  return col;
}

// The largest finite value of `values` (a bar's full height), never 0.
export const barTop = (values) => Math.max(...values.map((g) => (Number.isFinite(g) ? g : 0)), 1e-300);

// One scale for the whole batch: `rows[b]` holds row b's gradients; every row's bars are drawn
// against the largest of all of them, so the room compares rows (a short sentence post-padded
// without a mask gets bars near 0, not bars as tall as the others'). The line under the bars
// says so, with the value of a full bar and the row it comes from.
// `chosen`: the row drawn, whose own largest value the line gives as a share of a full bar (a
// row the classifier already gets right gets bars near 0: the numbers under them still read).
export function batchScale(rows, chosen) {
  const tops = rows.map((r) => barTop(r));
  const top = Math.max(...tops);
  const mine = tops[chosen] ?? top;
  const share = (100 * mine) / top;
  const line = el("p", {
    class: "t-hint t-scale",
    text: t("tasks.scale", {
      top: fmt(top),
      row: tops.indexOf(top) + 1,
      mine: fmt(mine),
      share: share >= 1 ? Math.round(share) : fmt(share),
    }),
  });
  return { top, tops, line };
}

// Row b of a table of the batch, holding `cells`: marked when it is the chosen one, picked
// (pick(b)) by a click or, once it has the keyboard's focus, by Enter or Space.
export function batchRow(b, chosen, pick, ...cells) {
  const tr = el("tr", { class: b === chosen ? "chosen" : "", "data-row": String(b), tabindex: "0" }, ...cells);
  tr.addEventListener("click", () => pick(b));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      pick(b);
    }
  });
  return tr;
}

// One row's largest gradient in a table of the batch, as a bar on the batch's scale and its value.
export function rowGrad(scale, b) {
  const bar = el("span", { class: "bar" });
  bar.style.width = `${Math.round((100 * scale.tops[b]) / scale.top)}%`;
  return el(
    "td",
    { class: "lab rowgrad" },
    el("span", { class: "track" }, bar),
    el("span", { class: "gval", text: fmt(scale.tops[b]) }),
  );
}

export function gradBar(g, top) {
  const bar = el("span", { class: "gbar" });
  bar.style.height = `${Math.round((100 * (Number.isFinite(g) ? g : 0)) / top)}%`;
  return el(
    "div",
    { class: "grad" },
    el("span", { class: "gtrack" }, bar),
    el("span", { class: "gval", text: fmt(g) }),
  );
}

// One step of an unrolled sequence: its token (and id), the state after it, the gradient.
// `back`: the backward direction's state at this step (bidirectional), drawn beside h.
export function step({ word, id, pad, h, back, kept, g, top, extra = [] }) {
  const state = back
    ? el("div", { class: "both" }, stateColumn(h, kept), stateColumn(back, kept))
    : stateColumn(h, kept);
  return el(
    "div",
    { class: `step${pad ? " pad" : ""}` },
    el("div", { class: "tok" }, el("span", { class: "w", text: word }), el("span", { class: "id", text: String(id) })),
    state,
    gradBar(g, top),
    ...extra,
  );
}
