// View: the keyboard help (`?`). update({open, lang, lesson}) shows or hides it (built when
// opened); in a lesson (static/js/lessons/) it lists the keys of the tour too.
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";

const KEYS = [
  ["key.space", "help.space"],
  ["← →", "help.arrows"],
  ["↑ ↓", "help.units"],
  ["b", "help.b"],
  ["t", "help.t"],
  ["1 2 3 4", "help.cells"],
  ["p", "help.p"],
  ["g", "help.g"],
  ["?", "help.help"],
  ["Esc", "help.esc"],
];
const LESSON_KEYS = [
  ["PageDown / n", "help.lesson.next"],
  ["PageUp / N", "help.lesson.prev"],
];

export function createHelp(root) {
  const el = html("div", { class: "help", id: "help", role: "dialog", "aria-modal": "true", hidden: true }, root);
  const card = html("div", { class: "help-card" }, el);
  const title = html("h2", {}, card);
  const list = html("dl", {}, card);
  const close = html("button", { type: "button", class: "wide" }, card);
  close.addEventListener("click", () => emit("help:toggle", { open: false }));
  el.addEventListener("click", (event) => {
    if (event.target === el) emit("help:toggle", { open: false });
  });
  return {
    el,
    update({ open, lang, lesson = false }) {
      el.hidden = !open;
      const shown = `${lang} ${lesson}`;
      if (!open || el.dataset.shown === shown) return;
      el.dataset.shown = shown;
      title.textContent = t("help.title");
      close.textContent = t("help.close");
      const keys = lesson ? [...LESSON_KEYS, ...KEYS] : KEYS;
      list.replaceChildren(
        ...keys.flatMap(([key, label]) => [
          html("dt", {}, null, key.startsWith("key.") ? t(key) : key),
          html("dd", {}, null, t(label)),
        ]),
      );
    },
  };
}
