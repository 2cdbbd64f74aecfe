// View: the inside of one cell at one step, for one unit j: its gates and states as labelled
// nodes wired like the lecture's diagrams (the LSTM cell state runs along the top).
// update({trace, l, t, j}) redraws; every value shown is read from the trace.
import { emit } from "../bus.js";
import { fmt, patch, svg } from "../dom.js";
import { diverging, inkOn, sequential } from "../scale.js";
import { describe } from "../tips.js";

// Per cell: nodes [id, x, y, label, value kind] and edges [from, to]. Value kinds:
// "gate:NAME" (0..1 viridis), "tgate:NAME" (tanh gate, -1..1), "h", "hp", "c", "cp", "a", op (no value).
// Edges are written as the diagram's arrows: "cp→mf f→mf" is [["cp", "mf"], ["f", "mf"]].
const wires = (arrows) => arrows.split(" ").map((arrow) => arrow.split("→"));

const SPECS = {
  lstm: {
    nodes: [
      ["cp", 55, 40, "cₜ₋₁", "cp"],
      ["mf", 165, 40, "×"],
      ["add", 300, 40, "+"],
      ["c", 455, 40, "cₜ", "c"],
      ["mig", 300, 110, "×"],
      ["tc", 455, 110, "tanh"],
      ["mo", 455, 185, "×"],
      ["f", 165, 185, "f", "gate:f"],
      ["i", 260, 185, "i", "gate:i"],
      ["g", 355, 185, "g", "tgate:g"],
      ["o", 355, 252, "o", "gate:o"],
      ["in", 60, 252, "hₜ₋₁, xₜ"],
      ["h", 455, 252, "hₜ", "h"],
    ],
    edges: wires("cp→mf f→mf mf→add i→mig g→mig mig→add add→c c→tc tc→mo o→mo mo→h in→f in→i in→g in→o"),
  },
  gru: {
    nodes: [
      ["hp", 55, 50, "hₜ₋₁", "hp"],
      ["mz", 190, 50, "×"],
      ["add", 370, 50, "+"],
      ["h", 465, 50, "hₜ", "h"],
      ["om", 285, 115, "1−"],
      ["mn", 370, 150, "×"],
      ["r", 150, 250, "r", "gate:r"],
      ["z", 240, 190, "z", "gate:z"],
      ["n", 360, 250, "n", "tgate:n"],
      ["in", 45, 200, "hₜ₋₁, xₜ"],
    ],
    edges: wires("hp→mz z→mz mz→add z→om om→mn n→mn mn→add add→h in→r in→z in→n r→n"),
  },
  rnn: {
    nodes: [
      ["hp", 60, 60, "hₜ₋₁", "hp"],
      ["in", 60, 200, "xₜ"],
      ["a", 220, 130, "aₜ", "a"],
      ["act", 340, 130, "f"],
      ["h", 460, 130, "hₜ", "h"],
    ],
    edges: wires("hp→a in→a a→act act→h"),
  },
};

function valueAt(kind, layer, t, j) {
  const at = (rows, s) => (rows && s >= 0 ? rows[s][j] : s < 0 ? 0 : null);
  if (!kind) return undefined;
  const [what, name] = kind.split(":");
  if (what === "gate" || what === "tgate") return at(layer.gates[name], t);
  if (what === "a") return at(layer.pre.a, t);
  if (what === "hp") return at(layer.h, t - 1);
  if (what === "cp") return at(layer.c, t - 1);
  return at(layer[what], t);
}

// What a node is, in the terms of tips.js (the tooltip names it and its equation).
function tipData(kind, l, t, j) {
  const [what, name] = kind.split(":");
  if (what === "gate" || what === "tgate") return { kind: "gate", gate: name, l, t, j };
  if (what === "a") return { kind: "gate", gate: "a", l, t, j };
  if (what === "hp" || what === "cp") return t > 0 ? { kind: what[0], l, t: t - 1, j } : null;
  return { kind: what, l, t, j };
}

const R = 26;
const HALF_W = 44; // value boxes are 88 x 52

// How far from a node's centre an edge along (ux, uy) meets its outline.
function reach(kind, ux, uy) {
  if (kind === "op") return R - 6;
  if (kind === "text") return Math.min(40 / Math.abs(ux || 1e-9), 12 / Math.abs(uy || 1e-9)); // the "h, x" label
  return Math.min(HALF_W / Math.abs(ux || 1e-9), R / Math.abs(uy || 1e-9));
}

