// The generation panel of the main page (`gen` in the URL; the toolbar's Generate button, key
// g): the model the page shows, read two ways. Sampling: from a start token (one of the model's
// vocabulary) at a temperature, `length` tokens, each step's distribution and the token drawn
// (/api/v1/sample with the page's own model options, so cell, hidden, seed, training and a
// stored model's `model=<id>` are the page's). P(text): the typed text as a chain of
// conditionals, read from the trace the page already has (no request).
//
// Like the lessons it talks to the page through the bus only: it hears `app:render` {state,
// traces, url} and asks for changes with `state:patch` (main.js writes the URL). The sample is
// asked for once the trace drawn is the one the controls ask for, so it follows the trace's
// typing pause and a text still in composition (IME) is never sent.
import { cached } from "../api.js";
import { emit, on } from "../bus.js";
import { el } from "../corpus/dom.js";
import { shown } from "../dom.js";
import { apply, t } from "../i18n.js";
import { storedModel } from "../models/store.js";
import { apiRequest, option, parseValue, prop, sampleRequest } from "../state.js";
import { cellSamples, chain, sampled } from "./draw.js";
import "./strings.js";

// A number box for the state property `name` (limits from its declaration); a value outside
// them is not sent, and the box goes back to the state's value.
function numberBox(name, id, current) {
  const p = prop(name);
  const input = el("input", { type: "number", id, inputmode: "decimal" });
  if (p.min !== undefined) input.min = p.min;
  if (p.max !== undefined) input.max = p.max;
  input.step = p.type === "float" ? "0.1" : "1";
  input.addEventListener("change", () => {
    const value = parseValue(p, input.value.trim());
    if (value === undefined) input.value = String(current() ?? "");
    else emit("state:patch", { patch: { [name]: value } });
  });
  return input;
}

const TEMPERATURE = option("temperature", "sample")?.default; // `temp` unset: the API's default
const field = (key, input) => el("label", { class: "gen-field" }, el("span", { i18n: key }), input);

// `cells`: compare mode's list of cells, named instead of the trace's own
function describe(trace, cells = null) {
  const r = trace.request;
  if (r.model) {
    // named as the Models menu names it (its list, read at start); its id until that is in
    const name = storedModel(r.model)?.name ?? r.model;
    return t("gen.model.stored", { name, cell: r.cell.toUpperCase(), hidden: r.hidden });
  }
  return t(r.train_steps ? "gen.model.trained" : "gen.model.untrained", {
    cell: cells ? cells.join(", ").toUpperCase() : r.cell.toUpperCase(),
    hidden: r.hidden,
    seed: r.seed,
    steps: r.train_steps,
  });
}

