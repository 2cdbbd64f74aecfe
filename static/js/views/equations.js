// The equations of each cell, symbolic and with the live numbers of one unit j at step t.
// equationsFor(trace, l, t, j) -> {forward: [[symbolic, numeric, values]], backward: [...]}.
// Every number is read from the trace (values, pre-activations, gradient vectors and norms);
// nothing is computed here, so a student can check each figure against the JSON. Weights are
// written in PyTorch's symbols (W_{ih}, W_{hf}, ...); notation.js renames them for the page.
// Steps are 0-based in the trace and 1-based on screen.
import { shown } from "../dom.js";

const at = (rows, t, j) => (rows && t >= 0 && t < rows.length ? rows[t][j] : null);
const FN = { tanh: "tanh", relu: "relu", sigmoid: "σ" };

function forwardRnn(layer, t, j, act) {
  const f = FN[act] || "tanh";
  return [
    ["a_t = W_{ih} x_t + W_{hh} h_{t-1} + b", "a_t[j] = {{a}}", { a: at(layer.pre.a, t, j) }],
    [`h_t = ${f}(a_t)`, `h_t[j] = ${f}({{a}}) = {{h}}`, { a: at(layer.pre.a, t, j), h: at(layer.h, t, j) }],
  ];
}

function forwardLstm(layer, t, j) {
  const v = (name) => at(layer.gates[name], t, j);
  const p = (name) => at(layer.pre[name], t, j);
  const gate = (name, fn) => [
    `${name}_t = ${fn}(W_{i${name}} x_t + W_{h${name}} h_{t-1} + b_${name})`,
    `${name}_t[j] = ${fn}({{p}}) = {{v}}`,
    { p: p(name), v: v(name) },
  ];
  return [
    gate("f", "σ"),
    gate("i", "σ"),
    gate("g", "tanh"),
    gate("o", "σ"),
    [
      "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t",
      "{{c}} = {{f}} · {{cp}} + {{i}} · {{g}}",
      { c: at(layer.c, t, j), f: v("f"), cp: t > 0 ? at(layer.c, t - 1, j) : 0, i: v("i"), g: v("g") },
    ],
    ["h_t = o_t ⊙ tanh(c_t)", "{{h}} = {{o}} · tanh({{c}})", { h: at(layer.h, t, j), o: v("o"), c: at(layer.c, t, j) }],
  ];
}

function forwardGru(layer, t, j) {
  const v = (name) => at(layer.gates[name], t, j);
  const p = (name) => at(layer.pre[name], t, j);
  return [
    ["r_t = σ(W_{ir} x_t + W_{hr} h_{t-1} + b_r)", "r_t[j] = σ({{p}}) = {{v}}", { p: p("r"), v: v("r") }],
    ["z_t = σ(W_{iz} x_t + W_{hz} h_{t-1} + b_z)", "z_t[j] = σ({{p}}) = {{v}}", { p: p("z"), v: v("z") }],
    [
      "n_t = tanh(W_{in} x_t + b_{in} + r_t ⊙ (W_{hn} h_{t-1} + b_{hn}))",
      "n_t[j] = tanh({{p}}) = {{v}}",
      { p: p("n"), v: v("n") },
    ],
    ["W_{hn} h_{t-1} + b_{hn}", "(W_{hn} h_{t-1} + b_{hn})[j] = {{hn}}", { hn: p("hn") }],
    [
      "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}",
      "{{h}} = (1 - {{z}}) · {{n}} + {{z}} · {{hp}}",
      { h: at(layer.h, t, j), z: v("z"), n: v("n"), hp: t > 0 ? at(layer.h, t - 1, j) : 0 },
    ],
  ];
}

// The target token is a text slot: set with textContent, never parsed as notation.
function output(trace, t) {
  const k = trace.targets[t];
  return [
    ["ŷ_t = softmax(W_{hy} h_t + b_y)", "ŷ_t[{{tok}}] = {{p}}", { tok: shown(trace.vocab[k]), p: trace.probs[t][k] }],
    ["L_t = - log ŷ_t[y_t]", "L_t = - log {{p}} = {{loss}}", { p: trace.probs[t][k], loss: trace.loss[t] }],
  ];
}

