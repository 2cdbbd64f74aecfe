// Korean and English labels: the page's one i18n function. t(key, args) looks a key up in the
// current language; apply(root) fills every element that carries data-i18n (textContent),
// data-i18n-title (title and aria-label) or data-i18n-placeholder. Only textContent and
// setAttribute are used. strings.js holds the shared labels and the main page's bars'; the
// stage's views, /corpus, /tasks, generation and the lessons keep theirs in a module of their own
// that adds them here as it loads (addStrings: views/stage-strings.js, lessons/text.js, ...); a
// key is defined once.
import { STRINGS } from "./strings.js";

let lang = "en";

export function addStrings(tables) {
  for (const [code, table] of Object.entries(tables)) {
    const twice = Object.keys(table).filter((key) => key in STRINGS[code]);
    if (twice.length) throw new Error(`i18n: ${twice.join(", ")} defined twice`);
    Object.assign(STRINGS[code], table);
  }
}

export function setLang(next) {
  lang = STRINGS[next] ? next : "en";
  document.documentElement.setAttribute("lang", lang);
}

export function getLang() {
  return lang;
}

export function t(key, args = {}) {
  const template = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in args ? String(args[name]) : `{${name}}`));
}

// Writes only what differs: an unchanged label costs no DOM mutation (and so no re-layout).
export function apply(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    const text = t(node.dataset.i18n);
    if (node.textContent !== text) node.textContent = text;
  }
  const attr = (node, name, text) => {
    if (node.getAttribute(name) !== text) node.setAttribute(name, text);
  };
  for (const node of root.querySelectorAll("[data-i18n-title]")) {
    const text = t(node.dataset.i18nTitle);
    attr(node, "title", text);
    attr(node, "aria-label", text);
  }
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) {
    attr(node, "placeholder", t(node.dataset.i18nPlaceholder));
  }
}
