// Scene 1 panel: each input as its one-hot vector (the page's trace) next to a learned embedding
// of the same text (a second trace with `embedding` = EMBED, trained), and the sizes side by side.
//
// update({state, traces}): the page's state and traces ({cell: trace}, or null while loading).
import { html, shown } from "../dom.js";
import { apiRequest } from "../state.js";
import { getJSON, guard } from "./load.js";
import { lt } from "./text.js";
import { digitCell, note, num, onTrace, singleCell, table, valueCell } from "./widgets.js";

const EMBED = 2; // E: each token becomes this many numbers
const EMBED_STEPS = 200; // training steps before the embedding is read

export function createEncoding(root) {
  const box = html("div", { class: "lesson-encoding" }, root);
  const status = note(root);
  const rounds = guard();

  async function render(state, trace) {
    const round = rounds.next();
    const url = apiRequest({ ...state, cell: singleCell(state), embedding: EMBED, train_steps: EMBED_STEPS });
    box.dataset.api = url;
    status.show("lesson.loading");
    const emb = await getJSON(url);
    if (!rounds.current(round)) return;
    if (emb.error) return status.show("lesson.error", { msg: emb.error });
    status.show(null);
    const V = trace.x[0].length;
    const E = emb.embedded[0].length;
    const head = [lt("enc.token"), lt("enc.onehot", { V }), lt("enc.embed", { E, steps: emb.request.train_steps })];
    const rows = trace.x.map((x, t) => [
      shown(trace.tokens[t]),
      (td) => {
        for (const [i, v] of x.entries()) digitCell(td, v, `x.${t}.${i}`);
      },
      (td) => {
        for (const [k, v] of emb.embedded[t].entries()) valueCell(td, v, `e.${t}.${k}`);
      },
    ]);
    const zeros = (v) => v.filter((a) => a === 0).length;
    rows.push([lt("enc.width"), (td) => num(td, V, "V"), (td) => num(td, E, "E")]);
    rows.push([
      lt("enc.zeros"),
      (td) => num(td, zeros(trace.x[0]), "zeros.x"),
      (td) => num(td, zeros(emb.embedded[0]), "zeros.e"),
    ]);
    rows.push([
      lt("enc.params"),
      (td) => num(td, trace.param_count.pytorch, "params.x"),
      (td) => num(td, emb.param_count.pytorch, "params.e"),
    ]);
    box.replaceChildren();
    table(box, head, rows, "encoding");
  }

  return {
    update: onTrace(["lang"], (state, trace) => {
      render(state, trace);
    }),
  };
}