function backwardRnn(layer, t, j, T) {
  const g = layer.grad;
  const rows = [
    [
      "\\frac{∂L}{∂h_t} = W_{hy}^⊤ (ŷ_t - y_t) + W_{hh}^⊤ diag(f′(a_{t+1})) \\frac{∂L}{∂h_{t+1}}",
      "\\frac{∂L}{∂h_t}[j] = {{d}},  ‖\\frac{∂L}{∂h_t}‖ = {{n}}",
      { d: at(g.dL_dh_vec, t, j), n: g.dL_dh[t] },
    ],
  ];
  if (t < T - 1) {
    rows.push([
      "‖\\frac{∂L_T}{∂h_t}‖ ≤ ‖diag(f′(a_{t+1})) W_{hh}‖_2 ‖\\frac{∂L_T}{∂h_{t+1}}‖",
      // factor.max is null past JACOBIAN_MAX_HIDDEN (no spectral norms): shown as "—"
      "{{a}} ≤ {{k}} × {{b}}",
      { a: g.dLlast_dh[t], k: g.factor.max?.[t + 1] ?? null, b: g.dLlast_dh[t + 1] },
    ]);
  }
  return rows;
}

function backwardLstm(layer, t, j, T) {
  const g = layer.grad;
  const last = t === T - 1;
  return [
    [
      "\\frac{∂L}{∂c_t} = \\frac{∂L}{∂h_t} ⊙ o_t ⊙ tanh′(c_t) + \\frac{∂L}{∂c_{t+1}} ⊙ f_{t+1}",
      "{{dc}} = {{dh}} · {{o}} · tanh′({{c}}) + {{dcn}} · {{fn}}",
      {
        dc: at(g.dL_dc_vec, t, j),
        dh: at(g.dL_dh_vec, t, j),
        o: at(layer.gates.o, t, j),
        c: at(layer.c, t, j),
        dcn: last ? 0 : at(g.dL_dc_vec, t + 1, j),
        fn: last ? 0 : at(layer.gates.f, t + 1, j),
      },
    ],
    ["‖\\frac{∂L_T}{∂c_t}‖,  ‖\\frac{∂L_T}{∂h_t}‖", "{{c}},  {{h}}", { c: g.dLlast_dc[t], h: g.dLlast_dh[t] }],
  ];
}

function backwardGru(layer, t, j, T) {
  const g = layer.grad;
  const last = t === T - 1;
  return [
    [
      "\\frac{∂L}{∂h_t} = W_{hy}^⊤ (ŷ_t - y_t) + \\frac{∂L}{∂h_{t+1}} ⊙ z_{t+1} + …",
      "{{d}} = … + {{dn}} · {{zn}} + …",
      {
        d: at(g.dL_dh_vec, t, j),
        dn: last ? 0 : at(g.dL_dh_vec, t + 1, j),
        zn: last ? 0 : at(layer.gates.z, t + 1, j),
      },
    ],
    ["‖\\frac{∂L_T}{∂h_t}‖", "{{h}}", { h: g.dLlast_dh[t] }],
  ];
}

export function equationsFor(trace, l, t, j) {
  const cell = trace.request.cell;
  const layer = trace.layers[l];
  const T = trace.targets.length;
  const top = l === trace.layers.length - 1;
  const fwd = {
    rnn: () => forwardRnn(layer, t, j, trace.request.activation),
    lstm: () => forwardLstm(layer, t, j),
    gru: () => forwardGru(layer, t, j),
  }[cell]();
  const bwd = { rnn: backwardRnn, lstm: backwardLstm, gru: backwardGru }[cell](layer, t, j, T);
  return { forward: top ? [...fwd, ...output(trace, t)] : fwd, backward: bwd };
}
