// Scene 1 panel: each input as its one-hot vector (the page's trace) next to a learned embedding
// of the same text (a second trace with `embedding` = EMBED, trained), and the sizes side by side.
// A panel spec (lessons/panels.js): it declares its request and draws what it receives.
import { html, shown } from "../dom.js";
import { t } from "../i18n.js";
import { apiRequest } from "../state.js";
import { digitCell, num, singleCell, table, valueCell } from "./widgets.js";

const EMBED = 2; // E: each token becomes this many numbers
const EMBED_STEPS = 200; // training steps before the embedding is read

export const encoding = {
  trace: true,
  watch: ["lang"],
  requests: (state) => ({
    emb: apiRequest({ ...state, cell: singleCell(state), embedding: EMBED, train_steps: EMBED_STEPS }),
  }),
  create(root) {
    const box = html("div", { class: "lesson-encoding" }, root);
    return {
      draw({ trace, data: { emb } }) {
        const V = trace.x[0].length;
        const E = emb.embedded[0].length;
        const head = [t("enc.token"), t("enc.onehot", { V }), t("enc.embed", { E, steps: emb.request.train_steps })];
        const rows = trace.x.map((x, s) => [
          shown(trace.tokens[s]),
          (td) => {
            for (const [i, v] of x.entries()) digitCell(td, v, `x.${s}.${i}`);
          },
          (td) => {
            for (const [k, v] of emb.embedded[s].entries()) valueCell(td, v, `e.${s}.${k}`);
          },
        ]);
        const zeros = (v) => v.filter((a) => a === 0).length;
        rows.push([t("enc.width"), (td) => num(td, V, "V"), (td) => num(td, E, "E")]);
        rows.push([
          t("enc.zeros"),
          (td) => num(td, zeros(trace.x[0]), "zeros.x"),
          (td) => num(td, zeros(emb.embedded[0]), "zeros.e"),
        ]);
        rows.push([
          t("enc.params"),
          (td) => num(td, trace.param_count.pytorch, "params.x"),
          (td) => num(td, emb.param_count.pytorch, "params.e"),
        ]);
        box.replaceChildren();
        table(box, head, rows, "encoding");
      },
    };
  },
};
