// A large network's value squares (network-layout.js RASTER_ABOVE): every row of squares of one
// step (c, each gate, h) is drawn into one image, one pixel a unit across and one pixel a
// diagram unit down, scaled up without smoothing; a mask cuts the 1-unit gaps between units that
// the SVG squares have. One image a step instead of an SVG rect per value (T = H = 32 LSTM:
// 32 images instead of 6,144 rects, which took most of a keystroke to build, style and paint).
//
// Each row keeps its SVG group (data-kind, data-gate, data-l): the image's `_blocks` point the
// pointer at a row and a unit (blockAt), and the group's data names it, as for the SVG squares.
import { svg } from "../dom.js";
import { pngDataUrl } from "../png.js";
import { rgbOf } from "../scale.js";
import { cellAt } from "./network-parts.js";

let uid = 0;

// The rows of one step, collected while its column is drawn, then drawn at once (draw).
export function createSprite(col, L) {
  const blocks = [];
  const grids = [];
  return {
    // a row of squares: returns its grid (for pickUnit), drawn by draw()
    add(group, values, x, y, geo, kind) {
      const { size, perRow } = geo;
      const block = { group, values, kind, x, y, w: size, h: size, perRow, n: values.length, geo, key: "j" };
      const grid = { x, y, geo, n: values.length, top: col, pick: null, outlined: false };
      blocks.push(block);
      grids.push(grid);
      return grid;
    },
    // one image for each geometry (the gates, c and h share one; an embedding has its own)
    draw() {
      const by = new Map();
      for (const b of blocks) {
        const key = `${b.x}/${b.perRow}/${b.w}`;
        if (!by.has(key)) by.set(key, []);
        by.get(key).push(b);
      }
      for (const rows of by.values()) image(col, rows, L);
      // the outlines of the picked unit (pickUnit places them), over the images
      for (const grid of grids) {
        if (grid.outlined)
          grid.pick = svg("rect", { class: "pick", width: grid.geo.size - 1, height: grid.geo.size - 1 }, col);
      }
    },
  };
}

function image(col, rows, L) {
  const { x, perRow, geo } = rows[0];
  const top = Math.min(...rows.map((b) => b.y));
  const height = Math.max(...rows.map((b) => b.y + b.geo.rows * b.w)) - top;
  const words = new Uint32Array(perRow * height); // transparent between the rows
  for (const b of rows) {
    b.values.forEach((v, j) => {
      const [r, g, bl] = rgbOf(v, b.kind);
      const colour = (0xff000000 | (bl << 16) | (g << 8) | r) >>> 0; // bytes R G B A (little-endian)
      const y0 = b.y - top + Math.floor(j / perRow) * b.w;
      for (let y = y0; y < y0 + b.w - 1; y += 1) words[y * perRow + (j % perRow)] = colour;
    });
  }
  const node = svg(
    "image",
    {
      x,
      y: top,
      width: geo.width,
      height,
      href: pngDataUrl(new Uint8Array(words.buffer), perRow, height), // an exported SVG or PNG keeps it
      preserveAspectRatio: "none",
      mask: `url(#${gapMask(L, geo)})`,
      class: "raster",
      style: "image-rendering: pixelated", // kept by the SVG export, unlike a class rule
    },
    col,
  );
  node._blocks = rows;
}

// The 1-unit gap at the right of each unit, in the image's own box: one mask serves every step.
function gapMask(L, geo) {
  const key = `${geo.perRow}/${geo.size}`;
  L.masks ||= new Map();
  if (L.masks.has(key)) return L.masks.get(key);
  uid += 1;
  const id = `gaps-${uid}`;
  const mask = svg("mask", { id, maskContentUnits: "objectBoundingBox" }, L.defs);
  svg("rect", { width: 1, height: 1, fill: "#fff" }, mask);
  const d = [];
  for (let k = 1; k <= geo.perRow; k += 1)
    d.push(`M${(k * geo.size - 1) / geo.width},0h${1 / geo.width}v1h${-1 / geo.width}z`);
  svg("path", { d: d.join(""), fill: "#000" }, mask);
  L.masks.set(key, id);
  return id;
}

// The row and unit under a point (diagram units) of a sprite image: {block, j}, or null.
export function blockAt(node, px, py) {
  for (const block of node._blocks) {
    const j = cellAt(block, px, py);
    if (j !== null) return { block, j };
  }
  return null;
}