export function createGeneration(root) {
  let state = null;
  const start = el("select", { id: "gen-start" });
  const temp = numberBox("temp", "gen-temp", () => state.temp ?? TEMPERATURE);
  const length = numberBox("length", "gen-length", () => state.length);
  const seed = numberBox("sample_seed", "gen-seed", () => state.sample_seed);
  const again = el("button", { type: "button", id: "gen-again", i18n: "gen.again" });
  const controls = el(
    "div",
    { class: "gen-controls" },
    field("gen.start", start),
    field("gen.temperature", temp),
    field("gen.length", length),
    field("gen.sample_seed", seed),
    again,
  );
  const follows = el("p", { class: "gen-follows", id: "gen-follows" });
  const status = el("p", { class: "gen-status", id: "gen-status", role: "status" });
  const sampleBox = el("div", { class: "gen-sample-box" });
  const chainBox = el("div", { class: "gen-chain-box" });
  const body = el("div", { class: "gen-body" }, sampleBox, chainBox);
  const cellsBox = el("div", { class: "gen-cells-box" }); // compare mode: a sample per cell
  root.append(
    el("div", { class: "gen-head" }, el("h2", { i18n: "gen.title" }), controls),
    follows,
    status,
    body,
    cellsBox,
  );
  apply(root); // loaded on first use: the page's own pass over its labels has run already

  start.addEventListener("change", () => emit("state:patch", { patch: { start: start.value || null } }));
  again.addEventListener("click", () =>
    emit("state:patch", { patch: { sample_seed: (state.sample_seed + 1) % (prop("sample_seed").max + 1) } }),
  );

  let followed = null; // the trace whose model the panel names
  let chainKey = [];
  let sampleKey = [];
  let vocabKey = null;

  function say(key, args = {}, kind = "") {
    status.className = `gen-status ${kind}`;
    status.textContent = key ? t(key, args) : "";
  }

  function startChoices(trace, begin) {
    const key = [trace.vocab.join("\u0000"), trace.tokens[0], state.lang].join("\u0001");
    if (key !== vocabKey) {
      vocabKey = key;
      const first = el("option", { value: "", text: t("gen.start.first", { token: shown(trace.tokens[0]) }) });
      start.replaceChildren(first, ...trace.vocab.map((w) => el("option", { value: w, text: shown(w) })));
    }
    start.value = state.start === begin ? begin : "";
  }

  async function sample(url) {
    say("gen.loading");
    const r = await cached(url); // a sample seen before is shown at once
    if (url !== sampleKey[0]) return; // a newer one took its place
    if (!r.ok) {
      sampleBox.replaceChildren();
      return say(r.offline ? "gen.offline" : "gen.error", { msg: r.error }, "error");
    }
    say("");
    sampleBox.replaceChildren(sampled(r.body));
    apply(sampleBox);
  }

  // Compare mode: each cell sampled as the comparison trained it (the page's options, no stored
  // model), from the same start, temperature and seed; drawn as the answers come.
  async function sampleCells(wants, cells) {
    const items = cells.map(([cell, trace]) => ({ cell, trace, sample: null }));
    const draw = () => {
      cellsBox.replaceChildren(cellSamples(items, (cell) => emit("state:patch", { patch: { cell } })));
    };
    draw();
    await Promise.all(
      wants.map(async (want, k) => {
        const r = await cached(want);
        if (sampleKey[0] !== wants.join(" ")) return; // a newer one took its place
        if (r.ok) items[k].sample = r.body;
        else items[k].error = t(r.offline ? "gen.offline" : "gen.error", { msg: r.error });
        draw();
      }),
    );
  }

  function update(next, traces, url) {
    state = next;
    root.hidden = !state.gen;
    if (!state.gen) return;
    const compare = state.cell === "compare";
    body.hidden = compare;
    cellsBox.hidden = !compare;
    const trace = Object.values(traces)[0];
    const begin = state.start !== null && trace.vocab.includes(state.start) ? state.start : trace.tokens[0];
    startChoices(trace, begin);
    temp.value = String(state.temp ?? TEMPERATURE);
    length.value = String(state.length);
    seed.value = String(state.sample_seed);
    followed = trace;
    follows.textContent = compare
      ? t("gen.cells.follows", { model: describe(trace, Object.keys(traces)) })
      : t("gen.follows", { model: describe(trace) });
    if (!compare && (chainKey[0] !== trace || chainKey[1] !== state.lang)) {
      chainKey = [trace, state.lang];
      chainBox.replaceChildren(chain(trace));
      apply(chainBox);
    }
    // the trace drawn is not (yet) the one the controls ask for: wait for it
    const current = url === apiRequest(state);
    root.classList.toggle("stale", !current);
    if (!current) return;
    if (compare) {
      say(""); // a single cell's "Sampling…" or refusal is not this view's: each card says its own
      const cells = Object.entries(traces);
      const wants = cells.map(([cell]) => sampleRequest({ ...state, cell, model: null }, begin));
      if (sampleKey[0] === wants.join(" ") && sampleKey[1] === state.lang) return;
      sampleKey = [wants.join(" "), state.lang];
      return sampleCells(wants, cells);
    }
    const want = sampleRequest(state, begin);
    if (sampleKey[0] === want && sampleKey[1] === state.lang) return;
    sampleKey = [want, state.lang];
    sample(want);
  }

  on("app:render", ({ state: next, traces, url }) => update(next, traces, url));
  on("models:listed", () => {
    if (followed?.request.model && state.gen && state.cell !== "compare")
      follows.textContent = t("gen.follows", { model: describe(followed) });
  });
  return { update };
}
