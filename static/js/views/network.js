// View: the unrolled network, one SVG column per time step.
//
// update(data) with data = {
//   trace,            one trace (docs/trace-format.md)
//   pos,              the shared time cursor (timeline.js); when absent, from step and phase
//   step, phase,      selected step (1-based, 0 = last), "fwd" or "bwd"
//   unit,             selected hidden unit (1-based)
//   grad,             "last" (arrows show ||dL_T/dh_t||) or "total" (||dL/dh_t||)
//   range,            {lo, hi} log10 range of gradient norms shared by all compared cells
//   present,          presentation mode (its size on screen changes: diagram.css), rebuilds
//   lang }            re-labels on change
// On a phone (phone.js) the columns are narrower (network-layout.js): the network is drawn
// anew when the window becomes or stops being a phone's.
// Emits: state:patch {step, unit} on click, tip:show / tip:hide on hover.
// A new language or mode rebuilds the SVG, and so does a new trace of another shape; one of the
// same shape is drawn over the last (redraw); the cursor only touches attributes, once a frame.
// A network wider than its box scrolls sideways: it opens with the selected step in sight (the
// last one unless the link picked another), follows it as it moves, and its row labels stay
// pinned at the left.
// A large network draws each row of value squares as one image and each step's bars and one-hot
// boxes as one path (network-layout.js RASTER_ABOVE): hover and click then find the unit or
// token from the pointer's position.
import { emit } from "../bus.js";
import { clear, patch, svg } from "../dom.js";
import { t } from "../i18n.js";
import { PHONE } from "../phone.js";
import "./stage-strings.js";
import { gradStroke } from "../scale.js";
import { backwardReveal, forwardReveal, posOf } from "../timeline.js";
import { describe } from "../tips.js";
import { drawColumn } from "./network-column.js";
import { layout } from "./network-layout.js";
import { cellAt, pickUnit } from "./network-parts.js";
import { lessonHolds, onFreed, showSideways } from "./net-scroll.js";
import { blockAt } from "./network-sprite.js";

const AT_ONCE = 64; // a network of up to this many steps is drawn in one task, whole
const FIRST_COLUMNS = 12; // a longer one: about a screen of columns around the selected step
const CHUNK_COLUMNS = 16; // then this many a task

