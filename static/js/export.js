// Exports: the network view as SVG or PNG (styles inlined, so the file stands alone), the trace
// as JSON (exactly what the API sent) or CSV (one row per cell, layer and step).
import { svg } from "./dom.js";

const STYLE_PROPS = [
  "fill",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "opacity",
  "font-size",
  "font-family",
  "font-weight",
  "text-anchor",
];

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Copy computed styles onto a clone as presentation attributes.
function inline(source, clone) {
  const css = getComputedStyle(source);
  for (const name of STYLE_PROPS) {
    const value = css.getPropertyValue(name);
    if (value) clone.setAttribute(name, value);
  }
  if (css.display === "none") clone.setAttribute("display", "none");
  clone.removeAttribute("class");
  Array.from(source.children).forEach((child, i) => {
    inline(child, clone.children[i]);
  });
}

// The network SVGs on screen stacked into one standalone SVG.
export function viewSvg(svgs, titles) {
  const bg = getComputedStyle(document.body).getPropertyValue("--bg").trim() || "#fff";
  const ink = getComputedStyle(document.body).getPropertyValue("--ink").trim() || "#000";
  const boxes = svgs.map((s) => s.viewBox.baseVal);
  const width = Math.max(...boxes.map((b) => b.width));
  const height = boxes.reduce((sum, b) => sum + b.height + 40, 0);
  const out = svg("svg", { xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${width} ${height}` });
  svg("rect", { width, height, fill: bg }, out);
  let y = 0;
  svgs.forEach((source, k) => {
    svg(
      "text",
      { x: 10, y: y + 28, "font-size": 22, "font-weight": 700, fill: ink, "font-family": "sans-serif" },
      out,
      titles[k],
    );
    const clone = source.cloneNode(true);
    inline(source, clone);
    const g = svg("g", { transform: `translate(0 ${y + 40})` }, out);
    g.append(...clone.childNodes);
    y += boxes[k].height + 40;
  });
  return out;
}

export function exportSvg(svgs, titles, name) {
  const text = new XMLSerializer().serializeToString(viewSvg(svgs, titles));
  download(new Blob([text], { type: "image/svg+xml" }), `${name}.svg`);
}

export function exportPng(svgs, titles, name, scale = 2) {
  const node = viewSvg(svgs, titles);
  const text = new XMLSerializer().serializeToString(node);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = Number(node.getAttribute("width")) * scale;
    canvas.height = Number(node.getAttribute("height")) * scale;
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => download(blob, `${name}.png`), "image/png");
  };
  img.src = url;
}

export function exportJson(traces, name) {
  const entries = Object.entries(traces);
  const body = entries.length === 1 ? entries[0][1] : { traces };
  download(new Blob([JSON.stringify(body, null, 1)], { type: "application/json" }), `${name}.json`);
}

// A CSV field: quoted, and a leading = + - @ defused so spreadsheets do not run it.
function cell(value) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function traceCsv(traces) {
  const first = Object.values(traces)[0];
  const H = first.layers[0].h[0].length;
  const units = (p) => Array.from({ length: H }, (_, j) => `${p}_${j + 1}`);
  const head = [
    "cell",
    "layer",
    "t",
    "token",
    "target",
    "predicted",
    "p_target",
    "loss",
    "dL_dh",
    "dLlast_dh",
    "dL_dc",
    "dLlast_dc",
    "factor_mean",
    "factor_max",
    ...units("h"),
    ...units("c"),
  ];
  const rows = [head];
  for (const [name, tr] of Object.entries(traces)) {
    tr.layers.forEach((layer, l) => {
      const g = layer.grad;
      tr.targets.forEach((k, t) => {
        rows.push([
          name,
          l + 1,
          t + 1,
          tr.tokens[t],
          tr.tokens[t + 1],
          tr.predicted[t],
          tr.probs[t][k],
          tr.loss[t],
          g.dL_dh[t],
          g.dLlast_dh[t],
          g.dL_dc?.[t],
          g.dLlast_dc?.[t],
          g.factor.mean[t],
          g.factor.max?.[t],
          ...layer.h[t],
          ...(layer.c ? layer.c[t] : Array(H).fill(null)),
        ]);
      });
    });
  }
  return rows.map((r) => r.map(cell).join(",")).join("\n");
}

export function exportCsv(traces, name) {
  download(new Blob([traceCsv(traces)], { type: "text/csv" }), `${name}.csv`);
}