// An arrow from node a's outline to node b's (pos: id -> [x, y]; kinds: id -> box, op or text).
function arrow(el, a, b, pos, kinds) {
  const [x1, y1] = pos[a];
  const [x2, y2] = pos[b];
  const d = Math.hypot(x2 - x1, y2 - y1);
  const ux = (x2 - x1) / d;
  const uy = (y2 - y1) / d;
  const from = reach(kinds[a], ux, uy);
  const to = reach(kinds[b], ux, uy);
  svg(
    "line",
    { x1: x1 + ux * from, y1: y1 + uy * from, x2: x2 - ux * (to + 4), y2: y2 - uy * (to + 4), class: "edge" },
    el,
  );
  const hx = x2 - ux * (to + 1);
  const hy = y2 - uy * (to + 1);
  const wing = (side) => `${hx - ux * 10 - side * uy * 5},${hy - uy * 10 + side * ux * 5}`;
  svg("path", { d: `M${hx},${hy} L${wing(1)} L${wing(-1)} Z`, class: "edgehead" }, el);
}

// A line of text centred on x.
function centred(group, x, y, cls, text, fill) {
  svg("text", { x, y, "text-anchor": "middle", class: cls, fill }, group, text);
}

// A value: its name over this step's number, on the value's colour (gates 0..1, the rest diverging).
function valueBox(group, x, y, label, v, seq) {
  svg(
    "rect",
    { x: x - HALF_W, y: y - R, width: 2 * HALF_W, height: 2 * R, rx: 10, fill: seq ? sequential(v) : diverging(v) },
    group,
  );
  const ink = inkOn(v, seq ? "seq" : "div");
  centred(group, x, y - 5, "nlabel", label, ink);
  centred(group, x, y + 17, "nvalue", fmt(v), ink);
}

// An operation (×, +, 1−, tanh, the RNN's activation) as a labelled circle.
function operation(group, x, y, label) {
  svg("circle", { cx: x, cy: y, r: R - 6, class: "opnode" }, group);
  centred(group, x, y + 6, "oplabel", label);
}

const WIDTH = 520; // of the viewBox

export function createCellDiagram(root) {
  const el = svg("svg", { class: "celldiagram", viewBox: `0 0 ${WIDTH} 280`, role: "img" }, root);
  // Its texts are sized on screen: never under 14 px however narrow the panel (a phone's is
  // 350 px for 520 units, compare's at 1366x768 410). --units is diagram units a screen pixel;
  // diagram.css sizes the texts in units from it. Set on a resize only.
  new ResizeObserver(([entry]) => {
    const width = entry.contentRect.width;
    if (width > 0) el.style.setProperty("--units", (WIDTH / width).toFixed(3));
  }).observe(el);
  let shown = null;
  el.addEventListener("mouseover", (event) => {
    const node = event.target.closest("[data-tip]");
    const d = node && shown && tipData(node.dataset.tip, shown.l, shown.t, shown.j);
    const lines = d && describe(shown.trace, d);
    if (lines) emit("tip:show", { x: event.clientX, y: event.clientY, lines });
  });
  el.addEventListener("mouseleave", () => emit("tip:hide"));
  return {
    el,
    update({ trace, l, t, j }) {
      shown = { trace, l, t, j };
      patch([el], () => draw(el, trace, l, t, j)); // drawn over the last: only what changed is set
    },
  };
}

function draw(el, trace, l, t, j) {
  const spec = SPECS[trace.request.cell];
  const layer = trace.layers[l];
  const pos = Object.fromEntries(spec.nodes.map(([id, x, y]) => [id, [x, y]]));
  svg("defs", {}, el);
  const kinds = Object.fromEntries(
    spec.nodes.map(([id, , , , kind]) => [id, kind ? "box" : id === "in" ? "text" : "op"]),
  );
  for (const [a, b] of spec.edges) arrow(el, a, b, pos, kinds);
  for (const [id, x, y, label, kind] of spec.nodes) {
    const group = svg("g", { class: `node ${kind ? "value" : "op"}`, "data-node": id, "data-tip": kind }, el);
    if (kind) valueBox(group, x, y, label, valueAt(kind, layer, t, j), kind.startsWith("gate"));
    else if (id === "in") centred(group, x, y + 6, "nlabel", label);
    else operation(group, x, y, label === "f" ? trace.request.activation : label);
  }
}
