// Scene 13 panel: the echo state network. A slider for the spectral radius of the fixed W_hh
// (the page's `spectral_radius`). The echo-state property: two inputs that differ only at step 2
// (zxx… and zzx…, the same vocabulary) drive the same reservoir; the distance between their
// states ‖h_t − h′_t‖ (from the two traces' h) fades when the radius is below 1 and stays when
// it is above. What the readout alone learns: the loss and the cell steps training walked back
// for the untrained reservoir, the readout fitted by ridge regression, the readout trained by
// Adam, and every weight trained by Adam.
//
// A panel spec (lessons/panels.js): asked for once the page's own trace has come.
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { chartDiv, draw, axis, logAxis, logSafe, ys } from "./plots.js";
import { named, num, slider, table } from "./widgets.js";

const TAIL = " hello world, hello rnn"; // no z, no x: the pair's vocabulary is the same
const PAIR = [`zxx${TAIL}`, `zzx${TAIL}`];
const RADII = [0.5, 0.9, 1.5];
const COLORS = ["#0072B2", "#009E73", "#D55E00"];
const STEPS = 200;
const RUNS = [
  { key: "untrained", patch: { train_steps: 0 } },
  { key: "ridge", patch: { train: "readout", optimizer: "ridge", train_steps: 1 } },
  { key: "readout", patch: { train: "readout", optimizer: "adam", train_steps: STEPS } },
  { key: "all", patch: { train: "all", optimizer: "adam", train_steps: STEPS } },
];

const distance = (a, b) => a.map((row, t) => Math.hypot(...row.map((v, j) => v - b[t][j])));

const rhoOf = (state) => state.spectral_radius ?? 0.9;
// the lesson's radii and the page's, in order
const radiiOf = (state) => [...new Set([...RADII, rhoOf(state)])].sort((a, b) => a - b);

export const echo = {
  trace: true,
  watch: ["lang", "theme"],
  requests(state) {
    const rho = rhoOf(state);
    // full precision (no `digits`): the distances fall far below the page's 7 digits
    const reservoir = { ...state, cell: "rnn", layers: 1, train_steps: 0, init: "pytorch", digits: null };
    return {
      pairs: radiiOf(state).flatMap((r) => PAIR.map((text) => apiRequest({ ...reservoir, text, spectral_radius: r }))),
      fits: RUNS.map((run) => apiRequest({ ...state, cell: "rnn", spectral_radius: rho, ...run.patch })),
    };
  },
  create(root) {
    const radius = slider(root, "lesson-radius", "spectral_radius", [0.1, 2, 0.1], () => named(t("esn.radius")));
    const row = html("div", { class: "lesson-pair" }, root);
    const forget = chartDiv(row, "lesson-echo-forget");
    const runs = html("div", { class: "lesson-echo-runs" }, row);
    return {
      sync: (state) => radius.set(rhoOf(state)),
      draw: ({ state, data }) => render(state, data.pairs, data.fits, { forget, runs }),
    };
  },
};

// the distance between the pair's states for each radius (chart), what each training reached (table)
function render(state, got, fitted, { forget, runs }) {
  const rho = rhoOf(state);
  const radii = radiiOf(state);
  const data = radii.map((r, k) => {
    const [a, b] = [got[2 * k], got[2 * k + 1]];
    const d = distance(a.layers[0].h, b.layers[0].h).slice(1); // from step 2, where they differ
    const color = r === rho ? "#c2185b" : COLORS[RADII.indexOf(r)];
    const width = r === rho ? 6 : 3;
    return {
      x: d.map((_, s) => s + 2),
      y: logSafe(d),
      name: `ρ = ${r}`,
      mode: "lines+markers",
      line: { color, width },
      marker: { size: 6 },
    };
  });
  const T = PAIR[0].length - 1;
  draw(forget, data, t("esn.forget"), { xaxis: axis("", { range: [1.5, T + 0.5] }), yaxis: logAxis(ys(data)) });
  runs.replaceChildren();
  table(
    runs,
    [t("esn.run"), t("esn.loss"), t("esn.walked")],
    RUNS.map((run, k) => [
      t(`esn.${run.key}`, { n: STEPS }),
      (td) => num(td, fitted[k].total_loss, `loss.${run.key}`),
      (td) => num(td, fitted[k].train ? fitted[k].train.backward_steps : 0, `walked.${run.key}`),
    ]),
    "echo",
  );
}
