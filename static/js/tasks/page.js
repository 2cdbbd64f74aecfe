// The tasks page (/tasks): classify sentences (padding, masking, the gradient reaching each
// word) and sequence to sequence (both halves and the context vector between them).
// Every choice is in the URL: ?mode=classify|seq2seq&set=en|ko&examples=<json>|pairs=<json>
// &cell=&hidden=&train_steps=&pad=&mask=&max_len=&bidirectional=&tokens=&ex=<row>&lang=&theme=
// &present=1. Parameters other than the page's own go to the API as they are, so the server's
// refusal (422 naming the field) is what the page shows. Text is set with textContent only.
import { request } from "../api.js";
import { apply, getLang, setLang, t } from "../i18n.js";
import "./strings.js";
import { renderClassify } from "./classify-view.js";
import { renderOptions } from "./options.js";
import { mountRows } from "./rows.js";
import { PAIRS, REVIEWS } from "./samples.js";
import { renderSeq2seq } from "./seq2seq-view.js";
import { appUrl } from "../paths.js";
import { LIMITS } from "../state.js";

const PAGE_ONLY = ["mode", "set", "ex", "lang", "theme", "present"];
const MODES = {
  classify: {
    data: "examples",
    samples: REVIEWS,
    api: "/api/v1/classify",
    heading: "tasks.data",
    cols: ["tasks.text", "tasks.label"],
    sets: "tasks.samples",
  },
  seq2seq: {
    data: "pairs",
    samples: PAIRS,
    api: "/api/v1/seq2seq",
    heading: "tasks.pairs",
    cols: ["tasks.source", "tasks.target"],
    sets: "tasks.pairs",
  },
};

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
let controller = null;
let answer = null;

const mode = () => (params.get("mode") === "seq2seq" ? "seq2seq" : "classify");

// Generation is on the main page (its `gen` panel, static/js/generate/): the mode bar links
// there with the page's look, and an older /tasks?mode=generate link opens it there with its
// model and sampling options (`temperature` is the main page's `temp`).
function generateLink(carry) {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (carry(k)) q.set(k === "temperature" ? "temp" : k, v);
  q.set("gen", "true");
  return appUrl(`/?${q}`);
}

// the sample sets of a mode (samples.js): `en` and `ko`, and for pairs two in Korean only
const setsOf = (m) => Object.keys(m.samples);
const sampleSet = () => (setsOf(MODES[mode()]).includes(params.get("set")) ? params.get("set") : getLang());

function setParam(name, value) {
  if (value === "" || value == null) params.delete(name);
  else params.set(name, value);
  history.replaceState(null, "", `${location.pathname}?${params}`);
}

function data() {
  const m = MODES[mode()];
  if (params.has(m.data)) {
    try {
      const rows = JSON.parse(params.get(m.data));
      if (Array.isArray(rows))
        return rows.map((r) => (Array.isArray(r) ? [String(r[0] ?? ""), String(r[1] ?? "")] : ["", ""]));
    } catch {
      // an unreadable link: the server says why below (it gets the same text)
    }
    return null;
  }
  return m.samples[sampleSet()];
}

function applyLook() {
  setLang(
    params.get("lang") === "ko"
      ? "ko"
      : params.get("lang") === "en"
        ? "en"
        : navigator.language.startsWith("ko")
          ? "ko"
          : "en",
  );
  document.documentElement.dataset.theme = params.get("theme") === "dark" ? "dark" : "light";
  document.body.classList.toggle("present", ["1", "true"].includes(params.get("present")));
  document.body.dataset.mode = mode();
  const m = MODES[mode()];
  $("t-data-h").dataset.i18n = m.heading;
  $("t-col-a").dataset.i18n = m.cols[0];
  $("t-col-b").dataset.i18n = m.cols[1];
  $("t-gen").href = generateLink((k) => ["lang", "theme", "present"].includes(k));
  for (const b of $("t-mode").querySelectorAll("button"))
    b.setAttribute("aria-pressed", String(b.dataset.mode === mode()));
  const set = $("t-set");
  set.replaceChildren(
    ...setsOf(m).map((v) => {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = t(`${m.sets}.${v}`);
      return o;
    }),
  );
  set.value = sampleSet();
  $("t-home").href = appUrl(`/?lang=${getLang()}${params.get("theme") === "dark" ? "&theme=dark" : ""}`);
  document.title = `rnnscope: ${t("tasks.title")}`;
  apply();
}

