// The whole UI state lives in the URL. One table of properties drives both parsing and
// serialising (TensorFlow Playground's state.ts): the control, the URL and the API query follow
// a row. `api: true` rows are sent to /api/v1/trace (or /compare) as query parameters.
//
// The API's options are not written here: they are declared once in core/options.py and served
// in the page shell (templates/index.html, #rnnscope-options) with their types, defaults, limits
// and allowed values; the rows below are built from them. The page keeps starting values of its
// own where a lecture opens on something else (PAGE_DEFAULTS there: hello, hidden 8).
//
// Types: int, float, bool, enum (values), str, list (comma-separated subset of values).
// `nullable: true` means "unset" is a legal value (the API default, e.g. no clipping);
// `minOpen: true` means the value must be above `min`, not equal to it.

import { NOTATIONS } from "./notation.js";

const SERVED = JSON.parse(document.getElementById("rnnscope-options")?.textContent || '{"options":[],"limits":{}}');
// core/limits.py, names as there (MAX_TOKENS, MAX_HIDDEN, ...)
export const LIMITS = SERVED.limits;
const CELLS = SERVED.options.find((o) => o.name === "cell" && o.endpoints.includes("trace"))?.values || [];
export const PANELS = ["controls", "network", "detail", "charts", "heatmaps"];
// Model options on the top bar; every other one of the trace's goes in the advanced drawer.
const MAIN_BAR = ["text", "cell", "hidden", "seed", "train_steps"];
// Options with a place of their own: `model` is picked in the stored-models menu (views/models.js);
// `digits` is how many significant digits the answer's numbers keep (7 by PAGE_DEFAULTS: the
// page shows 3; an answer 2-3 times smaller to send and to parse), never a control.
const OWN_PLACE = ["model", "digits"];

// A row of the option table as a property of the page: `endpoint`'s declaration of `name`.
export function optionProp(row, extra = {}) {
  const type = row.type === "str" && row.values ? "enum" : row.type;
  const prop = { name: row.name, type, def: row.page_default ?? row.default, nullable: row.nullable };
  if ("exclusiveMinimum" in row) Object.assign(prop, { min: row.exclusiveMinimum, minOpen: true });
  if ("minimum" in row) prop.min = row.minimum;
  if ("maximum" in row) prop.max = row.maximum;
  if (row.values) prop.values = [...row.values];
  if ("maxLength" in row) prop.maxLength = row.maxLength;
  if ("minLength" in row) prop.minLength = row.minLength;
  return { ...prop, ...extra };
}

// The declaration of `name` that `endpoint` takes (core/options.py), or undefined.
export function option(name, endpoint = "trace") {
  return SERVED.options.find((o) => o.name === name && o.endpoints.includes(endpoint));
}

// The trace's options (compare takes the same, with `cells` for the page's cell=compare): the
// top bar's first, then the drawer's in declaration order (the order of the URL's parameters).
const rank = (o) => (MAIN_BAR.includes(o.name) ? MAIN_BAR.indexOf(o.name) : MAIN_BAR.length);
// An option about how a request is answered (`answering`: fit) is not state: asking.js adds it.
const MODEL = SERVED.options
  .filter((o) => o.endpoints.includes("trace") && !o.answering)
  .sort((a, b) => rank(a) - rank(b))
  .map((o) =>
    optionProp(o, {
      api: true,
      adv: !MAIN_BAR.includes(o.name) && !OWN_PLACE.includes(o.name),
      ...(o.name === "cell" ? { values: [...o.values, "compare"] } : {}),
    }),
  );

export const PROPS = [
  // the model: sent to the API
  ...MODEL,
  // the view
  { name: "step", type: "int", def: 0, min: 0, max: LIMITS.MAX_TOKENS - 1 }, // 1-based; 0 = the last step
  { name: "phase", type: "enum", def: "fwd", values: ["fwd", "bwd"] },
  { name: "unit", type: "int", def: 1, min: 1, max: LIMITS.MAX_HIDDEN }, // 1-based hidden unit j
  { name: "layer", type: "int", def: 1, min: 1, max: LIMITS.MAX_LAYERS }, // layer shown in the detail panel
  { name: "grad", type: "enum", def: "last", values: ["last", "total"] }, // backward arrows: dL_T or dL
  { name: "norm", type: "bool", def: false }, // decay chart normalised to the last step
  { name: "speed", type: "enum", def: "1", values: ["0.5", "1", "2", "4"] },
  { name: "theme", type: "enum", def: "light", values: ["light", "dark"] },
  { name: "present", type: "bool", def: false },
  { name: "drawer", type: "bool", def: false }, // advanced options open
  { name: "hide", type: "list", def: [], values: PANELS },
  { name: "lang", type: "enum", def: null, values: ["ko", "en"] }, // default: the browser's
  { name: "notation", type: "enum", def: "xh", values: NOTATIONS }, // the weights' names (notation.js)
  // lessons mode (static/js/lessons/): the scene shown (unset = the plain page), the sampling
  // temperature of the one-to-many panel (the limits of /api/v1/sample's `temperature`)
  { name: "lesson", type: "int", def: null, nullable: true, min: 1, max: 99 },
  { ...optionProp(option("temperature", "sample") || {}), name: "temp", def: null, nullable: true },
  // generation (static/js/generate/): the panel shown, and /api/v1/sample's other options as
  // declared there; `start` unset = the text's first token, `temp` above is the temperature
  { name: "gen", type: "bool", def: false },
  { ...optionProp(option("start", "sample") || {}), def: null, nullable: true },
  optionProp(option("length", "sample") || {}),
  optionProp(option("sample_seed", "sample") || {}),
];

