// Scene 3 panel: the four shapes of sequence tasks, each a card with its diagram and a live run.
//   many-to-many  the page's character model: a prediction at every step
//   many-to-one   a small run of the recall task (/api/v1/recall): one answer at the end, and
//                 the sentence classifier on the /tasks page's reviews (/api/v1/classify)
//   (many-to-many also: the encoder-decoder on the /tasks page's pairs, /api/v1/seq2seq)
//   one-to-many   /api/v1/sample from the page's model, with a temperature slider (`temp`)
//   one-to-one    the model's first step alone
// A panel spec (lessons/panels.js), drawn as each answer comes: the recall run takes seconds.
import { html, shown, svg } from "../dom.js";
import { query } from "../api.js";
import { t } from "../i18n.js";
import { sampleRequest } from "../state.js";
import { PAIRS, REVIEWS } from "../tasks/samples.js";
import { samplesLang } from "./reviews.js";
import { fill, num, singleCell, slider } from "./widgets.js";
import { appUrl } from "../paths.js";

// the small recall run of the many-to-one card (inputs, not results)
const RECALL = { cell: "gru", n_distract: 8, steps: 100, update_bias: 2 };
const SAMPLE_LENGTH = 24;
// the real classifier and encoder-decoder of the /tasks page, small (inputs, not results)
const TASK_MODEL = { cell: "gru", hidden: 8, train_steps: 100 };

// A task diagram: n columns of input (bottom), state (middle), output (top) boxes.
function diagram(parent, ins, outs, feedback = false) {
  const n = ins.length;
  const W = 46 * n + 10;
  const el = svg("svg", { class: "task-diagram", viewBox: `0 0 ${W} 118`, "aria-hidden": "true" }, parent);
  for (let i = 0; i < n; i += 1) {
    const x = 10 + 46 * i;
    svg("rect", { x, y: 44, width: 30, height: 30, rx: 6, class: "td-state" }, el);
    if (i < n - 1) svg("line", { x1: x + 30, y1: 59, x2: x + 44, y2: 59, class: "td-wire" }, el);
    if (ins[i]) {
      svg("rect", { x, y: 92, width: 30, height: 22, rx: 4, class: "td-in" }, el);
      svg("line", { x1: x + 15, y1: 92, x2: x + 15, y2: 76, class: "td-wire" }, el);
    }
    if (outs[i]) {
      svg("rect", { x, y: 4, width: 30, height: 22, rx: 4, class: "td-out" }, el);
      svg("line", { x1: x + 15, y1: 44, x2: x + 15, y2: 28, class: "td-wire" }, el);
      if (feedback && i < n - 1)
        svg("path", { d: `M${x + 30},15 C${x + 52},15 ${x + 40},100 ${x + 58},100`, class: "td-feedback" }, el);
    }
  }
  return el;
}

function card(parent, id, title, ins, outs, feedback) {
  const el = html("section", { class: "task-card", id }, parent);
  const head = html("h3", {}, el);
  diagram(el, ins, outs, feedback);
  const what = html("p", { class: "task-what" }, el);
  const body = html("div", { class: "task-body" }, el);
  return { el, head, what, body, title };
}

const tokens = (parent, list, key, marks = []) => {
  const row = html("div", { class: "task-tokens", "data-key": key }, parent);
  for (const [i, tok] of list.entries()) html("span", { class: `tok ${marks[i] ?? ""}`.trim() }, row, shown(tok));
  return row;
};

// the main page's generation panel asks the same way (state.js sampleRequest), at its own length
const sampleUrl = (state, trace) =>
  sampleRequest({ ...state, cell: singleCell(state), length: SAMPLE_LENGTH }, trace.tokens[0]);