function query() {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (!PAGE_ONLY.includes(k)) q.set(k, v);
  const m = MODES[mode()];
  if (!q.has(m.data)) q.set(m.data, JSON.stringify(data()));
  return q;
}

function status(key, args, kind = "") {
  const box = $("t-status");
  box.className = `tasks-status ${kind}`;
  box.textContent = key ? t(key, args) : "";
}

async function load() {
  controller?.abort();
  controller = new AbortController();
  const m = MODES[mode()];
  document.body.classList.add("busy");
  status("tasks.loading");
  let r;
  try {
    r = await request(`${m.api}?${query()}`, { signal: controller.signal }); // the page's one client
  } catch {
    return; // aborted: a newer request took its place
  }
  document.body.classList.remove("busy");
  if (!r.ok) {
    status(r.offline ? "corpus.offline" : "tasks.error", { msg: r.error }, "error");
    return;
  }
  answer = r.body;
  status("");
  draw();
}

function draw() {
  const box = $("t-result");
  if (!answer) return;
  const chosen = Math.max(0, Number.parseInt(params.get("ex") || "0", 10) || 0);
  const pick = (b) => {
    setParam("ex", b ? String(b) : "");
    draw();
    // the row's sentence, unrolled above the table: brought back into the window (a phone)
    $("t-unrolled")?.scrollIntoView({ block: "nearest" });
  };
  if (mode() === "classify" && answer.labels) renderClassify(box, answer, chosen, pick);
  else if (mode() === "seq2seq" && answer.target_vocab) renderSeq2seq(box, answer, chosen, pick);
}

function options() {
  renderOptions($("t-options"), mode(), params, (name, raw) => {
    setParam(name, raw);
    options();
    load();
  });
  apply($("t-options"));
}

function main() {
  applyLook();
  const widths = () => [
    LIMITS.MAX_EXAMPLE_CHARS,
    mode() === "classify" ? LIMITS.MAX_LABEL_CHARS : LIMITS.MAX_EXAMPLE_CHARS,
  ];
  const rows = mountRows(
    $("t-rows"),
    $("t-add"),
    (pairs) => {
      // a row still being typed (text or label empty) is not sent
      setParam(MODES[mode()].data, JSON.stringify(pairs.filter((p) => p[0].trim() && p[1].trim())));
      load();
    },
    widths,
  );
  const reset = () => {
    rows.set(data() || []);
    options();
    answer = null;
    $("t-result").replaceChildren();
    load();
  };
  $("t-mode").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-mode]");
    if (!b || b.dataset.mode === mode()) return;
    for (const k of [...params.keys()]) if (!["lang", "theme", "present", "set"].includes(k)) params.delete(k);
    setParam("mode", b.dataset.mode === "classify" ? "" : b.dataset.mode);
    answer = null;
    applyLook();
    reset();
  });
  $("t-set").addEventListener("change", () => {
    setParam(MODES[mode()].data, "");
    setParam("ex", "");
    setParam("set", $("t-set").value === getLang() ? "" : $("t-set").value);
    reset();
  });
  $("t-lang").addEventListener("click", () => {
    if (!params.has("set")) setParam("set", sampleSet()); // the data stays what it was
    setParam("lang", getLang() === "ko" ? "en" : "ko");
    applyLook();
    if (params.get("set") === getLang()) setParam("set", "");
    options();
    draw();
  });
  $("t-theme").addEventListener("click", () => {
    setParam("theme", document.documentElement.dataset.theme === "dark" ? "" : "dark");
    applyLook();
  });
  reset();
}

if (params.get("mode") === "generate")
  location.replace(generateLink((k) => !["mode", "set", "ex", "examples", "pairs"].includes(k)));
else main();