export function createNetwork(root) {
  const el = svg("svg", { class: "network", role: "img" }, root);
  const pin = createPin(root, el);
  let built = null; // {trace, cols, fwd, bwd, byUnit, grids, selection, L, slots, todo, view, ready}
  let last = {};

  // The data of an element and of its ancestors, nearest first (see network-parts.js); over an
  // element standing for many values, the index under the pointer (null between them), and
  // `spot`, which value that is (hovering within one value stays quiet). A step's image of
  // squares (network-sprite.js) names the row and unit under the pointer, or what lies under it.
  function dataOf(node, event) {
    if (node._blocks) {
      const p = pointOf(event);
      const hit = blockAt(node, p.x, p.y);
      if (hit) return { ...dataOf(hit.block.group), j: hit.j, spot: `${node._blocks.indexOf(hit.block)}/${hit.j}` };
      const below = document.elementsFromPoint(event.clientX, event.clientY).find((n) => n !== node && el.contains(n));
      const d = below && below !== el ? dataOf(below, event) : {};
      return { ...d, spot: d.kind ? `under/${d.kind}/${d.t}/${d.l}/${d.spot}` : "" };
    }
    const data = {};
    for (let n = node; n && n !== el; n = n.parentNode) {
      for (const [key, value] of Object.entries(n.dataset || {})) if (!(key in data)) data[key] = value;
    }
    if (node._cells) {
      const p = pointOf(event);
      data[node._cells.key] = cellAt(node._cells, p.x, p.y);
      data.spot = `${data[node._cells.key]}`;
    }
    return data;
  }
  onFreed(() => built && bringIn(built.selection, true)); // a lesson scene let go of the scroll
  // a phone turned, a window narrowed: drawn anew (a network of a pane since replaced is left be)
  PHONE.addEventListener("change", () => last.data && el.isConnected && api.update(last.data));
  const pointOf = (event) => new DOMPoint(event.clientX, event.clientY).matrixTransform(el.getScreenCTM().inverse());

  el.addEventListener("click", (event) => {
    const d = dataOf(event.target, event);
    if (d.t === undefined || !built) return;
    const patch = { step: Number(d.t) + 1 };
    if (d.j !== undefined && d.j !== null && d.kind !== "x" && d.kind !== "e") patch.unit = Number(d.j) + 1;
    emit("state:patch", { patch });
  });
  let hovered = null; // over an element of many values: [element, spot], so that moving within one value is quiet
  function hover(event) {
    if (!built) return;
    const d = dataOf(event.target, event);
    if (d.spot !== undefined) {
      if (hovered?.[0] === event.target && hovered[1] === d.spot) return;
      hovered = [event.target, d.spot];
      if (d.spot === "null" || d.spot === "") return emit("tip:hide");
    } else if (event.type === "mousemove") return;
    else hovered = null;
    const lines = d.kind ? describe(built.trace, d) : null;
    if (lines) emit("tip:show", { x: event.clientX, y: event.clientY, lines });
    else if (d.spot !== undefined) emit("tip:hide");
  }
  el.addEventListener("mouseover", hover);
  el.addEventListener("mousemove", hover);
  el.addEventListener("mouseleave", () => {
    hovered = null;
    emit("tip:hide");
  });

  // Columns nearest the selected step first. A long network (more than AT_ONCE steps) builds
  // FIRST_COLUMNS at once and the rest CHUNK_COLUMNS a task, so no task holds the page for the
  // whole of it (T = 256 in compare mode: 768 columns); ready() resolves once every column is
  // there. Up to AT_ONCE steps every column is drawn at once: in the frame of the rest of the view.
  function build(trace, focus, L) {
    if (built) {
      // a newer trace: the older one's remaining columns are not drawn
      clearTimeout(built.job);
      built.done();
    }
    clear(el);
    L.defs = svg("defs", {}, el); // the sprites' gap masks (network-sprite.js)
    el.setAttribute("viewBox", `0 0 ${L.width} ${L.height}`);
    el.dataset.steps = String(L.T);
    el.setAttribute("aria-label", t("net.aria", { cell: t(`cell.${L.cell}`), T: L.T }));
    el.style.setProperty("--natural-width", `${L.width}px`);
    el.style.setProperty("--natural-height", `${L.height}px`);
    el.dataset.labels = String(L.x0); // the row labels' width: what the pinned copy covers (net-scroll.js)
    const rowLabels = svg("g", { class: "rowlabels" }, el);
    for (const [key, y, args] of L.labels) svg("text", { x: 8, y, class: "rowlabel" }, rowLabels, t(key, args));
    pin.set(L, rowLabels);
    const under = svg("g", { class: "under" }, el);
    const selection = svg("rect", { class: "selection", y: 2, width: L.colW, height: L.height - 4, rx: 10 }, under);
    const belts = svg("g", { class: "belts" }, el); // the belt's arrows, under the belt itself
    if (L.cell === "lstm") {
      const over = svg("g", { class: "belts" }, el);
      trace.layers.forEach((_, l) => {
        const y = L.y.layers[l].belt;
        svg("rect", { x: L.x0 + 4, y, width: L.T * L.colW - 8, height: L.geo.height + 12, rx: 6, class: "belt" }, over);
      });
    }
    // one group a step, in order, filled in any order: the drawing order stays the steps'
    const slots = Array.from({ length: L.T }, () => svg("g", { class: "step" }, el));
    const s = Math.min(Math.max(focus, 0), L.T - 1);
    const todo = slots.map((_, i) => i).sort((a, b) => Math.abs(a - s) - Math.abs(b - s) || a - b);
    // byUnit: [unit j] -> its rects (SVG squares); grids: raster images, each with a pick outline
    const out = { cols: [], fwd: [], bwd: [], byUnit: [], grids: [], belts };
    built = { trace, ...out, selection, L, slots, todo, view: null, job: null, done: null };
    built.ready = new Promise((resolve) => (built.done = resolve));
    fill(L.T > AT_ONCE ? FIRST_COLUMNS : L.T);
  }

  // An answer of the same shape as the one shown (the same layout: a keystroke that keeps the
  // text's length, another seed, a training) is drawn over it (dom.js patch): each column keeps
  // its elements, and only the values that differ are set. The row labels, the belts, the
  // selection, the scroll position and the picked unit's outlines stay as they are.
  function redraw(trace, focus, L) {
    L.defs = built.L.defs;
    L.masks = built.L.masks;
    const s = Math.min(Math.max(focus, 0), L.T - 1);
    const order = built.slots.map((_, i) => i).sort((a, b) => Math.abs(a - s) - Math.abs(b - s) || a - b);
    const out = { cols: [], fwd: [], bwd: [], byUnit: [], grids: [], belts: built.belts };
    built = { ...built, trace, ...out, L, todo: [], view: null, unit: undefined };
    patch([...built.slots, built.belts], () => {
      for (const i of order) drawColumn(built.slots[i], trace, i, L, last.grad, built);
    });
  }
  const shapeOf = (L) => JSON.stringify([L.T, L.H, L.cell, L.colW, L.width, L.height, L.raster, L.geo, L.eGeo, L.y]);

  function fill(n) {
    const b = built;
    const grids = b.grids.length;
    for (const i of b.todo.splice(0, n)) drawColumn(b.slots[i], b.trace, i, b.L, last.grad, b);
    if (b.view) {
      // columns drawn after the last update: give them its cursor and unit
      moveCursor(b.view.pos, b.view.range);
      for (const grid of b.grids.slice(grids)) pickUnit(grid, b.unit - 1);
    }
    if (b.todo.length) {
      el.setAttribute("aria-busy", "true");
      b.job = setTimeout(() => b === built && fill(CHUNK_COLUMNS), 0);
    } else {
      el.removeAttribute("aria-busy");
      b.done();
    }
  }

  // Every column now (an export cannot wait).
  function finish() {
    if (!built?.todo.length) return;
    clearTimeout(built.job);
    fill(built.todo.length);
  }

  // Called every animation frame: touch only what changed (a column or two), so the browser
  // repaints a small region instead of thousands of squares.
  function set(node, name, value) {
    if (node[`_${name}`] === value) return;
    node[`_${name}`] = value;
    node.setAttribute(name, value);
  }

  function moveCursor(pos, range) {
    const T = built.L.T;
    built.cols.forEach(({ col }, i) => {
      set(col, "opacity", (0.12 + 0.88 * forwardReveal(pos, i)).toFixed(2)); // cols is sparse while drawing
    });
    for (const { i, g } of built.fwd) set(g, "opacity", (0.15 + 0.85 * forwardReveal(pos, i)).toFixed(2));
    for (const { i, group, norm } of built.bwd) {
      const reveal = backwardReveal(pos, i, T);
      const s = gradStroke(norm, range);
      set(group, "opacity", (s.opacity * reveal).toFixed(2));
      set(group, "stroke-width", s.width.toFixed(2));
      set(group, "class", `${group._base} ${s.broken ? "broken" : ""} ${reveal === 0 ? "hidden" : ""}`.trim());
    }
  }

  function select(step, unit) {
    const T = built.L.T;
    const s = Math.min(step === 0 ? T : step, T) - 1;
    const x = String(built.L.x0 + s * built.L.colW);
    if (built.selection._x !== x) {
      // the selected step is in sight when the view opens (at once) and as it moves (smoothly),
      // unless a lesson scene shows its highlights (net-scroll.js)
      const opening = built.selection._x === undefined;
      set(built.selection, "x", x);
      const node = built.selection;
      requestAnimationFrame(() => setTimeout(() => bringIn(node, !opening), 0)); // after paint: no forced layout
    }
    if (built.unit === unit) return;
    built.unit = unit;
    built.byUnit.forEach((rects, j) => {
      for (const r of rects) r.classList.toggle("picked", j === unit - 1);
    });
    for (const grid of built.grids) pickUnit(grid, unit - 1);
  }

  const api = {
    el,
    update(data) {
      const present = Boolean(data.present);
      const phone = PHONE.matches;
      const T = data.trace.targets.length;
      const same =
        built && data.lang === last.lang && present === last.present && phone === last.phone && !built.todo.length;
      last.data = data;
      if (!built || data.trace !== built.trace || data.grad !== last.grad || !same) {
        last = { ...last, lang: data.lang, grad: data.grad, present, phone };
        const L = layout(data.trace, phone);
        // the columns in sight first: those around the selected step (step 0: the last)
        const focus = Math.min(data.step === 0 ? T : data.step, T) - 1;
        if (same && L.T <= AT_ONCE && shapeOf(L) === shapeOf(built.L)) redraw(data.trace, focus, L);
        else build(data.trace, focus, L);
      }
      const pos = data.pos ?? posOf(data.step, data.phase, T);
      built.view = { pos, range: data.range };
      moveCursor(pos, data.range);
      select(data.step, data.unit);
    },
    ready: () => built?.ready ?? Promise.resolve(),
    finish,
  };
  return api;
}

