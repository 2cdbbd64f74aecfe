// What the units learned: a stored model reads a long text (up to 10,000 characters); the
// unit finder ranks its units as detectors of a pattern (AUC) beside the same architecture
// untrained; the text is coloured by one unit's activation (red high, blue low, around its
// median), as in Karpathy, Johnson and Fei-Fei's figures. A ranked unit is one click away; a
// character, the trace of its line (up to it) on the main page.
import { query, request } from "../api.js";
import { apply, t } from "../i18n.js";
import { listModels } from "./page.js";
import { el, field, refused } from "./dom.js";
import { appUrl } from "../paths.js";
import { modelShape } from "../views/models.js";

const DOCSTRING = '"""(.*?)"""';
const TRACE_CHARS = 200; // the main page traces at most 256 tokens

export function mountUnits(root, { model, onModel }) {
  const form = root.querySelector("#units-form");
  const status = root.querySelector("#units-status");
  const rank = root.querySelector("#units-rank");
  const out = root.querySelector("#units-text");
  const select = el("select", { id: "units-model" });
  const text = el("textarea", { id: "units-input", rows: "2", spellcheck: "false", maxlength: "10000" });
  const pattern = el("input", { id: "units-pattern", value: DOCSTRING, spellcheck: "false", size: "24" });
  const go = el("button", { type: "button", id: "units-go", class: "primary", i18n: "corpus.find" });
  form.append(field("corpus.model", select), field("corpus.pattern", pattern), go, field("corpus.text", text));
  let last = null; // {model, answer}
  // What the status line says (reading, a refusal, the unit shown, a trace link), as a function
  // of the language: said again when the language changes.
  let say = () => "";
  const tell = (what) => {
    say = what;
    const said = say();
    if (typeof said === "string") status.textContent = said;
    else status.replaceChildren(said);
  };
  let listed = []; // the stored models offered, named with their layers as the Models menu does
  const named = (m) => `${m.name} · ${modelShape(m)}`;

  async function refresh(chosen = model) {
    const models = await listModels();
    select.replaceChildren(...models.map((m) => el("option", { value: m.id, text: named(m) })));
    listed = models;
    if (!models.length) select.append(el("option", { value: "", text: t("corpus.nomodel"), i18n: "corpus.nomodel" }));
    if (chosen && models.some((m) => m.id === chosen)) select.value = chosen;
  }

  async function ask(params) {
    const id = select.value;
    if (!id) return null;
    tell(() => t("corpus.finding"));
    const r = await request(query(`/api/v1/models/${id}/units`, params));
    if (!r.ok) {
      tell(() => refused(r));
      return null;
    }
    return { model: id, answer: r.body };
  }

  go.addEventListener("click", async () => {
    onModel(select.value);
    const params = { text: text.value, top: "10" };
    if (pattern.value) params.pattern = pattern.value;
    const got = await ask(params);
    if (!got) return;
    last = got;
    draw();
  });

  async function pick(unit) {
    const got = await ask({ text: text.value, unit });
    if (!got || !last) return;
    last.answer = { ...last.answer, unit: got.answer.unit, values: got.answer.values };
    draw();
  }

  // `again`: the same answer in a new language (the status line keeps what it says)
  function draw(again = false) {
    if (!last) return;
    const a = last.answer;
    const u = a.unit;
    const name = `${u.layer}:${u.kind}:${u.unit}`;
    if (!again) tell(() => t("corpus.showing", { unit: name }));
    rank.replaceChildren(table(a.units, "corpus.rank", name, pick), table(a.baseline, "corpus.baseline", null, null));
    if (!again) colour(out, a, last.model); // (the colours say nothing in words)
  }

  out.addEventListener("click", (e) => {
    const i = Number(e.target?.dataset?.i);
    if (!last || !Number.isInteger(i)) return;
    // The trace takes no control characters: the clicked character's line, up to it.
    const tokens = last.answer.tokens;
    let from = i;
    const control = (tok) => tok.length === 1 && tok.charCodeAt(0) < 32;
    while (from > 0 && i + 1 - from < TRACE_CHARS && !control(tokens[from - 1])) from -= 1;
    const slice = tokens.slice(from, i + 1).join("");
    if (slice.length < 2) return;
    const href = appUrl(
      `/?${new URLSearchParams({ model: last.model, text: slice, layer: String(last.answer.unit.layer) })}`,
    );
    tell(() => el("a", { href, text: `${t("corpus.trace")} →` }));
  });

  refresh();
  apply(root);
  function relabel() {
    for (const option of select.options) {
      const m = listed.find((x) => x.id === option.value);
      if (m) option.textContent = named(m);
    }
    draw(true);
    tell(say);
  }

  return { refresh, relabel };
}

function table(rows, titleKey, current, onPick) {
  if (!rows) return el("div");
  const body = el("tbody");
  for (const r of rows) {
    const name = `${r.layer}:${r.kind}:${r.unit}`;
    const cell = onPick ? el("button", { type: "button", class: "unit-pick", text: name }) : el("span", { text: name });
    if (onPick) cell.addEventListener("click", () => onPick(name));
    const tr = el(
      "tr",
      name === current ? { class: "current" } : {},
      el("td", {}, cell),
      el("td", { text: r.auc.toFixed(3) }),
      el("td", { text: r.sign > 0 ? "+" : "−" }),
    );
    body.append(tr);
  }
  const head = el("tr", {}, el("th", { text: t("corpus.unit") }), el("th", { text: "AUC" }), el("th", { text: "±" }));
  return el("table", { class: "unit-table" }, el("caption", { text: t(titleKey) }), el("thead", {}, head), body);
}

// The value the colours are centred on: the median of the unit's values over the text. A cell
// state (c) need not cross zero (a unit at -3 outside a docstring and -1 inside it): centred on
// zero it would be blue throughout; centred on its median, its high and low stretches show.
function median(values) {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// One span per token, its background the unit's activation: red above its median, blue below,
// scaled by the largest distance from the median.
function colour(box, a, model) {
  const mid = median(a.values);
  const top = Math.max(1e-9, ...a.values.map((v) => Math.abs(v - mid)));
  const frag = document.createDocumentFragment();
  a.tokens.forEach((tok, i) => {
    const v = (a.values[i] - mid) / top;
    const span = document.createElement("span");
    span.textContent = tok;
    span.dataset.i = String(i);
    span.style.background = v >= 0 ? `rgba(214, 39, 40, ${v.toFixed(3)})` : `rgba(31, 119, 180, ${(-v).toFixed(3)})`;
    if (a.marked?.[i]) span.className = "marked";
    frag.append(span);
  });
  box.replaceChildren(frag);
  box.dataset.model = model;
}
