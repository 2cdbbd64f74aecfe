// View: a line of figures per cell above the charts: the total loss, the global gradient norm
// before and after clipping, the parameter counts in the PyTorch and Keras conventions, the cell
// steps the backward pass walked (backward_steps: truncation's cost) and, for the RNN, the
// largest singular value and eigenvalue magnitude of W_hh (w_hh_spectrum of the first layer).
//
// update(data) with data = {traces: {cell: trace}, lang, notation}. All figures are read from the trace.
import { fmt, html } from "../dom.js";
import { t } from "../i18n.js";
import "./stage-strings.js";
import { rename } from "../notation.js";

export function createFacts(root) {
  const el = html("dl", { class: "facts", id: "facts" }, root);
  let key = null;
  return {
    el,
    update({ traces, lang, notation }) {
      if (key && key[0] === traces && key[1] === lang && key[2] === notation) return;
      key = [traces, lang, notation];
      el.replaceChildren();
      for (const [cell, trace] of Object.entries(traces)) {
        const g = trace.param_grad_norms;
        const n = trace.param_count;
        html("dt", { "data-cell": cell }, el, t(`cell.${cell}`));
        const dd = html("dd", { "data-cell": cell }, el);
        html("span", {}, dd, t("facts.loss", { value: fmt(trace.total_loss) }));
        const norm = g.clipped
          ? t("facts.clipped", { before: fmt(g.global_before), after: fmt(g.global_after) })
          : t("facts.grad", { value: fmt(g.global_before) });
        html("span", { class: g.clipped ? "clipped" : "" }, dd, norm);
        html(
          "span",
          {},
          dd,
          t("facts.params", { pytorch: n.pytorch.toLocaleString(lang), keras: n.keras.toLocaleString(lang) }),
        );
        html(
          "span",
          { class: "walked" },
          dd,
          t("facts.walked", { n: trace.backward_steps.total.toLocaleString(lang) }),
        );
        const spectrum = trace.layers[0].w_hh_spectrum;
        if (cell === "rnn" && spectrum) {
          const top = (rows) => Math.max(...rows[0]);
          html(
            "span",
            { class: "spectrum" },
            dd,
            t("facts.spectrum", {
              w: rename("W_hh"),
              sigma: fmt(top(spectrum.singular)),
              rho: fmt(top(spectrum.eig_abs)),
            }),
          );
        }
      }
    },
  };
}
