// The app: owns the URL state, the fetched traces and the time cursor; views only get data
// through update(...) and speak back through the bus (bus.js lists the events).
import { emit, on } from "./bus.js";
import { exportCsv, exportJson, exportPng, exportSvg } from "./export.js";
import { apply as applyI18n, setLang } from "./i18n.js";
import { setNotation } from "./notation.js";
import { listenKeys } from "./keyboard.js";
import { nearSoon, nearness } from "./dom.js";
import { createPanes } from "./panes.js";
import { plotly } from "./plotly.js";
import { logRange } from "./scale.js";
import { loadExample } from "./api.js";
import { createAsking } from "./asking.js";
import { refusal, room } from "./budget.js";
import { linkProblems, viewProblems } from "./links.js";
import { PANELS, apiRequest, defaults, parse, serialize } from "./state.js";
import { Player, posOf, stepOf } from "./timeline.js";
import { createBanner } from "./views/banner.js";
import { createCharts } from "./views/charts.js";
import { createControls } from "./views/controls.js";
import { createFacts } from "./views/facts.js";
import { createHeatmaps } from "./views/heatmaps.js";
import { createHelp } from "./views/help.js";
import { createPlayer } from "./views/player.js";
import { createToolbar } from "./views/toolbar.js";
import { createTooltip } from "./views/tooltip.js";
import { startModels } from "./models/store.js";
import { createVanish } from "./views/vanish.js";

const $ = (id) => document.getElementById(id);
// The lessons' modules (scenes, panels: about 37 KB gzipped) load before the first paint only
// for a lesson link, which opens its scene (a short link: the scene's state); otherwise once the
// first answer is drawn (tour()), for the top bar's way into the tour.
const asked = parse(location.search);
let state = asked.lesson ? (await import("./lessons/link.js")).opened(asked, location.search) : asked;
if (state.lesson) await import("./lessons/index.js"); // it follows the page from its first render
let touring = null;
const tour = () => (touring ||= import("./lessons/index.js"));
if (serialize(state) !== serialize(parse(location.search))) history.replaceState(null, "", `?${serialize(state)}`);
const app = {
  traces: null,
  url: null,
  loading: false,
  problem: null,
  error: null,
  budget: null,
  edited: false, // the viewer has changed the state the link opened
  offline: false,
  example: false,
  pos: 0,
  help: false,
  renders: 0,
  link: linkProblems(location.search),
  linkChecked: false,
}; // link: what the opened link asked for that cannot be shown

const controls = createControls($("controls"), $("drawer"));
const toolbar = createToolbar($("toolbar"));
const banner = createBanner($("status"));
const why = createVanish($("status")); // compare mode: why the gated cells fade, when they do
const player = createPlayer($("player"));
const panes = createPanes($("panes"));
const facts = createFacts($("charts-wrap"));
const charts = createCharts($("charts-wrap"));
const heatmaps = createHeatmaps($("heatmaps-wrap"));
const help = createHelp(document.body);
createTooltip(document.body);
startModels($("toolbar").firstElementChild); // the stored-models menu, after the toolbar's own
// The generation panel (sampling and P(text) for the model shown; about 6 KB gzipped) loads on
// first use: a `gen=true` link, the toolbar's button or key g. Then it hears app:render; the
// render that asked for it is given to it once it is there.
let generating = null;
const generation = () =>
  (generating ||= import("./generate/panel.js")
    .then(({ createGeneration }) => {
      const panel = createGeneration($("generate"));
      if (app.traces) panel.update(state, app.traces, app.url);
    })
    .catch(() => {
      generating = null; // offline: the next render asks again
    }));
const clock = new Player(onFrame, () => settle());
// the trace of the state and the budget that comes with it (asking.js): the controls follow it
const asking = createAsking(app, {
  state: () => state,
  patch: (fix) => {
    state = { ...state, ...fix };
    writeUrl();
  },
  onResult,
  onBudget: renderChrome,
});

const T = () => Object.values(app.traces)[0].targets.length;
// The state as drawn: a unit or layer the current trace does not have shows its last one.
const shown = () => {
  const first = Object.values(app.traces)[0];
  return {
    ...state,
    unit: Math.min(state.unit, first.layers[0].h[0].length),
    layer: Math.min(state.layer, first.layers.length),
  };
};
const shownStep = () => (state.step === 0 ? T() : Math.min(state.step, T()));

let rangeKey = null;
let range = null;
function gradRange() {
  if (rangeKey?.[0] === app.traces && rangeKey[1] === state.grad) return range;
  const field = state.grad === "total" ? "dL_dh" : "dLlast_dh";
  const arrays = Object.values(app.traces).flatMap((tr) =>
    tr.layers.flatMap((l) => [l.grad[field], l.grad[field.replace("dh", "dc")]]),
  );
  rangeKey = [app.traces, state.grad];
  range = logRange(arrays);
  return range;
}

