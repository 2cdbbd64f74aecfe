// One time step of the unrolled network (views/network.js places the columns): prediction,
// softmax, per layer the hidden row, the LSTM belt, the cell box and the arrows, then the input.
//
// drawColumn(slot, trace, i, L, grad, out) draws step i into the group `slot` (L from
// network-layout.js, grad "last" | "total") and pushes what the cursor and the highlight
// update later onto `out` = {cols, fwd, bwd, byUnit, grids} (cols is indexed by step).
import { fmt, shown, svg } from "../dom.js";
import { t } from "../i18n.js";
import { LEAST_TOKEN, ONEHOT_EDGE } from "./network-layout.js";
import { arrow, cellBox, oneHot, softmaxBars, squares, textEms, vArrow } from "./network-parts.js";
import { createSprite } from "./network-sprite.js";

export function drawColumn(slot, trace, i, L, grad, out) {
  const keep = (sq) => {
    sq.cells.forEach((r, j) => {
      out.byUnit[j] ||= [];
      out.byUnit[j].push(r);
    });
    if (sq.grid) {
      sq.grid.outlined = true; // the sprite draws its pick outline (network-parts.js pickUnit)
      out.grids.push(sq.grid);
    }
  };
  const x = L.x0 + i * L.colW;
  const cx = x + L.colW / 2;
  const data = { "data-t": i };
  const col = svg("g", { class: "col", ...data }, slot);
  const sprite = L.raster ? createSprite(col, L) : null; // a large network: one image of its squares
  svg("rect", { x: x + 2, y: 2, width: L.colW - 4, height: L.height - 4, class: "hit" }, col);
  const tgt = trace.targets[i];
  const right = trace.predicted[i] === trace.vocab[tgt];
  const pred = svg(
    "text",
    {
      x: cx,
      y: L.y.pred + 26,
      class: `pred ${right ? "right" : "wrong"}`,
      "text-anchor": "middle",
      "aria-label": `${trace.predicted[i]} ${t(right ? "net.right" : "net.wrong")}`,
    },
    col,
    `${shown(trace.predicted[i])} ${right ? "✓" : "✗"}`,
  );
  fit(pred, 26, L);
  svg(
    "text",
    { x: cx, y: L.y.pred + 50, class: "target", "text-anchor": "middle" }, // clear of a 26 px prediction in Korean too
    col,
    `${t("net.target")} ${shown(trace.tokens[i + 1])}`,
  );
  const predIdx = trace.vocab.indexOf(trace.predicted[i]);
  L.vocabShown ||= trace.vocab.map(shown); // once a network, not once a step
  softmaxBars(col, trace.probs[i], tgt, predIdx, cx, L.y.soft, L.colW - 30, L.softH, {}, L.vocabShown, L.raster);
  vArrow(col, cx, L.y.outArrow[0], L.y.outArrow[1], "flow");
  trace.layers.forEach((layer, l) => {
    const ly = L.y.layers[l];
    const ld = { "data-l": l };
    if (layer.c)
      keep(squares(col, layer.c[i], L.sqX(x), ly.belt + 6, L.geo, { ...ld, "data-kind": "c" }, "div", sprite));
    const gates = L.cell === "rnn" ? { a: layer.pre.a[i] } : layer.gates;
    const box = cellBox(
      col,
      sliceGates(gates, i, L.cell),
      x + L.pad,
      ly.box,
      L.colW - 2 * L.pad,
      L.geo,
      ld,
      t(`cell.${L.cell}`),
      sprite,
    );
    Object.values(box.rows).forEach(keep);
    keep(squares(col, layer.h[i], L.sqX(x), ly.h, L.geo, { ...ld, "data-kind": "h" }, "div", sprite));
    if (l > 0) vArrow(col, cx, L.y.layers[l - 1].h - 3, ly.box + L.boxH + 3, "flow");
    if (i < L.T - 1) {
      const f = arrow(slot, x + L.colW - L.pad, x + L.colW + L.pad, ly.h + L.geo.height / 2, "fwd", {
        ...data,
        ...ld,
        "data-kind": "fwd",
      });
      out.fwd.push({ i: i + 1, g: f.group });
      if (layer.c) arrow(out.belts, x + L.colW - L.pad, x + L.colW + L.pad, ly.belt + 6 + L.geo.height / 2, "fwd belt");
    }
    out.bwd.push(gradArrow(slot, layer, i, l, x, L, "h", grad));
    if (layer.c) out.bwd.push(gradArrow(slot, layer, i, l, x, L, "c", grad));
  });
  const oh = oneHot(col, trace.x[i], cx, L.y.onehot, L.colW - ONEHOT_EDGE, {}, L.raster);
  vArrow(col, cx, L.y.onehot - 4, L.y.inArrowTop, "flow");
  if (trace.embedded)
    squares(col, trace.embedded[i], cx - L.eGeo.width / 2, L.y.embed, L.eGeo, { "data-kind": "e" }, "div", sprite);
  const tok = svg(
    "text",
    { x: cx, y: L.y.token + 30, class: "token", "text-anchor": "middle", "data-kind": "token" },
    col,
    shown(trace.tokens[i]),
  );
  fit(tok, 30, L);
  sprite?.draw(); // over the boxes, under the pick outlines
  out.cols[i] = { col, oh };
}

function gradArrow(parent, layer, i, l, x, L, which, grad) {
  const field = gradField(which, grad);
  const ly = L.y.layers[l];
  const y = which === "c" ? ly.belt + L.geo.height + 19 : ly.h + L.geo.height + 9;
  const data = { "data-t": i, "data-l": l, "data-kind": "bwd", "data-field": field };
  const from = i === L.T - 1 ? x + L.colW - 6 : x + L.colW + L.pad;
  const a = arrow(parent, from, x + L.pad - 2, y, `bwd ${which}`, data);
  a.group._base = `bwd ${which}`;
  const norm = layer.grad[field]?.[i] ?? null;
  if (which === "h") {
    svg(
      "text",
      { x: x + L.colW / 2, y: y + 18, class: "gradlabel", "text-anchor": "middle", ...data },
      a.group,
      fmt(norm, 2),
    );
  }
  return { i, group: a.group, norm };
}

// Word tokens can be long: shrink the type so a token stays inside its column, down to
// LEAST_TOKEN (the layout widened the column for the longest at that size).
function fit(node, size, L) {
  const fitting = Math.floor((L.colW - 16) / textEms(node.textContent));
  const font = fitting < size ? `${Math.max(LEAST_TOKEN, fitting)}px` : ""; // beats the class rule
  if (node.style.fontSize !== font) node.style.fontSize = font; // set on change: a column drawn again
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
