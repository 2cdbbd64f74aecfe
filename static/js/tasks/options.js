// The option controls of the tasks page, built from the declarations of /api/v1/classify and
// /api/v1/seq2seq (core/options.py, served in the page shell): values, limits and defaults come
// from there. A control shows the URL's value or the declared default; a change calls
// onOption(name, raw) with the raw URL value ("" = the default: the parameter is dropped).
import { el } from "../corpus/dom.js";
import { t } from "../i18n.js";
import { option } from "../state.js";

export const SHOWN = {
  classify: ["cell", "hidden", "train_steps", "max_len", "pad", "mask", "bidirectional"],
  seq2seq: ["cell", "hidden", "train_steps", "tokens", "bidirectional"],
};
// the endpoint whose declarations a mode's controls follow
const ENDPOINT = { classify: "classify", seq2seq: "seq2seq" };

function current(decl, params) {
  const def = decl.page_default ?? decl.default;
  return params.has(decl.name) ? params.get(decl.name) : def == null ? "" : String(def);
}

function control(decl, value, onOption) {
  const send = (raw) => onOption(decl.name, raw === String(decl.page_default ?? decl.default ?? "") ? "" : raw);
  if (decl.type === "bool") {
    const box = el("input", { type: "checkbox", id: `t-opt-${decl.name}` });
    box.checked = value === "true" || value === "1";
    box.addEventListener("change", () => send(String(box.checked)));
    return el("label", { class: "check tasks-check" }, box, el("span", { i18n: `tasks.${decl.name}` }));
  }
  let input;
  if (decl.values && decl.values.length <= 2 && decl.name === "pad") {
    input = el("span", { class: "segmented", role: "group", id: `t-opt-${decl.name}` });
    for (const v of decl.values) {
      const b = el("button", {
        type: "button",
        "data-value": v,
        "aria-pressed": String(v === value),
        i18n: `tasks.pad.${v}`,
      });
      b.addEventListener("click", () => send(v));
      input.append(b);
    }
  } else if (decl.values) {
    input = el("select", { id: `t-opt-${decl.name}` });
    for (const v of decl.values)
      input.append(el("option", { value: v, text: decl.name === "cell" ? v.toUpperCase() : v }));
    input.value = value;
    input.addEventListener("change", () => send(input.value));
  } else {
    input = el("input", { type: "number", id: `t-opt-${decl.name}`, inputmode: "numeric" });
    if ("minimum" in decl) input.min = decl.minimum;
    if ("maximum" in decl) input.max = decl.maximum;
    if (decl.type === "float") input.step = "any";
    input.value = value;
    if (decl.nullable) input.placeholder = t("tasks.max_len.auto");
    input.addEventListener("change", () => send(input.value.trim()));
  }
  return el("label", { class: "tasks-field" }, el("span", { i18n: `tasks.${decl.name}` }), input);
}

export function renderOptions(box, mode, params, onOption) {
  const controls = SHOWN[mode].map((name) => {
    const decl = option(name, ENDPOINT[mode]);
    return decl ? control(decl, current(decl, params), onOption) : null;
  });
  box.replaceChildren(...controls.filter(Boolean));
}
