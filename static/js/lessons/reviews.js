// Lesson panels that classify the /tasks page's review samples (in the page's language) under
// a few settings, one /api/v1/classify request each: scenes 16 (padding) and 17 (bidirectional).
//
//   reviewsPanel(root, {className, model, settings, draw}) -> {update({state})}
//   draw({got, lang, box, summary, link}): got[k] answers settings[k]; link(setting) opens it
//   on /tasks. The box's data-api lists the requests (the tests read it).
import { html } from "../dom.js";
import { REVIEWS } from "../tasks/samples.js";
import { getAll, guard } from "./load.js";
import { memo, note } from "./widgets.js";

export const reviewsQuery = (lang, model, setting) =>
  new URLSearchParams({ examples: JSON.stringify(REVIEWS[lang]), ...model, ...setting.query });

export function reviewsPanel(root, { className, model, settings, draw }) {
  const box = html("div", { class: className }, root);
  const summary = html("p", { class: "lesson-check" }, root);
  const status = note(root);
  const rounds = guard();
  const changed = memo();
  const link = (lang) => (setting) => `/tasks?${reviewsQuery(lang, model, setting)}&lang=${lang}`;

  async function render(lang) {
    const round = rounds.next();
    const urls = settings.map((s) => `/api/v1/classify?${reviewsQuery(lang, model, s)}`);
    box.dataset.api = urls.join(" ");
    const got = await getAll(urls, status, () => rounds.current(round));
    if (got) draw({ got, lang, box, summary, link: link(lang) });
  }

  return {
    update(ctx) {
      const lang = ctx.state.lang === "ko" ? "ko" : "en";
      if (changed([lang])) render(lang);
    },
  };
}
