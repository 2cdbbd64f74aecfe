// View: the unrolled network, one SVG column per time step.
//
// update(data) with data = {
//   trace,            one trace (docs/trace-format.md)
//   pos,              the shared time cursor (timeline.js); when absent, from step and phase
//   step, phase,      selected step (1-based, 0 = last), "fwd" or "bwd"
//   unit,             selected hidden unit (1-based)
//   grad,             "last" (arrows show ||dL_T/dh_t||) or "total" (||dL/dh_t||)
//   range,            {lo, hi} log10 range of gradient norms shared by all compared cells
//   lang }            re-labels on change
// Emits: state:patch {step, unit} on click, tip:show / tip:hide on hover.
// A new trace or language rebuilds the SVG; the cursor only touches attributes, once a frame.
// A large network draws each row of value squares as one image and each step's bars and one-hot
// boxes as one path (network-layout.js RASTER_ABOVE): hover and click then find the unit or
// token from the pointer's position.
import { emit } from "../bus.js";
import { clear, fmt, shown, svg } from "../dom.js";
import { t } from "../i18n.js";
import { gradStroke } from "../scale.js";
import { backwardReveal, forwardReveal, posOf } from "../timeline.js";
import { describe } from "../tips.js";
import { layout } from "./network-layout.js";
import { arrow, cellAt, cellBox, oneHot, pickUnit, softmaxBars, squares, vArrow } from "./network-parts.js";

