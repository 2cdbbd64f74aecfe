// Drawing pieces of the unrolled network (views/network.js places them). Each function draws
// into an SVG group at (x, y) and returns what the cursor and highlight updates need.
// What a drawn value is (data-kind / data-t / data-l / data-gate / data-j) sits on the nearest
// group that knows it, not repeated on each of thousands of squares: views/network.js merges
// the data of a hovered element's ancestors to name it and its equation.
import { svg } from "../dom.js";
import { diverging, sequential } from "../scale.js";

export const SQ_PER_ROW = 16;

// Width of a text in units of its font size (CJK glyphs are about 1.7 Latin ones wide).
export function textEms(text) {
  return [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 1.7 : 1), 0) * 0.62;
}
// The geometry of a row of H value squares inside a column of width w, `most` squares a row
// (twice that past 64 units: H = 256 is 8 rows of 32, not 16 of 16). `raster` (set by
// network-layout.js for large networks) draws each row of squares as one image.
export function squareGeometry(H, w, raster = false, most = SQ_PER_ROW) {
  const perRow = H > 64 ? 2 * most : Math.min(H, most);
  const size = Math.max(4, Math.min(22, Math.floor((w - 20) / perRow)));
  const rows = Math.ceil(H / perRow);
  return { perRow, size, rows, width: perRow * size, height: rows * size, raster };
}

// A row of squares for values (length H). kind "seq" for gates (0..1), "div" otherwise (-1..1).
// Returns {group, cells: [rect per value], grid: null}; when geo.raster, the values go to the
// step's `sprite` (network-sprite.js: one image a step) and it returns {group, cells: [], grid}:
// the group stays (its data names the row under the pointer), and the grid is what pickUnit
// outlines.
export function squares(parent, values, x, y, geo, data, kind = "div", sprite = null) {
  const group = svg("g", { class: "squares", ...data }, parent);
  if (geo.raster) return { group, cells: [], grid: sprite.add(group, values, x, y, geo, kind) };
  const cells = [];
  values.forEach((v, j) => {
    const col = j % geo.perRow;
    const row = Math.floor(j / geo.perRow);
    const fill = kind === "seq" ? sequential(v) : diverging(v);
    const rect = svg(
      "rect",
      {
        x: x + col * geo.size,
        y: y + row * geo.size,
        width: geo.size - 1,
        height: geo.size - 1,
        fill,
        "data-j": j,
      },
      group,
    );
    cells.push(rect);
  });
  return { group, cells, grid: null };
}

// One element standing for many values (a path of boxes or bars) carries
// `_cells` = {x, y, w, h, perRow, n, key}: n cells of w x h from (x, y), perRow to a row.
// The index under a point (diagram units), or null outside them; views/network.js puts it in
// the hovered element's data under `key` (j for a unit, v for a vocabulary entry).
export function cellAt(cells, px, py) {
  const col = Math.floor((px - cells.x) / cells.w);
  const row = Math.floor((py - cells.y) / cells.h);
  const k = row * cells.perRow + col;
  return col >= 0 && col < cells.perRow && row >= 0 && k < cells.n ? k : null;
}

// Outline unit j of a raster grid (the SVG squares get the class `picked` instead), over the
// step's image: the outline is drawn with the image (network-sprite.js), placed here, and
// hidden for a unit the grid does not have. Set on change: every column's outline moves at once.
export function pickUnit(grid, j) {
  const at =
    j < grid.n
      ? [grid.x + (j % grid.geo.perRow) * grid.geo.size, grid.y + Math.floor(j / grid.geo.perRow) * grid.geo.size]
      : null;
  const key = at ? at.join(",") : "none";
  if (!grid.pick || grid.pick._at === key) return;
  grid.pick._at = key;
  if (!at) return grid.pick.setAttribute("visibility", "hidden");
  grid.pick.setAttribute("x", at[0]);
  grid.pick.setAttribute("y", at[1]);
  grid.pick.removeAttribute("visibility");
}

