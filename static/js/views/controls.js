// View: the model controls, built from the property table in state.js. The main bar holds text,
// cell, hidden size, seed and training; the advanced drawer holds every other API option.
//
// update(state, room) puts the state's values in the inputs (leaving the one being typed in
// alone); `room` (budget.js) turns off the training choices the server would refuse.
// Emits state:patch {name: value} for every valid edit; invalid input is marked, not sent.
import { fits, TRAIN_CHOICES } from "../budget.js";
import { emit, on } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { PROPS, parseValue, prop as propNamed } from "../state.js";

const MAIN = ["hidden", "seed", "train_steps"];

function field(parent, prop) {
  const label = html("label", { class: `field field-${prop.name}` }, parent);
  html("span", { class: "field-name", "data-i18n": `opt.${prop.name}` }, label);
  let input;
  if (prop.type === "enum" || prop.type === "bool") {
    input = html("select", { name: prop.name }, label);
    const values = prop.type === "bool" ? ["false", "true"] : prop.values;
    const key = (v) => (prop.type === "bool" ? `opt.${v === "true" ? "on" : "off"}` : `${prop.name}.${v}`);
    for (const v of values) html("option", { value: v, "data-i18n": key(v) }, input, v);
  } else if (prop.name === "train_steps") {
    input = html("select", { name: prop.name }, label);
  } else {
    input = html(
      "input",
      {
        name: prop.name,
        type: prop.type === "str" ? "text" : "number",
        inputmode: { int: "numeric", float: "decimal" }[prop.type] ?? "text",
        min: prop.min,
        max: prop.max,
        step: prop.type === "int" ? 1 : "any",
        "data-i18n-placeholder": prop.nullable ? "opt.unset" : null,
      },
      label,
    );
  }
  const send = () => {
    const value = parseValue(prop, input.value);
    input.setAttribute("aria-invalid", String(value === undefined));
    if (value !== undefined) emit("state:patch", { patch: { [prop.name]: value } });
  };
  input.addEventListener(input.tagName === "SELECT" ? "change" : "input", send);
  return input;
}

// The training choices; those the server's budget does not take for this text and mode are
// off, and say so (budget.js: room = {most, note}). With optimizer=ridge there is no step count:
// the readout is fitted once (core.train.fit_ridge), so the choices are untrained or fitted.
function trainOptions(select, state, room) {
  const current = state.train_steps;
  const ridge = state.optimizer === "ridge";
  const offered = ridge ? [0, current || 1] : TRAIN_CHOICES;
  const choices = [...new Set([...offered, current])].sort((a, b) => a - b);
  const key = `${current}/${room.most}/${ridge}/${t("train.none")}`;
  if (select.dataset.built !== key) {
    select.dataset.built = key;
    select.replaceChildren(
      ...choices.map((n) => {
        const ok = fits(n, room.most);
        const option = html("option", { value: n }, null, trainLabel(n, ok, ridge));
        option.disabled = !ok;
        option.selected = n === current;
        return option;
      }),
    );
  }
  if (select.title !== room.note) select.title = room.note;
}

function trainLabel(n, ok, ridge) {
  if (n === 0) return t("train.none");
  if (ridge) return t(ok ? "train.ridge" : "train.ridge.off");
  const one = n === 1 ? ".one" : "";
  return t(ok ? `train.steps${one}` : `train.off${one}`, { n });
}

export function createControls(bar, drawer) {
  const text = html(
    "input",
    {
      id: "in-text",
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
      maxlength: propNamed("text").maxLength,
      "data-i18n-title": "opt.text",
    },
    html("label", { class: "field field-text" }, bar),
  );
  // A Korean IME composes a syllable in several input events (ㅎ, 하, 한, 한ㄱ, ...): the text
  // is sent only once it is composed (compositionend), never half a syllable.
  let composing = false;
  const sendText = () => {
    const value = parseValue(propNamed("text"), text.value);
    text.setAttribute("aria-invalid", String(value === undefined));
    if (value !== undefined) emit("state:patch", { patch: { text: value } });
  };
  text.addEventListener("compositionstart", () => (composing = true));
  text.addEventListener("compositionend", () => {
    composing = false;
    sendText();
  });
  text.addEventListener("input", (event) => {
    if (!composing && !event.isComposing) sendText();
  });
  on("text:focus", () => {
    text.focus();
    text.select();
  });

  const cells = html("div", { class: "segmented", role: "radiogroup", id: "in-cell" }, bar);
  const cellButtons = PROPS.find((p) => p.name === "cell").values.map((value) => {
    const button = html(
      "button",
      { type: "button", role: "radio", "data-value": value, "data-i18n": `cell.${value}` },
      cells,
    );
    button.addEventListener("click", () => emit("state:patch", { patch: { cell: value } }));
    return button;
  });

  const inputs = {};
  for (const name of MAIN)
    inputs[name] = field(
      bar,
      PROPS.find((p) => p.name === name),
    );
  for (const prop of PROPS.filter((p) => p.adv)) inputs[prop.name] = field(drawer, prop);

  return {
    update(state, room = { most: undefined, note: "" }) {
      if (document.activeElement !== text && text.value !== state.text) text.value = state.text;
      for (const button of cellButtons) {
        const on = String(button.dataset.value === state.cell);
        if (button.getAttribute("aria-checked") !== on) button.setAttribute("aria-checked", on);
      }
      trainOptions(inputs.train_steps, state, room);
      for (const [name, input] of Object.entries(inputs)) {
        if (name === "train_steps" || document.activeElement === input) continue;
        const value = state[name] === null ? "" : String(state[name]);
        if (input.value !== value) input.value = value;
        if (input.getAttribute("aria-invalid") !== "false") input.setAttribute("aria-invalid", "false");
      }
      if (drawer.hidden !== !state.drawer) drawer.hidden = !state.drawer;
    },
  };
}
