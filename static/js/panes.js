// The per-cell panes: one (single cell) or three (compare), each a network diagram and a cell
// detail panel, and under the last network the legend of their colours and arrows.
// update(data) hands every pane its own trace and the shared cursor.
import { clear, html } from "./dom.js";
import { t } from "./i18n.js";
import { createDetail } from "./views/detail.js";
import { createLegend } from "./views/legend.js";
import { gliding } from "./views/net-scroll.js";
import { createNetwork } from "./views/network.js";

export function createPanes(root) {
  let panes = [];
  let cells = "";
  let legend = null;

  // Compare: scrolling one long network sideways scrolls the other two with it (they share
  // their width, so the same scrollLeft shows the same steps).
  // Each network glides to its own step by itself (net-scroll.js): those scrolls are not followed.
  function follow(event) {
    if (gliding(event.target)) return;
    const left = event.target.scrollLeft;
    for (const p of panes)
      if (Math.abs(p.scroller.scrollLeft - left) > 1 && !gliding(p.scroller)) p.scroller.scrollLeft = left;
  }

  // A pane's network scrolls sideways inside its box; its title and the legend stay put.
  function build(names) {
    clear(root);
    panes = names.map((cell) => {
      const el = html("div", { class: "pane", "data-cell": cell }, root);
      const netWrap = html("div", { class: "net-wrap panel-network" }, el);
      const title = html("h2", { class: "pane-title" }, netWrap);
      const scroller = html("div", { class: "net-scroll" }, netWrap);
      scroller.addEventListener("scroll", follow, { passive: true });
      const detailWrap = html("div", { class: "detail-wrap panel-detail" }, el);
      return { cell, el, netWrap, scroller, title, network: createNetwork(scroller), detail: createDetail(detailWrap) };
    });
    legend = createLegend(panes[panes.length - 1].netWrap);
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
        if (trace)
          p.network.update({
            trace,
            pos,
            step: state.step,
            unit: state.unit,
            grad: state.grad,
            range,
            lang: state.lang,
            present: state.present,
          });
      }
    },
    update({ traces, pos, state, range, compare }) {
      const names = Object.keys(traces);
      if (names.join(",") !== cells) build(names);
      for (const p of panes) {
        const trace = traces[p.cell];
        p.title.textContent = compare ? t(`cell.${p.cell}`) : "";
        p.title.hidden = !compare;
        p.network.update({
          trace,
          pos,
          step: state.step,
          unit: state.unit,
          grad: state.grad,
          range,
          lang: state.lang,
          present: state.present,
        });
        p.detail.update({
          trace,
          step: state.step,
          unit: state.unit,
          layer: state.layer,
          lang: state.lang,
          notation: state.notation,
          title: compare ? t(`cell.${p.cell}`) : "",
          names: p === panes[panes.length - 1] ? names : [], // the notation table once, under the last
        });
      }
      const gates = Object.values(traces).some((tr) => tr.request.cell !== "rnn");
      legend.update({ range, grad: state.grad, gates, lang: state.lang });
    },
  };
}
