// View: heatmaps over time, units down the y axis (unit 1 at the top) and steps along the x axis.
// One cell: h, c (LSTM) and every gate of the selected layer. Compare: h of each cell.
// States use the fixed diverging scale -1..1, gates the 0..1 viridis scale (tanh gates -1..1).
//
// Each map is one SVG: the values as one image of one pixel a value, scaled up without
// smoothing (as a large network draws its squares, network-parts.js), its axes, a colour bar and
// the cursor's band; no Plotly. Non-finite values arrive as null and are left as gaps. A map is
// drawn once it comes near the window (they sit below the fold).
//
// update(data) with data = {traces: {cell: trace}, layer (1-based), cursor (1-based), lang, theme};
// returns null (drawing is synchronous). The cursor alone only moves the bands.
// Emits state:patch {step, unit} when a cell is clicked, tip:show / tip:hide on hover.
import { emit } from "../bus.js";
import { clear, html, patch, svg } from "../dom.js";
import { t } from "../i18n.js";
import "./stage-strings.js";
import { DIVERGING, SEQUENTIAL, rgbOf } from "../scale.js";

const TANH_GATES = new Set(["g", "n"]);
const M = { l: 56, r: 62, t: 40, b: 46 }; // margins: y ticks and title, colour bar, x ticks
let uid = 0;

function panels(traces, layer) {
  const entries = Object.entries(traces);
  const pick = (trace) => trace.layers[Math.min(layer, trace.layers.length) - 1];
  if (entries.length > 1) {
    return entries.map(([cell, trace]) => ({
      title: `${t(`cell.${cell}`)} · ${t("heat.h")}`,
      z: pick(trace).h,
      div: true,
      id: `h-${cell}`,
    }));
  }
  const [cell, trace] = entries[0];
  const L = pick(trace);
  const list = [{ title: `${t(`cell.${cell}`)} · ${t("heat.h")}`, z: L.h, div: true, id: "h" }];
  if (L.c) list.push({ title: t("heat.c"), z: L.c, div: true, id: "c" });
  for (const [name, z] of Object.entries(L.gates)) {
    list.push({
      title: t("heat.gate", { gate: name, name: t(`gate.${name}`) }),
      z,
      div: TANH_GATES.has(name),
      id: `gate-${name}`,
    });
  }
  return list;
}

