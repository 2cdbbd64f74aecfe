// The generation view of the tasks page: the language model of the main page (trained on the
// typed text), read two ways. P(text) as a chain of conditionals: each step's p(x_t | x_<t)
// from the trace's softmax, its log-probability, and their sum (the first token is given).
// Sampling: from a start token at a temperature, each step's distribution and the token drawn
// (/api/v1/sample). Text is set with textContent.
import { el } from "../corpus/dom.js";
import { shown } from "../dom.js";
import { apply, t } from "../i18n.js";
import { fmt } from "./colors.js";
import { card } from "./parts.js";

function bar(p, cls = "") {
  const fill = el("span", { class: "bar" });
  fill.style.width = `${Math.max(0.5, 100 * p)}%`;
  return el("span", { class: `track ${cls}` }, fill);
}

function chain(tr) {
  const tokens = tr.tokens;
  const sep = tr.request.tokens === "word" ? " " : "";
  let sum = 0;
  const rows = tr.targets.map((target, s) => {
    const p = tr.probs[s][target];
    const lp = Math.log(p);
    sum += lp;
    const given = tokens.slice(0, s + 1).join(sep);
    return el(
      "tr",
      {},
      el("td", { class: "cond", text: `p(${shown(tokens[s + 1])} | ${given})` }),
      el("td", { class: "num", text: fmt(p) }),
      el("td", {}, bar(p)),
      el("td", { class: "num", text: fmt(lp) }),
    );
  });
  const head = el(
    "tr",
    {},
    el("th", { i18n: "tasks.gen.factor" }),
    el("th", { text: "p" }),
    el("th", {}),
    el("th", { text: "log p" }),
  );
  const total = el("p", {
    class: "t-loss",
    text: t("tasks.gen.total", {
      text: tokens.join(sep),
      first: tokens[0],
      logp: fmt(sum),
      p: fmt(Math.exp(sum)),
      steps: tr.targets.length,
    }),
  });
  return card(
    "t-chain",
    "tasks.gen.chain",
    el("p", { class: "t-hint", i18n: "tasks.gen.chain.hint" }),
    el("div", { class: "scroll-x" }, el("table", { class: "chain" }, el("thead", {}, head), el("tbody", {}, ...rows))),
    total,
  );
}

function sampled(s, vocab) {
  const steps = s.probs.map((dist, k) => {
    const drawn = s.tokens[k + 1];
    const top = vocab
      .map((w, v) => [w, dist[v]])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
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
          el("span", { class: "num", text: fmt(p) }),
        ),
      ),
    );
  });
  const sep = s.request.tokens === "word" ? " " : "";
  return card(
    "t-sample",
    "tasks.gen.sample",
    el("p", { class: "sentence", text: s.tokens.join(sep) }),
    el("p", { class: "t-hint", text: t("tasks.gen.sample.hint", { start: s.tokens[0], temp: s.request.temperature }) }),
    el("div", { class: "scroll-x draws" }, ...steps),
  );
}

export function renderGenerate(box, trace, sample) {
  box.replaceChildren(chain(trace), sampled(sample, trace.vocab));
  apply(box);
}
