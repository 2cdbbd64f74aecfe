// The weights' names in three notations: the course notes' U, V, W (s_t = tanh(U x_t + W s_{t-1}),
// y_t = softmax(V s_t)), the W_xh, W_hh, W_hy of the lecture slides, and PyTorch's (its docs'
// W_ih, W_hh per gate; its tensors weight_ih_l0, weight_hh_l0). The page's `notation` (state.js)
// picks one; the detail panel shows the mapping once (mapping()).
//
// Equations are written once in PyTorch's symbols (equations.js, equations-text.js) and renamed
// here: W_{ih} W_{hh} (RNN), W_{i<g>} W_{h<g>} (a gate g of the LSTM or GRU), W_{hy} (readout).
export const NOTATIONS = ["xh", "uvw", "torch"];

let current = "xh";

export function setNotation(next) {
  current = NOTATIONS.includes(next) ? next : "xh";
}

export function getNotation() {
  return current;
}

// [input weight, recurrent weight, readout] of gate g ("" for the RNN's single block)
const NAMES = {
  xh: (g) => [
    ["W", `x${g || "h"}`],
    ["W", `h${g || "h"}`],
    ["W", "hy"],
  ],
  uvw: (g) => [
    ["U", g],
    ["W", g],
    ["V", ""],
  ],
  torch: (g) => [
    ["W", g ? `i${g}` : "ih"],
    ["W", g ? `h${g}` : "hh"],
    ["W", "hy"],
  ],
};

// W_{ih} / W_{ih}^⊤ / W_ii in `src` -> the notation's symbol; braced input gives braced output.
const WEIGHT = /W_(\{)?([ih])([a-z])\}?/g;

export function rename(src, notation = current) {
  return src.replace(WEIGHT, (_whole, brace, side, gate) => {
    const k = side === "h" && gate === "y" ? 2 : side === "i" ? 0 : 1; // input, recurrent, readout
    const block = k === 2 || gate === "h" ? "" : gate; // W_ih, W_hh: the RNN's single block
    const [letter, sub] = NAMES[notation](block)[k];
    if (!sub) return letter;
    return brace ? `${letter}_{${sub}}` : `${letter}_${sub}`;
  });
}

// The mapping of one cell's weights (of layer `layer`), a row per matrix: [notes, slides, PyTorch's symbol,
// PyTorch's tensor]. For the LSTM and GRU the gate blocks are stacked in PyTorch's order.
const GATES = { rnn: [""], lstm: ["i", "f", "g", "o"], gru: ["r", "z", "n"] };

export function mapping(cell, layer = 0) {
  const gates = GATES[cell] || [""];
  const row = (k, tensor) => [...NOTATIONS.map((n) => gates.map((g) => sym(NAMES[n](g)[k])).join(", ")), tensor];
  const out = [...NOTATIONS.map((n) => sym(NAMES[n]("")[2])), "readout.weight"];
  return [row(0, `weight_ih_l${layer}`), row(1, `weight_hh_l${layer}`), out];
}

const sym = ([letter, sub]) => (sub ? `${letter}_${sub}` : letter);