// The one-hot input vector as boxes with their digit; the lit box is filled. `compact` (large
// networks): the cold boxes are one path and their zeros one text, a few elements instead of
// 2 V. Digits only where they are 14 units or more (boxes of 20 or more).
export function oneHot(parent, vector, cx, y, maxWidth, data, compact = false) {
  const V = vector.length;
  const size = Math.max(5, Math.min(22, Math.floor(maxWidth / V)));
  const digits = size >= 20;
  const x0 = cx - (V * size) / 2;
  const group = svg(
    "g",
    { class: "onehot", "data-onehot": vector.map((v) => (v === 1 ? "1" : "0")).join(""), ...data },
    parent,
  );
  if (compact) {
    const cold = vector.map((v, k) => (v === 1 ? "" : `M${x0 + k * size},${y}h${size - 1}v${size}h${1 - size}z`));
    const path = svg("path", { d: cold.join(""), class: "cold", "data-kind": "x" }, group);
    path._cells = { x: x0, y, w: size, h: size, perRow: V, n: V, key: "v" };
    const hot = vector.indexOf(1);
    if (hot >= 0)
      svg(
        "rect",
        { x: x0 + hot * size, y, width: size - 1, height: size, class: "hot", "data-kind": "x", "data-v": hot },
        group,
      );
    if (digits) {
      const at = (k) => x0 + k * size + (size - 1) / 2;
      const font = {
        y: y + size * 0.72,
        "text-anchor": "middle",
        "font-size": Math.round(size * 0.7),
        "pointer-events": "none",
      };
      const zeros = vector.map((v, k) => (v === 1 ? null : at(k))).filter((x) => x !== null);
      svg("text", { x: zeros.join(" "), class: "digit", ...font }, group, "0".repeat(zeros.length)); // a glyph at each x
      if (hot >= 0) svg("text", { x: at(hot), class: "digit lit", ...font }, group, "1");
    }
    return { group, height: size };
  }
  vector.forEach((v, k) => {
    svg(
      "rect",
      {
        x: x0 + k * size,
        y,
        width: size - 1,
        height: size,
        class: v === 1 ? "hot" : "cold",
        "data-kind": "x",
        "data-v": k,
      },
      group,
    );
    if (digits) {
      svg(
        "text",
        {
          x: x0 + k * size + (size - 1) / 2,
          y: y + size * 0.72,
          class: v === 1 ? "digit lit" : "digit",
          "text-anchor": "middle",
          "font-size": Math.round(size * 0.7),
          "pointer-events": "none",
        },
        group,
        v === 1 ? "1" : "0",
      );
    }
  });
  return { group, height: size };
}

// Softmax bars of one step: height follows p, the target's bar is outlined. `compact` (large
// networks): the other bars are one path, and the labels of one character one text (a glyph at
// each x); longer ones are left out (the tooltip names them). Labels at 14 units (diagram.css
// .barlabel), only as many as stay apart (barLabels).
export function softmaxBars(parent, probs, target, predicted, cx, y, w, h, _data, labels = null, compact = false) {
  const V = probs.length;
  const bw = Math.max(2, Math.min(30, Math.floor(w / V)));
  const x0 = cx - (V * bw) / 2;
  const group = svg("g", { class: "softmax" }, parent);
  svg("line", { x1: x0 - 2, x2: x0 + V * bw + 1, y1: y + h, y2: y + h, class: "axis" }, group);
  const height = (p) => (p === null ? 0 : Math.max(1, p * h));
  const centre = (k) => x0 + k * bw + bw / 2 - 1;
  if (compact) {
    const single = barLabels(probs, labels, target, predicted, centre, 1);
    if (single.length)
      svg(
        "text",
        {
          x: single.map(centre).join(" "),
          y: y + h + 13,
          class: "barlabel",
          "text-anchor": "middle",
        },
        group,
        single.map((k) => labels[k]).join(""),
      );
    const d = probs.map((p, k) =>
      k === target || k === predicted ? "" : `M${x0 + k * bw},${y + h}v${-height(p)}h${bw - 2}v${height(p)}z`,
    );
    const path = svg("path", { d: d.join(""), class: "bar", "data-kind": "p" }, group);
    path._cells = { x: x0, y, w: bw, h, perRow: V, n: V, key: "v" };
    for (const k of new Set([predicted, target])) {
      if (k < 0) continue;
      const cls = ["bar", k === target ? "target" : "", k === predicted ? "pred" : ""].join(" ").trim();
      svg(
        "rect",
        {
          x: x0 + k * bw,
          y: y + h - height(probs[k]),
          width: bw - 2,
          height: height(probs[k]),
          class: cls,
          "data-kind": "p",
          "data-v": k,
        },
        group,
      );
    }
    return group;
  }
  const named = new Set(barLabels(probs, labels, target, predicted, centre, 2)); // long word tokens: the tooltip names them
  probs.forEach((p, k) => {
    const bh = height(p);
    const cls = ["bar", k === target ? "target" : "", k === predicted ? "pred" : ""].join(" ").trim();
    svg(
      "rect",
      {
        x: x0 + k * bw,
        y: y + h - bh,
        width: bw - 2,
        height: bh,
        class: cls,
        "data-kind": "p",
        "data-v": k,
      },
      group,
    );
    if (named.has(k)) {
      svg("text", { x: centre(k), y: y + h + 13, class: "barlabel", "text-anchor": "middle" }, group, labels[k]);
    }
  });
  return group;
}