export function createNetwork(root) {
  const el = svg("svg", { class: "network", role: "img" }, root);
  let built = null; // {trace, cols, fwd, bwd, byUnit, grids, selection, L}
  let last = {};

  // The data of an element and of its ancestors, nearest first (see network-parts.js); over an
  // element standing for many values, the index under the pointer (null between them).
  function dataOf(node, event) {
    const data = {};
    for (let n = node; n && n !== el; n = n.parentNode) {
      for (const [key, value] of Object.entries(n.dataset || {})) if (!(key in data)) data[key] = value;
    }
    if (node._cells) {
      const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(el.getScreenCTM().inverse());
      data[node._cells.key] = cellAt(node._cells, p.x, p.y);
    }
    return data;
  }

  el.addEventListener("click", (event) => {
    const d = dataOf(event.target, event);
    if (d.t === undefined || !built) return;
    const patch = { step: Number(d.t) + 1 };
    if (d.j !== undefined && d.j !== null && d.kind !== "x" && d.kind !== "e") patch.unit = Number(d.j) + 1;
    emit("state:patch", { patch });
  });
  let hovered = null; // over an element of many values: [element, index], so that moving within one is quiet
  function hover(event) {
    if (!built) return;
    const d = dataOf(event.target, event);
    const cells = event.target._cells;
    if (cells) {
      if (hovered?.[0] === event.target && hovered[1] === d[cells.key]) return;
      hovered = [event.target, d[cells.key]];
      if (d[cells.key] === null) return emit("tip:hide");
    } else if (event.type === "mousemove") return;
    else hovered = null;
    const lines = d.kind ? describe(built.trace, d) : null;
    if (lines) emit("tip:show", { x: event.clientX, y: event.clientY, lines });
  }
  el.addEventListener("mouseover", hover);
  el.addEventListener("mousemove", hover);
  el.addEventListener("mouseleave", () => {
    hovered = null;
    emit("tip:hide");
  });

  function build(trace) {
    clear(el);
    const L = layout(trace);
    el.setAttribute("viewBox", `0 0 ${L.width} ${L.height}`);
    el.dataset.steps = String(L.T);
    el.setAttribute("aria-label", t("net.aria", { cell: t(`cell.${L.cell}`), T: L.T }));
    el.style.setProperty("--natural-width", `${L.width}px`);
    el.style.setProperty("--natural-height", `${L.height}px`);
    const rowLabels = svg("g", { class: "rowlabels" }, el);
    for (const [key, y, args] of L.labels) svg("text", { x: 8, y, class: "rowlabel" }, rowLabels, t(key, args));
    const under = svg("g", { class: "under" }, el);
    const selection = svg("rect", { class: "selection", y: 2, width: L.colW, height: L.height - 4, rx: 10 }, under);
    const belts = svg("g", { class: "belts" }, el);
    const cols = [];
    const byUnit = []; // [unit j] -> its rects (SVG squares)
    const grids = []; // raster images of squares, each with its own pick outline
    const keep = (sq) => {
      sq.cells.forEach((r, j) => (byUnit[j] ||= []).push(r));
      if (sq.grid) grids.push(sq.grid);
    };
    const fwd = [];
    const bwd = [];
    for (let i = 0; i < L.T; i += 1) {
      const x = L.x0 + i * L.colW;
      const cx = x + L.colW / 2;
      const data = { "data-t": i };
      const col = svg("g", { class: "col", ...data }, el);
      svg("rect", { x: x + 2, y: 2, width: L.colW - 4, height: L.height - 4, class: "hit" }, col);
      const tgt = trace.targets[i];
      const right = trace.predicted[i] === trace.vocab[tgt];
      const pred = svg("text", { x: cx, y: L.y.pred + 26, class: `pred ${right ? "right" : "wrong"}`, "text-anchor": "middle" }, col);
      pred.textContent = `${shown(trace.predicted[i])} ${right ? "✓" : "✗"}`;
      fit(pred, 26, L.colW);
      pred.setAttribute("aria-label", `${trace.predicted[i]} ${t(right ? "net.right" : "net.wrong")}`);
      svg("text", { x: cx, y: L.y.pred + 44, class: "target", "text-anchor": "middle" }, col, `${t("net.target")} ${shown(trace.tokens[i + 1])}`);
      const predIdx = trace.vocab.indexOf(trace.predicted[i]);
      softmaxBars(col, trace.probs[i], tgt, predIdx, cx, L.y.soft, L.colW - 30, L.softH, {}, trace.vocab.map(shown), L.raster);
      vArrow(col, cx, L.y.outArrow[0], L.y.outArrow[1], "flow");
      trace.layers.forEach((layer, l) => {
        const ly = L.y.layers[l];
        const ld = { "data-l": l };
        if (layer.c) keep(squares(col, layer.c[i], L.sqX(x), ly.belt + 6, L.geo, { ...ld, "data-kind": "c" }));
        const gates = L.cell === "rnn" ? { a: layer.pre.a[i] } : layer.gates;
        const box = cellBox(col, sliceGates(gates, i, L.cell), x + L.pad, ly.box, L.colW - 2 * L.pad, L.geo, ld, t(`cell.${L.cell}`));
        Object.values(box.rows).forEach(keep);
        keep(squares(col, layer.h[i], L.sqX(x), ly.h, L.geo, { ...ld, "data-kind": "h" }));
        if (l > 0) vArrow(col, cx, L.y.layers[l - 1].h - 3, ly.box + L.boxH + 3, "flow");
        if (i < L.T - 1) {
          const f = arrow(el, x + L.colW - L.pad, x + L.colW + L.pad, ly.h + L.geo.height / 2, "fwd", { ...data, ...ld, "data-kind": "fwd" });
          fwd.push({ i: i + 1, g: f.group });
          if (layer.c) arrow(belts, x + L.colW - L.pad, x + L.colW + L.pad, ly.belt + 6 + L.geo.height / 2, "fwd belt");
        }
        bwd.push(gradArrow(el, layer, i, l, x, L, "h"));
        if (layer.c) bwd.push(gradArrow(el, layer, i, l, x, L, "c"));
      });
      const oh = oneHot(col, trace.x[i], cx, L.y.onehot, L.colW - 30, {}, L.raster);
      vArrow(col, cx, L.y.onehot - 4, L.y.inArrowTop, "flow");
      if (trace.embedded) squares(col, trace.embedded[i], cx - L.eGeo.width / 2, L.y.embed, L.eGeo, { "data-kind": "e" });
      const tok = svg("text", { x: cx, y: L.y.token + 30, class: "token", "text-anchor": "middle", "data-kind": "token" }, col);
      tok.textContent = shown(trace.tokens[i]);
      fit(tok, 30, L.colW);
      cols.push({ col, oh });
    }
    if (L.cell === "lstm") {
      trace.layers.forEach((_, l) => {
        const y = L.y.layers[l].belt;
        svg("rect", { x: L.x0 + 4, y, width: L.T * L.colW - 8, height: L.geo.height + 12, rx: 6, class: "belt" }, belts);
      });
    }
    built = { trace, cols, fwd, bwd, byUnit, grids, selection, L };
  }

  function gradArrow(parent, layer, i, l, x, L, which) {
    const field = gradField(which, last.grad);
    const ly = L.y.layers[l];
    const y = which === "c" ? ly.belt + L.geo.height + 19 : ly.h + L.geo.height + 9;
    const data = { "data-t": i, "data-l": l, "data-kind": "bwd", "data-field": field };
    const from = i === L.T - 1 ? x + L.colW - 6 : x + L.colW + L.pad;
    const a = arrow(parent, from, x + L.pad - 2, y, `bwd ${which}`, data);
    a.group._base = `bwd ${which}`;
    const norm = layer.grad[field]?.[i] ?? null;
    if (which === "h") {
      const label = svg("text", { x: x + L.colW / 2, y: y + 18, class: "gradlabel", "text-anchor": "middle", ...data }, a.group);
      label.textContent = fmt(norm, 2);
    }
    return { i, group: a.group, norm };
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
    built.cols.forEach(({ col }, i) => set(col, "opacity", (0.12 + 0.88 * forwardReveal(pos, i)).toFixed(2)));
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
      set(built.selection, "x", x);
      const node = built.selection;
      requestAnimationFrame(() => setTimeout(() => reveal(node), 0)); // after paint: no forced layout
    }
    if (built.unit === unit) return;
    built.unit = unit;
    built.byUnit.forEach((rects, j) => rects.forEach((r) => r.classList.toggle("picked", j === unit - 1)));
    for (const grid of built.grids) if (unit <= grid.n) pickUnit(grid, unit - 1);
  }

  return {
    el,
    update(data) {
      const rebuild = !built || data.trace !== built.trace || data.lang !== last.lang || data.grad !== last.grad;
      last = { ...last, lang: data.lang, grad: data.grad };
      if (rebuild) build(data.trace);
      const T = built.L.T;
      const pos = data.pos ?? posOf(data.step, data.phase, T);
      moveCursor(pos, data.range);
      select(data.step, data.unit);
    },
  };
}

// Word tokens can be long: shrink the type so a token stays inside its column.
function fit(node, size, width) {
  const chars = [...node.textContent].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 1.7 : 1), 0);
  const fitting = Math.floor((width - 16) / (0.62 * chars));
  if (fitting < size) node.style.fontSize = `${Math.max(9, fitting)}px`; // beats the class rule
}

// Scroll a long network sideways so the selected column stays in sight.
function reveal(node) {
  const wrap = node.ownerSVGElement?.parentElement;
  if (!wrap) return;
  if (wrap.scrollWidth <= wrap.clientWidth) return;
  const box = node.getBoundingClientRect();
  const view = wrap.getBoundingClientRect();
  if (box.left < view.left || box.right > view.right) wrap.scrollLeft += box.left - view.left - view.width / 2 + box.width / 2;
}

function gradField(which, grad) {
  if (which === "c") return grad === "total" ? "dL_dc" : "dLlast_dc";
  return grad === "total" ? "dL_dh" : "dLlast_dh";
}

// The gate values of step i as {name: [H]}.
function sliceGates(gates, i, cell) {
  if (cell === "rnn") return gates;
  return Object.fromEntries(Object.entries(gates).map(([name, rows]) => [name, rows[i]]));
}
