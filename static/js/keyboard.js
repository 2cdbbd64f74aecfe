// Keys for the lecture hall: space play/pause, left/right step, up/down pick the unit,
// b backward pass, p presentation, g generation, t the text box, 1-4 RNN, LSTM, GRU, compare, ? help, Escape
// closes help. Keys typed into a form field stay with the field.
import { emit } from "./bus.js";
import { PROPS } from "./state.js";

const CELL_VALUES = PROPS.find((p) => p.name === "cell").values; // rnn, lstm, gru, compare

export function listenKeys() {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const field = event.target.closest?.("input, select, textarea, [contenteditable]");
    if (field && !(field.type === "range" && event.key === " ")) {
      if (event.key === "Escape") field.blur();
      return;
    }
    const actions = {
      " ": () => emit("player:toggle"),
      ArrowLeft: () => emit("player:step", { delta: -1 }),
      ArrowRight: () => emit("player:step", { delta: 1 }),
      ArrowUp: () => emit("unit:step", { delta: -1 }),
      ArrowDown: () => emit("unit:step", { delta: 1 }),
      b: () => emit("player:backward"),
      p: () => emit("ui:toggle", { name: "present" }),
      g: () => emit("ui:toggle", { name: "gen" }),
      t: () => emit("text:focus"),
      ...Object.fromEntries(
        CELL_VALUES.map((cell, k) => [String(k + 1), () => emit("state:patch", { patch: { cell } })]),
      ),
      "?": () => emit("help:toggle", {}),
      Escape: () => emit("help:toggle", { open: false }),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}
