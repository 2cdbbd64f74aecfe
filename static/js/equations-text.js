// One-line, plain-text forms of the equations, for tooltips and labels. The MathML forms of the
// detail panel live in views/equations.js; both follow the symbols of the trace fields, and
// write the weights in PyTorch's symbols (notation.js renames them to the page's notation).

export const TEXT_EQ = {
  rnn: {
    a: "a_t = W_ih x_t + W_hh h_{t-1} + b",
    h: "h_t = tanh(a_t)",
  },
  lstm: {
    i: "i_t = σ(W_ii x_t + W_hi h_{t-1} + b_i)",
    f: "f_t = σ(W_if x_t + W_hf h_{t-1} + b_f)",
    g: "g_t = tanh(W_ig x_t + W_hg h_{t-1} + b_g)",
    o: "o_t = σ(W_io x_t + W_ho h_{t-1} + b_o)",
    c: "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t",
    h: "h_t = o_t ⊙ tanh(c_t)",
  },
  gru: {
    r: "r_t = σ(W_ir x_t + W_hr h_{t-1} + b_r)",
    z: "z_t = σ(W_iz x_t + W_hz h_{t-1} + b_z)",
    n: "n_t = tanh(W_in x_t + r_t ⊙ (W_hn h_{t-1} + b_hn))",
    h: "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}",
  },
  common: {
    x: "x_t = one-hot(token_t)",
    e: "e_t = E x_t (the column of E that x_t picks)",
    p: "ŷ_t = softmax(W_hy h_t + b_y)",
    loss: "L_t = −log ŷ_t[target_t]",
    gradLast: "‖∂L_T/∂h_t‖",
    gradTotal: "‖∂L/∂h_t‖ = ‖Σ_k ∂L_k/∂h_t‖",
    gradC: "‖∂L_T/∂c_t‖",
  },
};

// The cell type of a trace, from its normalized request.
export const cellOf = (trace) => trace.request.cell;