// Scroll a long network sideways so the selected column is in sight, right of the pinned row
// labels (net-scroll.js).
function bringIn(node, smooth) {
  const wrap = node.ownerSVGElement?.parentElement;
  if (!wrap || !node.isConnected || lessonHolds()) return;
  showSideways(wrap, [node.getBoundingClientRect()], { smooth });
}

// The row labels of a network wider than its box, pinned at the left edge while it scrolls: a
// copy of the SVG's own labels (which an export keeps) over the columns passing under them,
// shown only while the network is scrolled.
function createPin(wrap, network) {
  const el = svg("svg", { class: "netlabels", "aria-hidden": "true", hidden: true }, wrap);
  let L = null;
  function place() {
    const left = wrap.scrollLeft;
    el.toggleAttribute("hidden", !L || left < 1);
    if (el.hasAttribute("hidden")) return;
    const box = network.getBoundingClientRect();
    const scale = box.height / L.height;
    el.style.top = `${box.top - wrap.getBoundingClientRect().top}px`;
    el.style.width = `${L.x0 * scale}px`;
    el.style.height = `${L.height * scale}px`;
    el.style.transform = `translateX(${left}px)`;
  }
  wrap.addEventListener("scroll", place, { passive: true });
  return {
    set(layout, labels) {
      L = layout;
      el.setAttribute("viewBox", `0 0 ${L.x0} ${L.height}`);
      el.replaceChildren(
        svg("rect", { width: L.x0, height: L.height, class: "pinbg" }),
        svg("line", { x1: L.x0 - 0.5, x2: L.x0 - 0.5, y1: 0, y2: L.height, class: "pinedge" }),
        labels.cloneNode(true),
      );
      // after the next paint: reading scrollLeft now would lay out the whole new network (and in
      // compare mode the previous ones) in the middle of building it
      requestAnimationFrame(() => setTimeout(place, 0));
    },
  };
}
