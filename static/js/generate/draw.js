// What the generation panel draws (panel.js), from two answers of the same model. P(text) as a
// chain of conditionals: each step's p(x_t+1 | x_<=t) read from the trace's softmax, its
// log-probability, and their sum (the first token is given). Sampling (/api/v1/sample): from a
// start token at a temperature, each step's distribution (its five most likely tokens) and the
// token drawn, which is the next input. Text is set with textContent.
import { el } from "../corpus/dom.js";
import { shown } from "../dom.js";
import { t } from "../i18n.js";
import { fmt } from "../tasks/colors.js";

const TOP = 5; // candidates shown per step
const PRODUCT = 10; // factors written out in the product line

const card = (id, heading, ...children) =>
  el("section", { class: "gen-card", id }, el("h3", { i18n: heading }), ...children);

function bar(p) {
  const fill = el("span", { class: "bar" });
  fill.style.width = `${Math.max(0.5, 100 * p)}%`;
  return el("span", { class: "track" }, fill);
}

// A probability as the room reads it: near 1 as 1 − ε (0.99987 is "1 − 1.3×10⁻⁴", not "1"),
// with ε given when known exactly (from a log-probability: 1 − e^lp = −expm1(lp)).
export function prob(p, rest = 1 - p) {
  return p > 0.99 && rest > 0 ? `1 − ${fmt(rest)}` : fmt(p);
}

const joiner = (request) => (request.tokens === "word" ? " " : "");

// The chain rule over the trace's own softmax: rows of [condition, p, bar, log p] and the sum.
export function chain(tr) {
  const tokens = tr.tokens;
  const sep = joiner(tr.request);
  let sum = 0;
  const rows = tr.targets.map((target, s) => {
    const p = tr.probs[s][target];
    // the step's cross-entropy is -log p: the server's float64 figure keeps its digits when p
    // is near 1, where the log of a rounded p would not
    const lp = -tr.loss[s];
    sum += lp;
    const given = tokens
      .slice(0, s + 1)
      .map(shown)
      .join(sep);
    return el(
      "tr",
      { "data-logp": String(lp) },
      el("td", { class: "cond", text: `p(${shown(tokens[s + 1])} | ${given})` }),
      el("td", { class: "num", text: prob(p, -Math.expm1(lp)) }),
      el("td", {}, bar(p)),
      el("td", { class: "num", text: fmt(lp) }),
    );
  });
  const head = el(
    "tr",
    {},
    el("th", { i18n: "gen.factor" }),
    el("th", { text: "p" }),
    el("th", {}),
    el("th", { text: "log p" }),
  );
  const total = el("p", {
    class: "gen-total",
    "data-logp": String(sum),
    text: t("gen.total", {
      text: tokens.join(sep),
      first: tokens[0],
      logp: fmt(sum),
      p: prob(Math.exp(sum), -Math.expm1(sum)),
      steps: tr.targets.length,
    }),
  });
  // the chain rule written out, as the notes write it: P(text) is the product of the factors
  // (up to PRODUCT of them; a longer text shows its first and last few)
  const ps = tr.targets.map((target, s) => prob(tr.probs[s][target], -Math.expm1(-tr.loss[s])));
  const factors = ps.length > PRODUCT ? [...ps.slice(0, 4), "…", ...ps.slice(-3)] : ps;
  const product = el("p", {
    class: "gen-product",
    text: `P(${tokens.join(sep)} | ${tokens[0]}) = ${factors.map((f) => (f.includes("−") ? `(${f})` : f)).join(" × ")} = ${prob(Math.exp(sum), -Math.expm1(sum))}`,
  });
  // the factor the model least expected: where the text surprised it
  const least = tr.targets.reduce((m, target, s) => (tr.probs[s][target] < tr.probs[m][tr.targets[m]] ? s : m), 0);
  rows[least]?.classList.add("least");
  return card(
    "gen-chain",
    "gen.chain",
    el("p", { class: "gen-hint", i18n: "gen.chain.hint" }),
    product,
    total,
    el(
      "div",
      { class: "gen-scroll chain-wrap" },
      el("table", { class: "chain" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    ),
  );
}

// The sample: the continuation, then one box per step with its top candidates and the draw.
export function sampled(s) {
  const vocab = s.vocab;
  const steps = s.probs.map((dist, k) => {
    const drawn = s.tokens[k + 1];
    const top = vocab
      .map((w, v) => [w, dist[v]])
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP);
    if (!top.some(([w]) => w === drawn)) top[top.length - 1] = [drawn, dist[vocab.indexOf(drawn)]];
    return el(
      "div",
      { class: "draw" },
      el("div", { class: "drawn", text: shown(drawn) }),
      ...top.map(([w, p]) =>
        el(
          "div",
          { class: `cand${w === drawn ? " picked" : ""}` },
          el("span", { class: "w", text: shown(w) }),
          bar(p),
          el("span", { class: "num", text: prob(p) }),
        ),
      ),
    );
  });
  return card(
    "gen-sample",
    "gen.sample",
    // the start token (given) apart from the drawn ones
    el(
      "p",
      { class: "sentence" },
      el("span", { class: "given", text: s.tokens[0] }),
      el("span", { text: `${joiner(s.request)}${s.tokens.slice(1).join(joiner(s.request))}` }),
    ),
    el("p", { class: "gen-hint", text: t("gen.sample.hint", { start: s.tokens[0], temp: s.request.temperature }) }),
    el("div", { class: `gen-scroll draws${s.request.tokens === "word" ? " words" : ""}` }, ...steps),
  );
}

// Compare mode: one sample per cell, side by side, from the same start, temperature and seed,
// each with what the typed text costs that cell (log P from its own trace) and one click to
// look at it alone. `items`: [{cell, sample (an answer of /api/v1/sample or null while it
// comes), trace, error}].
export function cellSamples(items, open) {
  const cards = items.map(({ cell, sample, trace, error }) => {
    const sep = joiner(trace.request);
    const logp = -trace.loss.reduce((a, b) => a + b, 0);
    const button = el("button", { type: "button", class: "gen-open", "data-cell": cell });
    button.textContent = t("gen.cells.open", { cell: cell.toUpperCase() });
    button.addEventListener("click", () => open(cell));
    const sentence = sample
      ? el(
          "p",
          { class: "sentence" },
          el("span", { class: "given", text: sample.tokens[0] }),
          el("span", { text: `${sep}${sample.tokens.slice(1).join(sep)}` }),
        )
      : el("p", { class: `gen-hint${error ? " error" : ""}`, text: error ?? t("gen.loading") });
    const total = el("p", {
      class: "gen-total",
      "data-logp": String(logp),
      text: t("gen.cells.logp", {
        text: trace.tokens.join(sep),
        first: trace.tokens[0],
        logp: fmt(logp),
        p: prob(Math.exp(logp), -Math.expm1(logp)),
      }),
    });
    return el(
      "section",
      { class: "gen-card gen-cell", "data-cell": cell },
      el("h3", { text: cell.toUpperCase() }),
      sentence,
      total,
      button,
    );
  });
  return el("div", { class: "gen-cells", id: "gen-cells" }, ...cards);
}
