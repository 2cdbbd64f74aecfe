// Every URL explains itself: what a link asks for that the page cannot show, said in the
// page's language with what to change, instead of a blank page or a silent fallback.
//
// linkProblems(search)     the query's unknown parameters and values that do not parse
//                          (state.js falls back to the default for those)
// viewProblems(state, tr)  a step, unit or layer past what the link's trace has
// tokenProblem(state, max) too few or too many tokens for a trace, with a fix when one exists
// Each problem is {say, fix?: {say, patch}}, `say` a function giving the text in the page's
// current language: the banner shows it, and a button for the fix.
import { t } from "./i18n.js";
import { PROPS, defaults, parseValue } from "./state.js";

const BY_NAME = Object.fromEntries(PROPS.map((p) => [p.name, p]));

// Edit distance, for "did you mean": only between short parameter names.
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function nearest(name) {
  const lower = name.toLowerCase();
  const scored = PROPS.map((p) => [distance(lower, p.name), p.name]).sort((a, b) => a[0] - b[0]);
  return scored[0][0] <= 2 ? scored[0][1] : null;
}

// What a property takes, in words: "a whole number from 1 to 256", "rnn, lstm, gru or compare".
export function allowed(prop) {
  const values = (prop.values || []).join(", ");
  const args = { min: prop.min, max: prop.type === "str" ? prop.maxLength : prop.max, values };
  const key = `link.${prop.type}${prop.minOpen ? ".open" : ""}`; // link.int, link.float, link.float.open, ...
  return t(key, args) + (prop.nullable ? t("link.empty") : "");
}

const clip = (raw) => (raw.length > 24 ? `${raw.slice(0, 24)}…` : raw);

export function linkProblems(search) {
  const params = new URLSearchParams(search);
  const out = [];
  const fallback = defaults();
  for (const [name, raw] of params) {
    const prop = BY_NAME[name];
    if (!prop) {
      const near = nearest(name);
      out.push({ say: () => t(near ? "link.unknown.near" : "link.unknown", { name: clip(name), near }) });
      continue;
    }
    const value = parseValue(prop, raw);
    const partial = prop.type === "list" && raw.split(",").some((v) => v && !prop.values.includes(v));
    if (value !== undefined && !partial) continue;
    const shown = prop.type === "list" ? (value ?? []).join(",") : fallback[name];
    const args = () => ({
      name,
      raw: clip(raw),
      allowed: allowed(prop),
      value: shown === null ? t("opt.unset") : String(shown),
    });
    out.push({ say: () => t(prop.type === "list" ? "link.list.bad" : "link.bad", args()) });
  }
  return out;
}

// A step, unit or layer the link picked past what its trace has (the page shows the last one).
export function viewProblems(state, trace) {
  const T = trace.targets.length;
  const H = trace.layers[0].h[0].length;
  const L = trace.layers.length;
  const out = [];
  const check = (name, value, most) => {
    if (value > most) out.push({ say: () => t("link.past", { name, raw: value, most, shown: most }) });
  };
  check("step", state.step, T);
  check("unit", state.unit, H);
  check("layer", state.layer, L);
  return out;
}

// Too few or too many tokens for a trace (the server would refuse it): said here instead.
export function tokenProblem(state, max) {
  const text = state.text.normalize("NFC");
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  const chars = Array.from(text).length;
  const n = state.tokens === "word" ? words : chars;
  const unit = () => t(`tokens.${state.tokens}`);
  if (n < 2) {
    const fix =
      state.tokens === "word" && chars >= 2 ? { say: () => t("link.fix.char"), patch: { tokens: "char" } } : null;
    return { say: () => t("status.short", { n, unit: unit() }), fix };
  }
  if (n > max) return { say: () => t("status.long", { n, max, unit: unit() }) };
  return null;
}