// The bars whose labels the room can tell apart (of up to `most` characters, 14 units, centred
// under their bars at centre(k)): a label needs its own width and a gap of LABEL_GAP from its
// neighbours'. When they do not all fit, the likeliest tokens are labelled, the target and the
// prediction first; the tooltip names every bar. The indexes, in order.
const LABEL_GAP = 6;
function barLabels(probs, labels, target, predicted, centre, most) {
  if (!labels) return [];
  const width = (k) => textEms(labels[k]) * 14;
  const likely = (k) => (k === target ? 3 : k === predicted ? 2 : (probs[k] ?? -1));
  const order = probs
    .map((_, k) => k)
    .filter((k) => [...labels[k]].length <= most && labels[k].length)
    .sort((a, b) => likely(b) - likely(a));
  const taken = [];
  for (const k of order) {
    const apart = (j) => Math.abs(centre(k) - centre(j)) >= (width(k) + width(j)) / 2 + LABEL_GAP;
    if (taken.every(apart)) taken.push(k);
  }
  return taken.sort((a, b) => a - b);
}

// Cell box with one labelled row of squares per gate (LSTM i f g o, GRU r z n, RNN a);
// `rows` holds each gate's squares(...).
export function cellBox(parent, gates, x, y, w, geo, data, label, sprite = null) {
  const names = Object.keys(gates);
  const rowH = geo.height + 4;
  const boxH = 22 + names.length * rowH;
  const group = svg("g", { class: "cellbox", ...data }, parent);
  svg("rect", { x, y, width: w, height: boxH, rx: 8, class: "box", "data-kind": "box" }, group);
  svg("text", { x: x + 8, y: y + 15, class: "boxlabel" }, group, label);
  const sqX = x + w - geo.width - 8;
  const rows = {};
  names.forEach((name, r) => {
    const gy = y + 20 + r * rowH;
    svg("text", { x: sqX - 5, y: gy + geo.height * 0.8, class: "gatename", "text-anchor": "end" }, group, name);
    const kind = name === "g" || name === "n" || name === "a" ? "div" : "seq";
    rows[name] = squares(group, gates[name], sqX, gy, geo, { "data-kind": "gate", "data-gate": name }, kind, sprite);
  });
  return { group, height: boxH, rows };
}

// A horizontal arrow from x1 to x2 at y (direction from the order of x1, x2).
export function arrow(parent, x1, x2, y, cls, data) {
  const dir = Math.sign(x2 - x1) || 1;
  const group = svg("g", { class: cls, ...data }, parent);
  const line = svg("line", { x1, y1: y, x2: x2 - dir * 7, y2: y, class: "shaft" }, group);
  const head = svg("path", { d: `M${x2},${y} l${-dir * 10},-6 l0,12 z`, class: "head" }, group);
  return { group, line, head };
}

export function vArrow(parent, x, y1, y2, cls) {
  const dir = Math.sign(y2 - y1) || 1;
  const group = svg("g", { class: cls }, parent);
  svg("line", { x1: x, y1, x2: x, y2: y2 - dir * 6, class: "shaft" }, group);
  svg("path", { d: `M${x},${y2} l-5,${-dir * 8} l10,0 z`, class: "head" }, group);
  return group;
}