export const tasks = {
  trace: true,
  watch: ["lang"],
  progressive: true,
  requests: (state, trace) => ({
    recall: query("/api/v1/recall", { ...RECALL, seed: state.seed }),
    sample: sampleUrl(state, trace),
    cls: query("/api/v1/classify", { ...TASK_MODEL, examples: JSON.stringify(REVIEWS[samplesLang(state)]) }),
    s2s: query("/api/v1/seq2seq", { ...TASK_MODEL, pairs: JSON.stringify(PAIRS[samplesLang(state)]) }),
  }),
  create(root) {
    const grid = html("div", { class: "task-grid" }, root);
    const m2m = card(grid, "task-m2m", "task.m2m", [1, 1, 1, 1], [1, 1, 1, 1]);
    const m2o = card(grid, "task-m2o", "task.m2o", [1, 1, 1, 1], [0, 0, 0, 1]);
    const o2m = card(grid, "task-o2m", "task.o2m", [1, 0, 0, 0], [1, 1, 1, 1], true);
    const o2o = card(grid, "task-o2o", "task.o2o", [1], [1]);
    const temp = slider(o2m.el, "lesson-temp", "temp", [0.1, 3, 0.1], () => t("task.o2m.temp"));
    o2m.el.insertBefore(temp.input.parentElement, o2m.body);
    const m2oReal = html("div", { class: "task-body task-real", id: "task-m2o-real" }, m2o.el);
    const m2mReal = html("div", { class: "task-body task-real", id: "task-m2m-real" }, m2m.el);

    function drawModel(trace) {
      m2m.what.textContent = t("task.m2m.what");
      m2m.body.replaceChildren();
      tokens(m2m.body, trace.tokens.slice(0, -1), "inputs");
      const marks = trace.predicted.map((p, s) => (p === trace.vocab[trace.targets[s]] ? "right" : "wrong"));
      tokens(m2m.body, trace.predicted, "predicted", marks);
      o2o.what.textContent = t("task.o2o.what");
      o2o.body.replaceChildren();
      const row = html("div", { class: "task-pair" }, o2o.body);
      html("span", { class: "tok" }, row, shown(trace.tokens[0]));
      html("span", { class: "arrow" }, row, "→");
      html("span", { class: "tok", "data-key": "o2o.pred" }, row, shown(trace.predicted[0]));
      num(html("span", { class: "task-p" }, row, "p = "), Math.max(...trace.probs[0]), "o2o.p");
    }

    function drawRecall(r) {
      m2o.body.replaceChildren();
      if (!r) {
        m2o.what.textContent = t("lesson.training");
        return;
      }
      m2o.what.textContent = t("task.m2o.what", { T: r.T });
      fill(html("p", { class: "task-acc" }, m2o.body), t("task.m2o.acc"), {
        before: [r.start.accuracy, "acc.start"],
        after: [r.end.accuracy, "acc.end"],
      });
      fill(html("p", { class: "task-what" }, m2o.body), t("task.m2o.how"), {
        steps: [r.request.steps, "steps"],
        chance: [r.chance, "chance"],
      });
    }

    function drawSample(s) {
      o2m.body.replaceChildren();
      o2m.what.textContent = s ? t("task.o2m.what", { start: shown(s.tokens[0]) }) : "";
      if (s) tokens(o2m.body, s.tokens, "sample", ["start"]);
    }

    // many-to-one: reviews classified; many-to-many: an encoder-decoder, greedy from its context
    function drawClassify(c, lang) {
      m2oReal.replaceChildren();
      if (!c) return;
      const line = html("p", { class: "task-what" }, m2oReal);
      fill(line, t("task.m2o.cls"), {
        B: [c.tokens.length, "cls.B"],
        acc: [c.accuracy, "cls.acc"],
        steps: [c.request.train_steps, "cls.steps"],
      });
      html("a", { href: appUrl(`/tasks?lang=${lang}`) }, m2oReal, t("task.open"));
    }

    function drawSeq2seq(q, lang) {
      m2mReal.replaceChildren();
      if (!q) return;
      const [src, tgt] = q.request.pairs[0];
      const said = q.generated.tokens[0].filter((w) => w !== "<eos>").join("");
      const pair = html("div", { class: "task-pair" }, m2mReal);
      html("span", { class: "task-what" }, pair, t("task.m2m.s2s"));
      html("span", { class: "tok" }, pair, src);
      html("span", { class: "arrow" }, pair, "→");
      html("span", { class: `tok ${said === tgt ? "right" : "wrong"}`, "data-key": "s2s.said" }, pair, said || "–");
      html("a", { href: appUrl(`/tasks?mode=seq2seq&lang=${lang}`) }, m2mReal, t("task.open"));
    }

    return {
      sync(state) {
        for (const c of [m2m, m2o, o2m, o2o]) c.head.textContent = t(c.title);
        temp.set(state.temp ?? 1);
      },
      draw({ state, trace, data }) {
        drawModel(trace);
        drawRecall(data.recall);
        drawSample(data.sample);
        drawClassify(data.cls, samplesLang(state));
        drawSeq2seq(data.s2s, samplesLang(state));
      },
    };
  },
};
