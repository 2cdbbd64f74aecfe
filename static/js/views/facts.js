// View: a line of figures per cell above the charts: the total loss, the global gradient norm
// before and after clipping, and the parameter counts in the PyTorch and Keras conventions.
//
// update(data) with data = {traces: {cell: trace}, lang}. All figures are read from the trace.
import { fmt, html } from "../dom.js";
import { t } from "../i18n.js";

export function createFacts(root) {
  const el = html("dl", { class: "facts", id: "facts" }, root);
  let key = null;
  return {
    el,
    update({ traces, lang }) {
      if (key && key[0] === traces && key[1] === lang) return;
      key = [traces, lang];
      el.replaceChildren();
      for (const [cell, trace] of Object.entries(traces)) {
        const g = trace.param_grad_norms;
        const n = trace.param_count;
        html("dt", { "data-cell": cell }, el, t(`cell.${cell}`));
        const dd = html("dd", { "data-cell": cell }, el);
        html("span", {}, dd, t("facts.loss", { value: fmt(trace.total_loss) }));
        const norm = g.clipped ? t("facts.clipped", { before: fmt(g.global_before), after: fmt(g.global_after) })
          : t("facts.grad", { value: fmt(g.global_before) });
        html("span", { class: g.clipped ? "clipped" : "" }, dd, norm);
        html("span", {}, dd, t("facts.params", { pytorch: n.pytorch.toLocaleString(lang), keras: n.keras.toLocaleString(lang) }));
      }
    },
  };
}
