// View: the page-level buttons: advanced drawer, language, theme, presentation mode, panels
// shown or hidden, export, keyboard help; on a phone, "More" unfolds the rarely used ones.
//
// update(state) reflects drawer / lang / theme / present / hide.
// Emits ui:toggle {name}, state:patch, export {kind}, help:toggle.
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { getLang, t } from "../i18n.js";
import { PANELS } from "../state.js";
import { appUrl } from "../paths.js";

function toggle(parent, id, key, name) {
  const b = html("button", { type: "button", id, class: "toggle", "data-i18n": key }, parent);
  b.addEventListener("click", () => emit("ui:toggle", { name }));
  return b;
}

function menu(parent, id, key) {
  const details = html("details", { class: "menu", id }, parent);
  html("summary", { "data-i18n": key }, details);
  const body = html("div", { class: "menu-body" }, details);
  document.addEventListener("click", (event) => {
    if (!details.contains(event.target)) details.open = false;
  });
  return body;
}

export function createToolbar(root) {
  const el = html("div", { class: "toolbar" }, root);
  const drawer = toggle(el, "btn-drawer", "ui.advanced", "drawer");
  const panels = menu(el, "menu-panels", "ui.show");
  const checks = PANELS.map((name) => {
    const label = html("label", { class: "check" }, panels);
    const box = html("input", { type: "checkbox", "data-panel": name }, label);
    html("span", { "data-i18n": `panel.${name}` }, label);
    box.addEventListener("change", () => emit("panel:toggle", { name, show: box.checked }));
    return box;
  });
  const exports = menu(el, "menu-export", "ui.export");
  for (const kind of ["png", "svg", "json", "csv"]) {
    const b = html("button", { type: "button", "data-export": kind, "data-i18n": `export.${kind}` }, exports);
    b.addEventListener("click", () => emit("export", { kind }));
  }
  // the other tasks (classification, sequence to sequence): their own page, same look
  // generation (generate/panel.js): sample from the model shown, P(text) as a chain (key g)
  const gen = toggle(el, "btn-gen", "ui.gen", "gen");
  const tasks = html(
    "a",
    { id: "link-tasks", class: "toolbar-link", href: appUrl("/tasks"), "data-i18n": "ui.tasks" },
    el,
  );
  const theme = toggle(el, "btn-theme", "ui.theme", "theme");
  const present = toggle(el, "btn-present", "ui.present", "present");
  const lang = html("button", { type: "button", id: "btn-lang", class: "toggle" }, el);
  lang.addEventListener("click", () => emit("ui:toggle", { name: "lang" }));
  const keys = html("button", { type: "button", id: "btn-keys", class: "icon", "data-i18n-title": "ui.keys" }, el, "?");
  keys.addEventListener("click", () => emit("help:toggle", {}));
  // On a phone (app.css) the rarely used controls fold behind this one button, so that the
  // network is on the first screen; wider screens show them all and never this button.
  const more = html("button", { type: "button", id: "btn-more", "aria-expanded": "false", "data-i18n": "ui.more" }, el);
  more.addEventListener("click", () => {
    const open = !el.classList.contains("open");
    el.classList.toggle("open", open);
    more.setAttribute("aria-expanded", String(open));
  });

  return {
    el,
    update(state) {
      const key = [state.drawer, state.theme, state.present, state.lang, state.hide.join(), state.gen].join("/");
      if (el.dataset.state === key) return;
      el.dataset.state = key;
      drawer.setAttribute("aria-pressed", String(state.drawer));
      gen.setAttribute("aria-pressed", String(state.gen));
      theme.setAttribute("aria-pressed", String(state.theme === "dark"));
      present.setAttribute("aria-pressed", String(state.present));
      lang.textContent = t("ui.lang");
      lang.setAttribute("lang", state.lang === "ko" ? "en" : "ko");
      for (const box of checks) box.checked = !state.hide.includes(box.dataset.panel);
      const look = new URLSearchParams({
        lang: state.lang || getLang(),
        ...(state.theme === "dark" ? { theme: "dark" } : {}),
        ...(state.present ? { present: "1" } : {}),
      });
      tasks.setAttribute("href", appUrl(`/tasks?${look}`));
    },
  };
}
