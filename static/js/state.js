// The whole UI state lives in the URL. One table of properties drives both parsing and
// serialising (TensorFlow Playground's state.ts): add a row here and the control, the URL and
// the API query follow. `api: true` rows are sent to /api/v1/trace as query parameters.
//
// Types: int, float, bool, enum (values), str, list (comma-separated subset of values).
// `nullable: true` means "unset" is a legal value (the API default, e.g. no clipping).

const CELLS = ["rnn", "lstm", "gru"];
export const PANELS = ["controls", "network", "detail", "charts", "heatmaps"];

export const PROPS = [
  // the model: sent to the API
  { name: "text", type: "str", def: "hello", api: true, maxLength: 4096 },
  { name: "cell", type: "enum", def: "lstm", values: [...CELLS, "compare"], api: true },
  { name: "hidden", type: "int", def: 8, min: 1, max: 256, api: true },
  { name: "seed", type: "int", def: 0, min: 0, max: 2 ** 32 - 1, api: true },
  { name: "train_steps", type: "int", def: 0, min: 0, max: 2000, api: true },
  { name: "layers", type: "int", def: 1, min: 1, max: 3, api: true, adv: true },
  { name: "activation", type: "enum", def: "tanh", values: ["tanh", "relu", "sigmoid"], api: true, adv: true },
  { name: "embedding", type: "int", def: 0, min: 0, max: 64, api: true, adv: true },
  { name: "init_scale", type: "float", def: 1, min: 0.01, max: 100, api: true, adv: true },
  { name: "w_hh_sigma", type: "float", def: null, nullable: true, min: 0.01, max: 100, api: true, adv: true },
  { name: "forget_bias", type: "float", def: null, nullable: true, min: -20, max: 20, api: true, adv: true },
  { name: "update_bias", type: "float", def: null, nullable: true, min: -20, max: 20, api: true, adv: true },
  { name: "clip", type: "float", def: null, nullable: true, min: 0.001, max: 1e6, api: true, adv: true },
  { name: "truncate", type: "int", def: null, nullable: true, min: 1, max: 257, api: true, adv: true },
  { name: "optimizer", type: "enum", def: "adam", values: ["adam", "sgd", "adagrad"], api: true, adv: true },
  { name: "lr", type: "float", def: 0.05, min: 0.0001, max: 10, api: true, adv: true },
  { name: "tokens", type: "enum", def: "char", values: ["char", "word"], api: true, adv: true },
  // the view
  { name: "step", type: "int", def: 0, min: 0, max: 256 }, // 1-based; 0 = the last step
  { name: "phase", type: "enum", def: "fwd", values: ["fwd", "bwd"] },
  { name: "unit", type: "int", def: 1, min: 1, max: 256 }, // 1-based hidden unit j
  { name: "layer", type: "int", def: 1, min: 1, max: 3 }, // layer shown in the detail panel
  { name: "grad", type: "enum", def: "last", values: ["last", "total"] }, // backward arrows: dL_T or dL
  { name: "norm", type: "bool", def: false }, // decay chart normalised to the last step
  { name: "speed", type: "enum", def: "1", values: ["0.5", "1", "2", "4"] },
  { name: "theme", type: "enum", def: "light", values: ["light", "dark"] },
  { name: "present", type: "bool", def: false },
  { name: "drawer", type: "bool", def: false }, // advanced options open
  { name: "hide", type: "list", def: [], values: PANELS },
  { name: "lang", type: "enum", def: null, values: ["ko", "en"] }, // default: the browser's
  // lessons mode (static/js/lessons/): the scene shown (unset = the plain page), the sampling
  // temperature of the one-to-many panel
  { name: "lesson", type: "int", def: null, nullable: true, min: 1, max: 99 },
  { name: "temp", type: "float", def: null, nullable: true, min: 0.05, max: 10 },
];

const BY_NAME = Object.fromEntries(PROPS.map((p) => [p.name, p]));

// Parse one raw string for a property; undefined when it is not a legal value.
export function parseValue(prop, raw) {
  if (raw === null || raw === undefined) return undefined;
  if (prop.nullable && raw === "") return null;
  switch (prop.type) {
    case "str":
      return raw.length > 0 && raw.length <= prop.maxLength ? raw : undefined;
    case "int":
    case "float": {
      const n = Number(raw);
      const ok = raw.trim() !== "" && Number.isFinite(n) && (prop.type === "float" || Number.isInteger(n));
      return ok && n >= prop.min && n <= prop.max ? n : undefined;
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
    params.set("cells", CELLS.join(","));
    return `/api/v1/compare?${params}`;
  }
  params.set("cell", state.cell);
  return `/api/v1/trace?${params}`;
}

export function prop(name) {
  return BY_NAME[name];
}

export { CELLS };
