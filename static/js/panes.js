// The per-cell panes: one (single cell) or three (compare), each a network diagram and a cell
// detail panel. update(data) hands every pane its own trace and the shared cursor.
import { clear, html } from "./dom.js";
import { t } from "./i18n.js";
import { createDetail } from "./views/detail.js";
import { createNetwork } from "./views/network.js";

export function createPanes(root) {
  let panes = [];
  let cells = "";

  // Compare: scrolling one long network sideways scrolls the other two with it (they share
  // their width, so the same scrollLeft shows the same steps).
  function follow(event) {
    const left = event.target.scrollLeft;
    for (const p of panes) if (Math.abs(p.netWrap.scrollLeft - left) > 1) p.netWrap.scrollLeft = left;
  }

  function build(names) {
    clear(root);
    panes = names.map((cell) => {
      const el = html("div", { class: "pane", "data-cell": cell }, root);
      const netWrap = html("div", { class: "net-wrap panel-network" }, el);
      netWrap.addEventListener("scroll", follow, { passive: true });
      const title = html("h2", { class: "pane-title" }, netWrap);
      const detailWrap = html("div", { class: "detail-wrap panel-detail" }, el);
      return { cell, el, netWrap, title, network: createNetwork(netWrap), detail: createDetail(detailWrap) };
    });
    cells = names.join(",");
  }

  return {
    // every column drawn (a large network draws most of its columns a few at a time)
    networks: () =>
      panes.map((p) => {
        p.network.finish();
        return p.network.el;
      }),
    ready: () => Promise.all(panes.map((p) => p.network.ready())),
    titles: () => panes.map((p) => t(`cell.${p.cell}`)),
    // the cursor only: cheap, once per animation frame
    frame({ traces, pos, state, range }) {
      for (const p of panes) {
        const trace = traces[p.cell];
        if (trace) p.network.update({ trace, pos, step: state.step, unit: state.unit, grad: state.grad, range, lang: state.lang });
      }
    },
    update({ traces, pos, state, range, compare }) {
      const names = Object.keys(traces);
      if (names.join(",") !== cells) build(names);
      for (const p of panes) {
        const trace = traces[p.cell];
        p.title.textContent = compare ? t(`cell.${p.cell}`) : "";
        p.title.hidden = !compare;
        p.network.update({ trace, pos, step: state.step, unit: state.unit, grad: state.grad, range, lang: state.lang });
        p.detail.update({ trace, step: state.step, unit: state.unit, layer: state.layer, lang: state.lang,
          title: compare ? t(`cell.${p.cell}`) : "" });
      }
    },
  };
}
