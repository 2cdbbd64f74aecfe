// View: the status line and warning banner: loading, server errors, overflow (non-finite values,
// drawn as gaps everywhere else).
//
// update(data) with data = {loading (bool), problem (the page's own complaint, e.g. too few
//   tokens, or null), error (server message or null), offline (bool),
//   example (bool: a stored example is shown), traces: {cell: trace} | null, lang}
import { html } from "../dom.js";
import { t } from "../i18n.js";

export function createBanner(root) {
  const el = html("div", { class: "banner", id: "banner", role: "status", "aria-live": "polite" }, root);
  return {
    el,
    update({ loading, problem, error, offline, example, traces }) {
      const messages = [];
      if (problem) messages.push(["error", problem]);
      else if (error) messages.push(["error", t("status.error", { msg: error })]);
      else if (offline) messages.push(["warn", t("status.offline")]);
      for (const [cell, trace] of Object.entries(traces || {})) {
        const nf = trace.nonfinite;
        const where = [...new Set([...(nf?.forward || []), ...(nf?.backward || [])])].sort((a, b) => a - b);
        if (where.length || nf?.fields?.length) {
          const stepsText = where.length ? where.map((s) => s + 1).join(", ") : "?";
          messages.push(["warn", `${t(`cell.${cell}`)}: ${t("status.nonfinite", { steps: stepsText })}`]);
        }
      }
      if (loading) messages.push(["info", t("status.loading")]);
      else if (example) messages.push(["info", t("status.example")]);
      el.replaceChildren(...messages.map(([kind, text]) => html("p", { class: `msg ${kind}`, "data-kind": kind }, null, text)));
      el.classList.toggle("alert", messages.some(([kind]) => kind !== "info"));
    },
  };
}
