// Scene 16 panel: padding and masking in a many-to-one RNN. The course's review samples (the
// /tasks page's, in the page's language) classified by an untrained RNN three ways: post-padding
// with a mask (pack_padded_sequence), pre-padding without one, post-padding without one. For
// each sentence: its pads, and how much of the loss's gradient reaches its words (the sum of
// ||dL/dx_t|| over its real tokens, /api/v1/classify's grad_input). Without a mask, post-padding
// puts the pads between the words and the classifier: the gradient fades crossing them.
// Each setting's column heading opens it on /tasks.
//
// update({state}).
import { html } from "../dom.js";
import { REVIEWS } from "../tasks/samples.js";
import { getJSON, guard } from "./load.js";
import { lt } from "./text.js";
import { memo, note, num } from "./widgets.js";

export const SETTINGS = [
  { key: "masked", query: { pad: "post", mask: "true" } },
  { key: "pre", query: { pad: "pre", mask: "false" } },
  { key: "post", query: { pad: "post", mask: "false" } },
];
const MODEL = { cell: "rnn", hidden: "8", train_steps: "0" };

export function settingQuery(lang, setting) {
  return new URLSearchParams({ examples: JSON.stringify(REVIEWS[lang]), ...MODEL, ...setting.query });
}

export function createPadding(root) {
  const box = html("div", { class: "lesson-padding" }, root);
  const summary = html("p", { class: "lesson-check" }, root);
  const status = note(root);
  const rounds = guard();
  const changed = memo();

  async function render(lang) {
    const round = rounds.next();
    const urls = SETTINGS.map((s) => `/api/v1/classify?${settingQuery(lang, s)}`);
    box.dataset.api = urls.join(" ");
    status.show("lesson.loading");
    const got = await Promise.all(urls.map(getJSON));
    if (!rounds.current(round)) return;
    const failed = got.find((g) => g.error);
    if (failed) return status.show("lesson.error", { msg: failed.error });
    status.show(null);
    const reach = got.map((a) =>
      a.grad_input.map((row, b) => row.reduce((sum, g, t) => sum + (a.mask[b][t] ? g : 0), 0)),
    );
    const table = html("table", { class: "lesson-table" }, null);
    const head = html("tr", {}, html("thead", {}, table));
    html("th", { scope: "col" }, head, lt("pad.sentence"));
    html("th", { scope: "col" }, head, lt("pad.pads"));
    SETTINGS.forEach((s) => {
      const th = html("th", { scope: "col" }, head);
      html("a", { href: `/tasks?${settingQuery(lang, s)}&lang=${lang}` }, th, lt(`pad.${s.key}`));
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
    summary.replaceChildren();
    summary.textContent = lt("pad.summary", { ratio: Math.round(1 / worst) });
  }

  return {
    update(ctx) {
      const lang = ctx.state.lang === "ko" ? "ko" : "en";
      if (changed([lang])) render(lang);
    },
  };
}