const BY_NAME = Object.fromEntries(PROPS.map((p) => [p.name, p]));

// Parse one raw string for a property; undefined when it is not a legal value.
export function parseValue(prop, raw) {
  if (raw === null || raw === undefined) return undefined;
  if (prop.nullable && raw === "") return null;
  switch (prop.type) {
    case "str":
      // a text too short for the API is still taken: the page says what is missing (main.js)
      return raw.length > 0 && raw.length <= (prop.maxLength ?? Infinity) ? raw : undefined;
    case "int":
    case "float": {
      const n = Number(raw);
      const ok = raw.trim() !== "" && Number.isFinite(n) && (prop.type === "float" || Number.isInteger(n));
      return ok && inRange(prop, n) ? n : undefined;
    }
    case "bool":
      return raw === "true" || raw === "1" ? true : raw === "false" || raw === "0" ? false : undefined;
    case "enum":
      return prop.values.includes(raw) ? raw : undefined;
    case "list": {
      const items = raw.split(",").filter((v) => prop.values.includes(v));
      return [...new Set(items)];
    }
    default:
      return undefined;
  }
}

function inRange(prop, n) {
  const low = prop.min === undefined || (prop.minOpen ? n > prop.min : n >= prop.min);
  return low && (prop.max === undefined || n <= prop.max);
}

function formatValue(prop, value) {
  if (prop.type === "list") return value.join(",");
  return String(value);
}

export function browserLang() {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || "en"];
  return langs.some((l) => l.toLowerCase().startsWith("ko")) ? "ko" : "en";
}

export function defaults() {
  const state = Object.fromEntries(PROPS.map((p) => [p.name, structuredClone(p.def)]));
  state.lang = browserLang();
  return state;
}

export function parse(search) {
  const params = new URLSearchParams(search);
  const state = defaults();
  for (const prop of PROPS) {
    const value = parseValue(prop, params.get(prop.name));
    if (value !== undefined) state[prop.name] = value;
  }
  return state;
}

// Every property is written (except unset optionals and an empty list), so a link keeps its
// meaning even if a default changes later.
export function serialize(state) {
  const params = new URLSearchParams();
  for (const prop of PROPS) {
    const value = state[prop.name];
    if (value === null || value === undefined) continue;
    if (prop.type === "list" && value.length === 0) continue;
    params.set(prop.name, formatValue(prop, value));
  }
  return params.toString();
}

// The query of /api/v1/trace or /api/v1/compare for this state.
export function apiRequest(state) {
  const params = new URLSearchParams();
  for (const prop of PROPS) {
    if (!prop.api || prop.name === "cell") continue;
    const value = state[prop.name];
    if (value !== null && value !== undefined) params.set(prop.name, formatValue(prop, value));
  }
  if (state.cell === "compare") {
    params.delete("model"); // compare mode compares the cells trained on the text
    params.set("cells", CELLS.join(","));
    return `/api/v1/compare?${params}`;
  }
  params.set("cell", state.cell);
  return `/api/v1/trace?${params}`;
}

// The query of /api/v1/sample for this state (one cell): the model's options as the trace's,
// then the sample's own; `start` is the token it starts from (the page's `temp` is its
// temperature, unset = the declared default).
export function sampleRequest(state, start) {
  const [path, query] = apiRequest(state).split("?");
  const params = new URLSearchParams(query);
  params.set("start", start);
  params.set("length", String(state.length));
  if (state.temp !== null && state.temp !== undefined) params.set("temperature", String(state.temp));
  params.set("sample_seed", String(state.sample_seed));
  return `${path.replace(/trace$/, "sample")}?${params}`;
}

export function prop(name) {
  return BY_NAME[name];
}

export { CELLS };
