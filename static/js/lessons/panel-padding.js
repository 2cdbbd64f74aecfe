// Scene 16 panel: padding and masking in a many-to-one RNN. The course's review samples (the
// /tasks page's, in the page's language) classified by an untrained RNN three ways: post-padding
// with a mask (pack_padded_sequence), pre-padding without one, post-padding without one. For
// each sentence: its pads, and how much of the loss's gradient reaches its words (the sum of
// ||dL/dx_t|| over its real tokens, /api/v1/classify's grad_input). Without a mask, post-padding
// puts the pads between the words and the classifier: the gradient fades crossing them.
// Each setting's column heading opens it on /tasks.
//
// A panel spec (lessons/panels.js, reviews.js).
import { html } from "../dom.js";
import { reviewsPanel } from "./reviews.js";
import { t } from "../i18n.js";
import { num } from "./widgets.js";

export const SETTINGS = [
  { key: "masked", query: { pad: "post", mask: "true" } },
  { key: "pre", query: { pad: "pre", mask: "false" } },
  { key: "post", query: { pad: "post", mask: "false" } },
];
const MODEL = { cell: "rnn", hidden: "8", train_steps: "0" };

export const padding = reviewsPanel({ className: "lesson-padding", model: MODEL, settings: SETTINGS, draw });

function draw({ got, box, summary, link }) {
  const reach = got.map((a) =>
    a.grad_input.map((row, b) => row.reduce((sum, g, step) => sum + (a.mask[b][step] ? g : 0), 0)),
  );
  const table = html("table", { class: "lesson-table" }, null);
  const head = html("tr", {}, html("thead", {}, table));
  html("th", { scope: "col" }, head, t("pad.sentence"));
  html("th", { scope: "col" }, head, t("pad.pads"));
  SETTINGS.forEach((s) => {
    const th = html("th", { scope: "col" }, head);
    html("a", { href: link(s) }, th, t(`pad.${s.key}`));
  });
  const body = html("tbody", {}, table);
  got[0].request.examples.forEach(([text], b) => {
    const row = html("tr", {}, body);
    html("td", {}, row, text);
    num(html("td", {}, row), got[0].tokens[b].length - got[0].lengths[b], `pads.${b}`, 2);
    reach.forEach((r, k) => {
      num(html("td", {}, row), r[b], `${SETTINGS[k].key}.${b}`);
    });
  });
  box.replaceChildren(table);
  const worst = reach[0].map((r, b) => reach[2][b] / r).reduce((a, b) => Math.min(a, b));
  summary.textContent = t("pad.summary", { ratio: Math.round(1 / worst) });
}
