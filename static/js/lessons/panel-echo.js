// Scene 13 panel: the echo state network. A slider for the spectral radius of the fixed W_hh
// (the page's `spectral_radius`). The echo-state property: two inputs that differ only at step 2
// (zxx… and zzx…, the same vocabulary) drive the same reservoir; the distance between their
// states ‖h_t − h′_t‖ (from the two traces' h) fades when the radius is below 1 and stays when
// it is above. What the readout alone learns: the loss and the cell steps training walked back
// for the untrained reservoir, the readout fitted by ridge regression, the readout trained by
// Adam, and every weight trained by Adam.
//
// update({state, traces}).
import { html } from "../dom.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { chartDiv, draw, axis, logAxis, logSafe, ys } from "./plots.js";
import { lt } from "./text.js";
import { memo, note, num, slider, table } from "./widgets.js";

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

export function createEcho(root) {
  const radius = slider(root, {
    id: "lesson-radius",
    name: "spectral_radius",
    min: 0.1,
    max: 2,
    step: 0.1,
    label: () => lt("esn.radius"),
  });
  const row = html("div", { class: "lesson-pair" }, root);
  const forget = chartDiv(row, "lesson-echo-forget");
  const runs = html("div", { class: "lesson-echo-runs" }, row);
  const status = note(root);
  const rounds = guard();
  const changed = memo();

  async function render(state) {
    const round = rounds.next();
    const rho = state.spectral_radius ?? 0.9;
    const radii = [...new Set([...RADII, rho])].sort((a, b) => a - b);
    // full precision (no `digits`): the distances fall far below the page's 7 digits
    const reservoir = { ...state, cell: "rnn", layers: 1, train_steps: 0, init: "pytorch", digits: null };
    const pairs = radii.map((r) => PAIR.map((text) => apiRequest({ ...reservoir, text, spectral_radius: r })));
    const fits = RUNS.map((run) => apiRequest({ ...state, cell: "rnn", spectral_radius: rho, ...run.patch }));
    forget.dataset.api = pairs.flat().join(" ");
    runs.dataset.api = fits.join(" ");
    status.show("lesson.loading");
    const got = await Promise.all([...pairs.flat(), ...fits].map(getJSON));
    if (!rounds.current(round)) return;
    const failed = got.find((g) => g.error);
    if (failed) return status.show("lesson.error", { msg: failed.error });
    status.show(null);
    const data = radii.map((r, k) => {
      const [a, b] = [got[2 * k], got[2 * k + 1]];
      const d = distance(a.layers[0].h, b.layers[0].h).slice(1); // from step 2, where they differ
      const color = r === rho ? "#c2185b" : COLORS[RADII.indexOf(r)];
      const width = r === rho ? 6 : 3;
      return {
        x: d.map((_, t) => t + 2),
        y: logSafe(d),
        name: `ρ = ${r}`,
        mode: "lines+markers",
        line: { color, width },
        marker: { size: 6 },
      };
    });
    const T = PAIR[0].length - 1;
    draw(forget, data, lt("esn.forget"), { xaxis: axis("", { range: [1.5, T + 0.5] }), yaxis: logAxis(ys(data)) });
    const fitted = got.slice(2 * radii.length);
    runs.replaceChildren();
    table(
      runs,
      [lt("esn.run"), lt("esn.loss"), lt("esn.walked")],
      RUNS.map((run, k) => [
        lt(`esn.${run.key}`, { n: STEPS }),
        (td) => num(td, fitted[k].total_loss, `loss.${run.key}`),
        (td) => num(td, fitted[k].train ? fitted[k].train.backward_steps : 0, `walked.${run.key}`),
      ]),
      "echo",
    );
  }

  return {
    update({ state, traces }) {
      radius.set(state.spectral_radius ?? 0.9);
      if (!traces) return;
      const next = [state.text, state.hidden, state.seed, state.spectral_radius, state.ridge, state.lang, state.theme];
      if (changed(next)) render(state);
    },
  };
}
