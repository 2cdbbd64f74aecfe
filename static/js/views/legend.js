// View: what the network's colours and arrow widths mean, one line under the network(s):
// states and candidates on the diverging scale -1..1, gates on the viridis scale 0..1, and the
// backward arrows' width and opacity over the gradient norms actually on screen (the log range
// shared by every compared cell), with the choice of what the arrows show.
//
// update(data) with data = {range: {lo, hi} log10 of the gradient norms, grad: "last" | "total",
//   gates (bool: a cell with sigmoid gates is shown), lang}
// Emits state:patch {grad} from its select.
import { emit } from "../bus.js";
import { fmt, html, svg } from "../dom.js";
import { t } from "../i18n.js";
import "./stage-strings.js";
import { DIVERGING, SEQUENTIAL, gradStroke } from "../scale.js";

const ramp = (stops) => `linear-gradient(to right, ${stops.join(", ")})`;

function scale(parent, name, lo, hi, stops, cls) {
  const item = html("span", { class: `legend-item ${cls}` }, parent);
  html("span", { class: "legend-name" }, item, name);
  html("span", { class: "legend-end" }, item, lo);
  html("span", { class: "legend-ramp", style: `background: ${ramp(stops)}` }, item);
  html("span", { class: "legend-end" }, item, hi);
  return item;
}

export function createLegend(root) {
  const el = html("div", { class: "legend", id: "legend", role: "note" }, root);
  const select = html("select", { id: "in-grad", class: "legend-name" });
  for (const v of ["last", "total"]) html("option", { value: v, "data-i18n": `grad.${v}` }, select, v);
  select.addEventListener("change", () => emit("state:patch", { patch: { grad: select.value } }));
  let key = null;
  return {
    el,
    update({ range, grad, gates, lang }) {
      const next = [range.lo, range.hi, grad, gates, lang].join("/");
      if (next === key) return;
      key = next;
      el.replaceChildren();
      el.setAttribute("aria-label", t("legend.title"));
      scale(el, t("legend.state"), "−1", "1", DIVERGING, "div");
      if (gates) scale(el, t("legend.gates"), "0", "1", SEQUENTIAL, "seq");
      // what the backward arrows show, and three of them: the smallest norm drawn, the
      // geometric middle and the largest
      const item = html("span", { class: "legend-item grad" }, el);
      item.append(select);
      for (const option of select.options) option.textContent = t(option.dataset.i18n);
      select.value = grad;
      for (const e of [range.lo, (range.lo + range.hi) / 2, range.hi]) {
        const s = gradStroke(10 ** e, range);
        const box = svg(
          "svg",
          { class: "legend-arrow", viewBox: "0 0 44 18", width: 44, height: 18, "aria-hidden": "true" },
          item,
        );
        svg(
          "line",
          { x1: 2, x2: 42, y1: 9, y2: 9, "stroke-width": s.width.toFixed(1), opacity: s.opacity.toFixed(2) },
          box,
        );
        html("span", { class: "legend-end" }, item, fmt(10 ** e, 2));
      }
    },
  };
}
