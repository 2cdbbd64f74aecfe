// Lessons mode: a guided tour of scenes (scenes.js). A scene is the page's own URL state plus
// `lesson=<n>`: the page draws the model as usual, and this module adds the scene's explanation,
// its live panel (panels.js) and highlights. A scene opens on its title (focus.js). Next/previous
// by buttons; PageDown/n first show the highlights of a scene that declares some (its one
// build), then go to the next scene; PageUp/N first go back up to the title (focus.js).
//
// It talks to the page only through the bus: it hears `app:render` {state, traces, url} after
// every render (main.js) and asks for a scene with `state:patch`; it writes no URL (a short
// link is opened by main.js, link.js `opened`). Without `lesson` in the URL it only adds a
// link into the tour to the top bar.
import { emit, on } from "../bus.js";
import { clear, html } from "../dom.js";
import { getLang, setLang, t } from "../i18n.js";
import { apiRequest, parse, serialize } from "../state.js";
import { createFocus } from "./focus.js";
import { applyHighlights } from "./highlight.js";
import { opened, sceneLink, sceneState } from "./link.js";
import { createPanel } from "./panels.js";
import { named } from "./widgets.js";
import { SCENES } from "./scenes.js";
import "./text.js"; // the lessons' labels, added to the page's i18n table

const N = SCENES.length;
function createLessons() {
  const el = html("section", { id: "lesson", class: "lesson", hidden: true });
  document.getElementById("topbar").after(el);
  const start = html("a", { id: "lesson-start", class: "lesson-start" }, document.getElementById("topbar"));
  let state = opened(parse(location.search), location.search); // as main.js opens it
  let traces = null;
  let shown = { n: null, lang: null, notation: null };
  let panel = null;
  let rendered = false; // main.js has drawn the page once (theme and language applied)
  let renders = 0; // app:render heard
  const ui = {};
  const focus = createFocus([el, document.getElementById("stage")], el);

  function build() {
    ui.nav = html("nav", { class: "lesson-nav" }, el);
    const nav = ui.nav;
    ui.prev = html("button", { type: "button", id: "lesson-prev", class: "lesson-step" }, nav);
    ui.count = html("span", { class: "lesson-count", id: "lesson-count" }, nav);
    ui.title = html("h2", { id: "lesson-title" }, nav);
    ui.toc = html("details", { class: "lesson-toc" }, nav);
    ui.tocLabel = html("summary", {}, ui.toc);
    ui.tocList = html("ol", {}, ui.toc);
    ui.next = html("button", { type: "button", id: "lesson-next", class: "lesson-step" }, nav);
    ui.exit = html("a", { id: "lesson-exit", class: "lesson-exit" }, nav);
    const body = html("div", { class: "lesson-body" }, el);
    ui.text = html("div", { id: "lesson-text", class: "lesson-text" }, body);
    ui.panel = html("div", { id: "lesson-panel", class: "lesson-panel" }, body);
    ui.prev.addEventListener("click", () => go(state.lesson - 1));
    ui.next.addEventListener("click", () => go(state.lesson + 1));
    // a scene of the list opens in place; its href stays a link to copy or open elsewhere
    ui.tocList.addEventListener("click", (event) => {
      const a = event.target.closest("a[data-lesson]");
      if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      ui.toc.open = false;
      go(Number(a.dataset.lesson));
    });
    document.addEventListener("click", (event) => {
      if (!ui.toc.contains(event.target)) ui.toc.open = false;
    });
  }

  function go(n) {
    if (!state.lesson || n < 1 || n > N) return;
    const patch = sceneState(n, state);
    const heard = renders;
    emit("state:patch", { patch });
    // before its first answer the page draws nothing and says nothing (main.js render): the
    // scene follows the key at once all the same, and its trace when it comes
    if (renders === heard) {
      [state, traces] = [{ ...state, ...patch }, null];
      update();
    }
  }

  function renderScene() {
    const n = state.lesson;
    const lang = state.lang;
    const scene = SCENES[n - 1];
    document.body.dataset.lesson = String(n);
    ui.count.textContent = t("lesson.count", { n, N });
    ui.title.textContent = named(scene.title[lang], state.notation);
    ui.prev.textContent = t("lesson.prev");
    ui.next.textContent = t("lesson.next");
    ui.prev.title = t("lesson.prev.keys");
    ui.next.title = t("lesson.next.keys");
    ui.prev.disabled = n === 1;
    ui.next.disabled = n === N;
    ui.tocLabel.textContent = t("lesson.toc");
    ui.exit.textContent = t("lesson.exit");
    ui.nav.setAttribute("aria-label", t("lesson.nav")); // (was the English word on every page)
    clear(ui.tocList);
    SCENES.forEach((s, k) => {
      const a = html("a", { "data-lesson": k + 1 }, html("li", {}, ui.tocList), named(s.title[lang], state.notation));
      if (k + 1 === n) a.setAttribute("aria-current", "step");
    });
    ui.text.replaceChildren(...scene.text[lang].map((p) => html("p", { lang }, null, named(p, state.notation))));
    if (shown.n !== n) {
      clear(ui.panel);
      panel = createPanel(scene.panel, ui.panel);
      focus.open(scene.highlight);
    }
    shown = { n, lang, notation: state.notation };
  }

  function update() {
    if (getLang() !== state.lang) setLang(state.lang); // before main.js has run, on a short link
    const on_ = Boolean(state.lesson && state.lesson <= N);
    el.hidden = !on_;
    document.body.classList.toggle("lesson-mode", on_);
    start.hidden = on_;
    if (!on_) {
      delete document.body.dataset.lesson;
      start.textContent = t("lesson.start");
      start.setAttribute("href", sceneLink(1, state));
      applyHighlights([]);
      focus.close();
      return;
    }
    if (!ui.prev) build();
    if (shown.n !== state.lesson || shown.lang !== state.lang || shown.notation !== state.notation) renderScene();
    // links follow the viewer's current language, theme and presentation mode
    for (const a of ui.tocList.children)
      a.firstChild.setAttribute("href", sceneLink(Number(a.firstChild.dataset.lesson), state));
    ui.exit.setAttribute("href", `?${serialize({ ...state, lesson: null, temp: null })}`);
    // the panel waits for the page's first render: its charts take the page's theme colours
    if (rendered) panel?.update({ state, traces });
    applyHighlights(SCENES[state.lesson - 1].highlight);
    focus.follow(Boolean(traces), state);
  }

  on("app:render", (data) => {
    rendered = true;
    renders += 1;
    state = data.state;
    // only the answer to this state's request: not the previous scene's, nor a stored example
    traces = data.url === apiRequest(state) ? data.traces : null;
    update();
  });
  // Plotly redraws a chart's own nodes: mark it again once the charts are drawn.
  window.addEventListener(
    "rnnscope:rendered",
    () => state.lesson && applyHighlights(SCENES[state.lesson - 1]?.highlight ?? []),
  );
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !state.lesson) return;
    if (event.target.closest?.("input, select, textarea, [contenteditable]")) return;
    const delta = { PageDown: 1, n: 1, PageUp: -1, N: -1 }[event.key];
    if (!delta) return;
    event.preventDefault();
    // like a slide's builds: the rest of this scene first, then the next scene
    if (delta > 0 ? focus.reveal() : focus.back()) return;
    go(state.lesson + delta);
  });

  update();
}

createLessons();
