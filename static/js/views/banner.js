// View: the status line and warning banner: loading, server errors, overflow (non-finite values,
// drawn as gaps everywhere else), and what the opened link asked for that the page cannot show.
//
// update(data) with data = {loading (bool), problem ({say, fix?: {say, patch}}, links.js: the
//   page's own complaint, e.g. too few tokens, or null), error (server message or null),
//   offline (bool), link ([{say}]: the link's problems, links.js), example (bool: a stored
//   example is shown),
//   traces: {cell: trace} | null, lang}
// Emits state:patch with a problem's fix, link:dismiss.
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";

// 0-based steps -> "3, 5, 8" or "198–239" (1-based) for a long run.
function stepList(steps) {
  const sorted = [...steps].sort((a, b) => a - b).map((s) => s + 1);
  return sorted.length > 8 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(", ");
}

function button(parent, label, onClick) {
  const b = html("button", { type: "button", class: "msg-action" }, parent, label);
  b.addEventListener("click", onClick);
}

export function createBanner(root) {
  const el = html("div", { class: "banner", id: "banner", role: "status", "aria-live": "polite" }, root);
  return {
    el,
    update({ loading, problem, error, offline, link = [], example, traces }) {
      const messages = [];
      if (problem) messages.push(["error", problem.say(), problem.fix]);
      else if (error) messages.push(["error", t("status.error", { msg: error })]);
      else if (offline) messages.push(["warn", t("status.offline")]);
      for (const [cell, trace] of Object.entries(traces || {})) {
        const nf = trace.nonfinite;
        const fwd = nf?.forward || [];
        const bwd = nf?.backward || [];
        if (fwd.length || bwd.length) {
          const parts = [
            [fwd, "phase.fwd"],
            [bwd, "phase.bwd"],
          ].filter(([s]) => s.length);
          const steps = parts.map(([s, key]) => `${t(key)} ${t("status.steps", { list: stepList(s) })}`).join(", ");
          messages.push(["warn", `${t(`cell.${cell}`)}: ${t("status.nonfinite", { steps })}`]);
        } else if (nf?.fields?.length) {
          messages.push([
            "warn",
            `${t(`cell.${cell}`)}: ${t("status.nonfinite.fields", { fields: nf.fields.join(", ") })}`,
          ]);
        }
      }
      for (const [k, p] of link.entries())
        messages.push(["warn link", p.say(), k === link.length - 1 ? "dismiss" : null]);
      if (example) messages.push(["info", t("status.example")]);
      else if (loading) messages.push(["info", t("status.loading")]);
      el.replaceChildren(
        ...messages.map(([kind, text, action]) => {
          const p = html("p", { class: `msg ${kind}`, "data-kind": kind.split(" ")[0] }, null, text);
          if (action === "dismiss") button(p, t("link.dismiss"), () => emit("link:dismiss"));
          else if (action) button(p, action.say(), () => emit("state:patch", { patch: action.patch }));
          return p;
        }),
      );
      el.classList.toggle(
        "alert",
        messages.some(([kind]) => kind !== "info"),
      );
    },
  };
}