// replaceState costs milliseconds; while the animation runs the URL is written at most every
// 250 ms (and always once it settles), so a reload always finds the view it left.
let urlTimer = null;
function writeUrl() {
  if (urlTimer !== null) return;
  urlTimer = setTimeout(() => {
    urlTimer = null;
    const query = serialize(state);
    if (location.search.slice(1) !== query) history.replaceState(null, "", `?${query}`);
  }, 250);
}

function renderChrome() {
  // Attributes on <html> restyle the whole page even when set to the same value: set on change.
  if (document.documentElement.lang !== state.lang) setLang(state.lang);
  setNotation(state.notation);
  if (document.documentElement.dataset.theme !== state.theme) document.documentElement.dataset.theme = state.theme;
  document.body.classList.toggle("present", state.present);
  document.body.classList.toggle("compare", state.cell === "compare");
  document.body.classList.toggle("empty", !app.traces); // nothing to draw yet: the banner says why
  // the drawn trace no longer matches the controls: say so by dimming it
  document.body.classList.toggle("stale", Boolean(app.problem || app.error));
  for (const name of PANELS) document.body.classList.toggle(`hide-${name}`, state.hide.includes(name));
  controls.update(state, room(app.budget, state));
  toolbar.update(state);
  help.update({ open: app.help, lang: state.lang, lesson: Boolean(state.lesson) });
  // the labels that carry data-i18n live in the bars; the whole page only on a new language
  // (querying a page of 20,000 diagram nodes on every keystroke cost milliseconds)
  if (i18nShown !== state.lang) applyI18n(document);
  else for (const id of CHROME) applyI18n($(id));
  i18nShown = state.lang;
}
const CHROME = ["topbar", "drawer", "player"];
let i18nShown = null;

function renderFrame() {
  if (!app.traces) return;
  const s = stepOf(app.pos, T());
  player.update({ T: T(), pos: app.pos, playing: clock.playing, step: s.step, phase: s.phase, speed: state.speed });
  panes.frame({ traces: app.traces, pos: app.pos, state: shown(), range: gradRange() });
}

function render() {
  if (state.gen) generation();
  renderChrome();
  banner.update(app);
  if (!app.loading) requestAnimationFrame(tour); // the first answer (or refusal) is drawn
  if (!app.traces) return;
  why.update({ traces: app.traces, state: shown() });
  if (!clock.playing) app.pos = posOf(state.step, state.phase, T());
  // Everything in view is drawn in this task, so it reaches the screen in one frame. The
  // charts first: Plotly measures its labels, which lays out the page; before the network and
  // the detail panel change, that layout has little to do.
  const round = ++chartRound;
  const charted = renderCharts(round);
  panes.update({
    traces: app.traces,
    pos: app.pos,
    state: shown(),
    range: gradRange(),
    compare: state.cell === "compare",
  });
  renderFrame();
  performance.mark("rnnscope:network");
  emit("app:render", { state, traces: app.traces, url: app.url }); // lessons (static/js/lessons/) follow the view
  finishRender(round, charted);
}

// The figures, heatmaps and charts of the view. The charts are drawn when they are near the
// window (in presentation mode they sit below the networks), once for each answer: a chart
// out of view waits, then shows the latest answer when it comes into view (charts.js does the
// same for each plot). Returns a promise while Plotly.js is still loading (the first visit).
let chartRound = 0;
let chartsDue = false;
const wrapWatch = nearness(() => {
  if (chartsDue && app.traces) {
    const round = ++chartRound;
    finishRender(round, renderCharts(round));
  }
});
wrapWatch.observe($("charts-wrap"));
function renderCharts(round) {
  const data = {
    traces: app.traces,
    layer: state.layer,
    cursor: shownStep(),
    norm: state.norm,
    lang: state.lang,
    theme: state.theme,
    notation: state.notation,
  };
  let charted = null;
  if (window.Plotly) {
    chartsDue = !wrapWatch.near($("charts-wrap"));
    if (!chartsDue && !state.hide.includes("charts")) charts.update(data); // else drawn when they come into view
  } else {
    // Plotly.js is not here yet (the first answer): once the view is laid out (where the charts
    // stand is known then), it is asked for if they are near the window (plotly.js)
    charted = nearSoon($("charts-wrap"))
      .then((near) => {
        if (round !== chartRound) return;
        chartsDue = !near;
        if (near && !state.hide.includes("charts"))
          return plotly().then(() => round === chartRound && charts.update(data));
      })
      .catch(() => {}); // offline: the diagrams, numbers and heatmaps stand alone; the next render tries again
  }
  facts.update(data);
  if (!state.hide.includes("heatmaps")) heatmaps.update(data); // images: no Plotly
  return charted;
}

