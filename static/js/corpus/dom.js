// Small builders for the corpus page: elements with text (never HTML) and labelled inputs.
import { errorNow } from "../api.js";
import { t } from "../i18n.js";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k === "i18n") node.dataset.i18n = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

export function field(labelKey, input) {
  return el("label", { class: "corpus-field" }, el("span", { i18n: labelKey }), input);
}

// Seconds as m:ss (h:mm:ss past an hour): the same in both languages.
export function clock(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  const pad = (n) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

// What a failed request (api.js request()) says on the page, in its language now: said from the
// answer each time, so that a refusal on screen is said again after the language changes.
// `label(field)` names a field as the page's form does (refusals.js refusalLine).
export function refused(r, label = null) {
  if (r.offline) return t("corpus.offline");
  return t("corpus.error", { msg: errorNow(r, label) });
}
