// Scene 17 panel: a bidirectional RNN classifier. The /tasks page's review samples (in the
// page's language) classified by an untrained RNN read forward only and both ways
// (/api/v1/classify, bidirectional=false and true). For the two longest sentences, word by word:
// the gradient of the loss reaching it (grad_input, ||dL/dx_t||). Forward only, the classifier
// reads the last state, so the first words get the least; the backward direction's final state
// has just read the first word, so both ends get gradient. Below: the classifier's input width
// (H against 2H, the final states concatenated) and the parameters (PyTorch's count).
// Each column heading opens that setting on /tasks.
//
// A panel spec (lessons/panels.js, reviews.js).
import { html } from "../dom.js";
import { reviewsPanel } from "./reviews.js";
import { t } from "../i18n.js";
import { num, shownNumber } from "./widgets.js";

export const WAYS = [
  { key: "fwd", query: { bidirectional: "false" } },
  { key: "bi", query: { bidirectional: "true" } },
];
const MODEL = { cell: "rnn", hidden: "8", train_steps: "0", pad: "post", mask: "true" };

// The indexes of the two longest sentences (the first of equals first).
export const longest = (lengths) => [...lengths.keys()].sort((a, b) => lengths[b] - lengths[a]).slice(0, 2);

function wordTable(answers, shownRows) {
  const table = html("table", { class: "lesson-table bidir-words" }, null);
  const body = html("tbody", {}, table);
  shownRows.forEach((b) => {
    const n = answers[0].lengths[b];
    const words = html("tr", { class: "bidir-sentence" }, body);
    html("th", { scope: "row" }, words, t("bi.word"));
    answers[0].tokens[b].slice(0, n).forEach((id) => {
      html("th", { scope: "col" }, words, answers[0].vocab[id]);
    });
    const top = Math.max(...answers.flatMap((a) => a.grad_input[b].slice(0, n)));
    answers.forEach((a, k) => {
      const row = html("tr", {}, body);
      html("th", { scope: "row" }, row, t(`bi.${WAYS[k].key}`));
      a.grad_input[b].slice(0, n).forEach((g, step) => {
        const cell = html("td", {}, row);
        num(cell, g, `${WAYS[k].key}.${b}.${step}`, 2);
        const bar = html("div", { class: "bidir-bar" }, cell);
        bar.style.width = `${Math.max(2, (100 * g) / top)}%`;
      });
    });
  });
  return table;
}

function factsTable(answers, link) {
  const table = html("table", { class: "lesson-table params bidir-facts" }, null);
  const head = html("tr", {}, html("thead", {}, table));
  html("th", { scope: "col" }, head);
  WAYS.forEach((w) => {
    const th = html("th", { scope: "col" }, head);
    html("a", { href: link(w) }, th, t(`bi.${w.key}`));
  });
  const body = html("tbody", {}, table);
  const input = html("tr", {}, body);
  html("th", { scope: "row" }, input, t("bi.input"));
  answers.forEach((a, k) => {
    const td = html("td", {}, input);
    num(td, a.final_state[0].length, `input.${WAYS[k].key}`);
    html("span", {}, td, k ? " (2H)" : " (H)");
  });
  const params = html("tr", {}, body);
  html("th", { scope: "row" }, params, t("bi.params"));
  answers.forEach((a, k) => {
    num(html("td", {}, params), a.param_count.pytorch, `params.${WAYS[k].key}`);
  });
  return table;
}

export const bidir = reviewsPanel({ className: "lesson-bidir", model: MODEL, settings: WAYS, draw });

function draw({ got, box, summary, link }) {
  const rows = longest(got[0].lengths);
  const scrolls = [wordTable(got, rows), factsTable(got, link)].map((table) => {
    const wrap = html("div", { class: "bidir-scroll" }, null);
    wrap.append(table);
    return wrap;
  });
  box.replaceChildren(...scrolls);
  const b = rows[0];
  const last = got[0].lengths[b] - 1;
  const [fwd, bi] = got.map((a) => a.grad_input[b][0] / a.grad_input[b][last]);
  summary.textContent = t("bi.summary", {
    text: got[0].request.examples[b][0],
    fwd: shownNumber(fwd, 2),
    bi: shownNumber(bi, 2),
  });
}