// z is [T][H]: the image is T pixels wide and H high, unit 1 on top; null stays transparent.
const canvas = document.createElement("canvas");
function pixels(z, kind) {
  const T = z.length;
  const H = z[0].length;
  canvas.width = T;
  canvas.height = H;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(T, H);
  for (let s = 0; s < T; s += 1) {
    for (let j = 0; j < H; j += 1) {
      const v = z[s][j];
      if (v === null || !Number.isFinite(v)) continue;
      const [r, g, b] = rgbOf(v, kind);
      image.data.set([r, g, b, 255], 4 * (j * T + s));
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL("image/png");
}

// Ticks 1..n: every one up to 20, then a round spacing giving at most about 8.
function ticks(n) {
  if (n <= 20) return Array.from({ length: n }, (_, i) => i + 1);
  const step = [2, 5, 10, 20, 25, 50, 100].find((d) => n / d <= 8) ?? 100;
  const out = [];
  for (let v = step; v <= n; v += step) out.push(v);
  return out;
}

// One map: built once per shape (panel, steps, units), drawn again over itself for a new answer
// of that shape (dom.js patch: only what changed), and laid out again when its box changes size.
function createMap(root, first) {
  let p = first;
  const el = html("div", { class: "heatmap", "data-map": p.id }, root);
  const box = svg("svg", { class: "heatsvg", role: "img", "aria-label": p.title }, el);
  const mark = html("div", { class: "plot-cursor band" }, el);
  const T = p.z.length;
  const H = p.z[0].length;
  const kind = p.div ? "div" : "seq";
  uid += 1;
  const id = `heat-grad-${uid}`;
  let href = null; // the image, made when the map is first drawn for an answer
  let drawn = ""; // the size and the answer drawn
  let answer = 0;
  // size: the box's [width, height], given by the ResizeObserver (reading it here would lay out
  // a page in the middle of being drawn)
  const map = { el, box, mark, T, H, cursor: null, area: null, seen: false, size: null, shape: shapeOf(p) };

  function layout() {
    if (!map.seen || !map.size) return; // not near the window, or not laid out yet
    const [W, Hpx] = map.size;
    if (!W || !Hpx || drawn === `${W}x${Hpx}/${answer}`) return; // hidden, or drawn as it is
    drawn = `${W}x${Hpx}/${answer}`;
    href ||= pixels(p.z, kind);
    patch([box], () => draw(W, Hpx));
    place();
  }

  function draw(W, Hpx) {
    box.setAttribute("viewBox", `0 0 ${W} ${Hpx}`);
    box.setAttribute("aria-label", p.title);
    const a = { x: M.l, y: M.t, w: Math.max(10, W - M.l - M.r), h: Math.max(10, Hpx - M.t - M.b) };
    map.area = a;
    svg("text", { x: 4, y: 22, class: "heat-title" }, box, p.title);
    const pixelated = "image-rendering: pixelated";
    svg("image", { x: a.x, y: a.y, width: a.w, height: a.h, href, preserveAspectRatio: "none", style: pixelated }, box);
    // a 1-pixel gap between cells while they are wide enough to spare one
    const cw = a.w / T;
    const ch = a.h / H;
    const gaps = [];
    if (cw >= 4) for (let s = 1; s < T; s += 1) gaps.push(`M${a.x + s * cw},${a.y}v${a.h}`);
    if (ch >= 4) for (let j = 1; j < H; j += 1) gaps.push(`M${a.x},${a.y + j * ch}h${a.w}`);
    if (gaps.length) svg("path", { d: gaps.join(""), class: "heat-gaps" }, box);
    for (const s of ticks(T))
      svg("text", { x: a.x + (s - 0.5) * cw, y: a.y + a.h + 18, class: "heat-tick", "text-anchor": "middle" }, box, s);
    for (const j of ticks(H))
      svg("text", { x: a.x - 6, y: a.y + (j - 0.5) * ch + 5, class: "heat-tick", "text-anchor": "end" }, box, j);
    svg("text", { x: a.x + a.w / 2, y: Hpx - 6, class: "heat-axis", "text-anchor": "middle" }, box, t("chart.step"));
    const yt = a.y + a.h / 2;
    svg(
      "text",
      { x: 14, y: yt, class: "heat-axis", "text-anchor": "middle", transform: `rotate(-90 14 ${yt})` },
      box,
      t("heat.unit"),
    );
    // the colour bar: top is the largest value
    const stops = kind === "div" ? DIVERGING : SEQUENTIAL;
    const grad = svg("linearGradient", { id, x1: 0, y1: 1, x2: 0, y2: 0 }, svg("defs", {}, box));
    for (const [k, c] of stops.entries()) svg("stop", { offset: k / (stops.length - 1), "stop-color": c }, grad);
    const bx = a.x + a.w + 10;
    svg("rect", { x: bx, y: a.y, width: 12, height: a.h, fill: `url(#${id})` }, box);
    const [lo, hi] = kind === "div" ? [-1, 1] : [0, 1];
    for (const v of kind === "div" ? [-1, -0.5, 0, 0.5, 1] : [0, 0.5, 1]) {
      const y = a.y + a.h * (1 - (v - lo) / (hi - lo));
      svg("text", { x: bx + 16, y: y + 5, class: "heat-tick" }, box, v === 0 ? "0" : String(v).replace("-", "−"));
    }
  }

  // a new answer of the same shape: drawn at once if the map is near the window, else when it comes near
  map.set = (next) => {
    p = next;
    href = null;
    answer += 1;
    layout();
  };

  // the band over the cursor's column
  function place() {
    const a = map.area;
    if (map.cursor === null) return;
    const s = Math.min(Math.max(map.cursor, 1), T);
    const at = a ? [a.x + ((s - 1) * a.w) / T, a.w / T, a.y, a.h] : [];
    const key = `${map.cursor}/${at}`;
    if (map.placed === key) return; // set on change: each set is a mutation
    map.placed = key;
    map.mark.dataset.step = String(map.cursor);
    if (!a) return;
    Object.assign(map.mark.style, { left: `${at[0]}px`, width: `${at[1]}px`, top: `${at[2]}px`, height: `${at[3]}px` });
  }

  // (step, unit), 1-based, under a pointer event, or null outside the cells
  function cellAt(event) {
    const a = map.area;
    if (!a) return null;
    const r = box.getBoundingClientRect();
    const s = Math.floor(((event.clientX - r.left - a.x) / a.w) * T) + 1;
    const j = Math.floor(((event.clientY - r.top - a.y) / a.h) * H) + 1;
    return s >= 1 && s <= T && j >= 1 && j <= H ? { s, j } : null;
  }
  box.addEventListener("click", (event) => {
    const c = cellAt(event);
    if (c) emit("state:patch", { patch: { step: c.s, unit: c.j } });
  });
  box.addEventListener("mousemove", (event) => {
    const c = cellAt(event);
    if (!c) return emit("tip:hide");
    const v = p.z[c.s - 1][c.j - 1];
    const value = v === null || !Number.isFinite(v) ? "—" : v.toFixed(3);
    emit("tip:show", { x: event.clientX, y: event.clientY, lines: [p.title, `t=${c.s}, j=${c.j}: ${value}`] });
  });
  box.addEventListener("mouseleave", () => emit("tip:hide"));
  map.layout = layout;
  map.place = place;
  return map;
}

// A map is drawn when it comes near the window (most are below the fold), and laid out again
// when its box changes size; never twice for one answer.
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const map = entry.target._map;
    if (!map) continue;
    map.size = [Math.round(entry.contentRect.width), Math.round(entry.contentRect.height)];
    map.layout();
  }
});
const inView = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const map = entry.target._map;
      if (!map) continue;
      map.seen = entry.isIntersecting; // near the window: drawn (layout draws what it has not)
      map.layout();
    }
  },
  { rootMargin: "100px 0px" },
);
const shapeOf = (p) => `${p.id}/${p.z.length}/${p.z[0].length}`;

export function createHeatmaps(root) {
  const el = html("section", { class: "heatmaps" }, root);
  let key = null;
  let maps = [];
  let cursor = null;

  return {
    el,
    update(data) {
      const next = [data.traces, data.layer, data.lang];
      if (!key || next.some((v, i) => v !== key[i])) {
        key = next;
        const list = panels(data.traces, data.layer);
        if (list.map(shapeOf).join() === maps.map((m) => m.shape).join()) {
          // the same maps: each draws the new answer over the last (at once if near the window)
          list.forEach((p, k) => {
            maps[k].cursor = data.cursor;
            maps[k].set(p);
            maps[k].place();
          });
          cursor = data.cursor;
          return null;
        }
        for (const m of maps) {
          observer.unobserve(m.el);
          inView.unobserve(m.el);
        }
        clear(el);
        maps = list.map((p) => createMap(el, p));
        for (const m of maps) {
          m.el._map = m;
          m.cursor = data.cursor;
          m.place();
          observer.observe(m.el);
          inView.observe(m.el);
        }
      } else if (data.cursor !== cursor) {
        for (const m of maps) {
          m.cursor = data.cursor;
          m.place();
        }
      }
      cursor = data.cursor;
      return null;
    },
  };
}
