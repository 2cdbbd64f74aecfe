// Lesson panels that classify the /tasks page's review samples (in the page's language) under
// a few settings, one /api/v1/classify request each: scenes 16 (padding) and 17 (bidirectional).
//
//   reviewsPanel({className, model, settings, draw}) -> a panel spec (lessons/panels.js) whose
//   requests are {classify: [url per setting]}; draw({got, lang, box, summary, link}): got[k]
//   answers settings[k], link(setting) opens it on /tasks.
import { html } from "../dom.js";
import { REVIEWS } from "../tasks/samples.js";
import { appUrl } from "../paths.js";

export const reviewsQuery = (lang, model, setting) =>
  new URLSearchParams({ examples: JSON.stringify(REVIEWS[lang]), ...model, ...setting.query });

// the samples of the page's language (the /tasks page has English and Korean ones)
export const samplesLang = (state) => (state.lang === "ko" ? "ko" : "en");

export function reviewsPanel({ className, model, settings, draw }) {
  return {
    watch: ["lang"],
    requests: (state) => ({
      classify: settings.map((s) => `/api/v1/classify?${reviewsQuery(samplesLang(state), model, s)}`),
    }),
    create(root) {
      const box = html("div", { class: className }, root);
      const summary = html("p", { class: "lesson-check" }, root);
      return {
        draw({ state, data }) {
          const lang = samplesLang(state);
          const link = (setting) => appUrl(`/tasks?${reviewsQuery(lang, model, setting)}&lang=${lang}`);
          draw({ got: data.classify, lang, box, summary, link });
        },
      };
    },
  };
}