// The page is drawn for this answer: say so (tests and benchmarks wait for it).
async function finishRender(round, charted) {
  await Promise.all([charted, panes.ready()]); // a large network draws its far columns in tasks of their own
  if (round !== chartRound) return;
  performance.mark("rnnscope:rendered");
  app.renders += 1;
  document.body.dataset.renders = String(app.renders);
  document.body.dataset.trace = app.url || "example";
  window.dispatchEvent(new CustomEvent("rnnscope:rendered", { detail: { url: app.url, renders: app.renders } }));
}

// What the state asks for (asking.js): a training after an edit takes what fits.
function requestTrace(immediate = false) {
  clock.stop(false);
  asking.request(immediate);
}

function patchState(patch) {
  const before = apiRequest(state);
  state = { ...state, ...patch };
  writeUrl();
  if (apiRequest(state) !== before) {
    app.link = []; // the viewer has moved on from the link as opened
    app.edited = true;
    requestTrace();
  }
  render();
}

function onResult(result) {
  app.loading = false;
  app.example = false;
  app.error = result.error ?? null;
  app.problem = refusal(result.detail, state) ?? app.problem; // over the budget: said, with a fix
  app.offline = Boolean(result.offline);
  if (result.traces) {
    app.traces = result.traces;
    app.url = result.url;
    if (!app.linkChecked) {
      // the link's step, unit and layer against its own trace
      app.linkChecked = true;
      app.link = [...app.link, ...viewProblems(state, Object.values(result.traces)[0])];
    }
  }
  render();
}

function onFrame(pos) {
  app.pos = pos;
  const s = stepOf(pos, T());
  if (s.step !== shownStep() || s.phase !== state.phase) {
    state = { ...state, ...s };
    writeUrl();
    render();
  } else renderFrame();
}

function settle() {
  const s = stepOf(app.pos, T());
  state = { ...state, ...s };
  writeUrl();
  render();
}

on("state:patch", ({ patch }) => {
  if ("step" in patch || "phase" in patch) clock.stop(false); // a picked step wins over play-back
  patchState(patch);
});
on("player:toggle", () => {
  if (!app.traces) return;
  if (clock.playing) clock.stop();
  else clock.play(app.pos, T(), Number(state.speed));
  renderFrame();
});
on("player:step", ({ delta }) => {
  if (!app.traces) return;
  clock.stop(false);
  const pos = Math.min(2 * T(), Math.max(1, Math.round(app.pos) + delta));
  patchState(stepOf(pos, T()));
});
on("unit:step", ({ delta }) => {
  if (!app.traces) return;
  const H = Object.values(app.traces)[0].layers[0].h[0].length;
  patchState({ unit: Math.min(H, Math.max(1, state.unit + delta)) });
});
on("player:backward", () => {
  if (!app.traces) return;
  clock.play(T(), T(), Number(state.speed));
  renderFrame();
});
on("cursor:set", ({ pos, settle: done }) => {
  if (!app.traces) return;
  clock.stop(false);
  app.pos = Math.min(2 * T(), Math.max(1, pos));
  if (done) settle();
  else onFrame(app.pos);
});
on("ui:toggle", ({ name }) => {
  const flip = {
    present: !state.present,
    drawer: !state.drawer,
    theme: state.theme === "dark" ? "light" : "dark",
    lang: state.lang === "ko" ? "en" : "ko",
    gen: !state.gen,
  };
  patchState({ [name]: flip[name] });
});
on("panel:toggle", ({ name, show }) => {
  const hide = show ? state.hide.filter((p) => p !== name) : [...state.hide, name];
  patchState({ hide: PANELS.filter((p) => hide.includes(p)) });
});
on("link:dismiss", () => {
  app.link = [];
  render();
});
on("help:toggle", ({ open }) => {
  app.help = open ?? !app.help;
  renderChrome();
});
on("export", ({ kind }) => {
  if (!app.traces) return;
  const name = `rnnscope-${state.cell}-${state.text.slice(0, 20).replace(/[^\p{L}\p{N}]+/gu, "_")}`;
  const actions = {
    svg: () => exportSvg(panes.networks(), panes.titles(), name),
    png: () => exportPng(panes.networks(), panes.titles(), name),
    json: () => exportJson(app.traces, name),
    csv: () => exportCsv(app.traces, name),
  };
  actions[kind]();
});

async function start() {
  listenKeys();
  writeUrl();
  renderChrome();
  requestTrace(true);
  render(); // the banner: a link with too few tokens asks nothing, and says so
  const example = await loadExample(state, apiRequest, defaults);
  if (example && !app.traces) {
    app.traces = example;
    app.example = true;
    render();
  }
  emit("app:ready");
}

start();
