// Scene 3 panel: the four shapes of sequence tasks, each a card with its diagram and a live run.
//   many-to-many  the page's character model: a prediction at every step
//   many-to-one   a small run of the recall task (/api/v1/recall): one answer at the end, and
//                 the sentence classifier on the /tasks page's reviews (/api/v1/classify)
//   (many-to-many also: the encoder-decoder on the /tasks page's pairs, /api/v1/seq2seq)
//   one-to-many   /api/v1/sample from the page's model, with a temperature slider (`temp`)
//   one-to-one    the model's first step alone
//
// update({state, traces}).
import { html, shown, svg } from "../dom.js";
import { apiRequest } from "../state.js";
import { PAIRS, REVIEWS } from "../tasks/samples.js";
import { getJSON, guard, query } from "./load.js";
import { lt } from "./text.js";
import { fill, note, num, singleCell, slider } from "./widgets.js";

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

export function createTasks(root) {
  const grid = html("div", { class: "task-grid" }, root);
  const m2m = card(grid, "task-m2m", "task.m2m", [1, 1, 1, 1], [1, 1, 1, 1]);
  const m2o = card(grid, "task-m2o", "task.m2o", [1, 1, 1, 1], [0, 0, 0, 1]);
  const o2m = card(grid, "task-o2m", "task.o2m", [1, 0, 0, 0], [1, 1, 1, 1], true);
  const o2o = card(grid, "task-o2o", "task.o2o", [1], [1]);
  const temp = slider(o2m.el, {
    id: "lesson-temp",
    name: "temp",
    min: 0.1,
    max: 3,
    step: 0.1,
    label: () => lt("task.o2m.temp"),
  });
  o2m.el.insertBefore(temp.input.parentElement, o2m.body);
  const status = note(root);
  const m2oReal = html("div", { class: "task-body task-real", id: "task-m2o-real" }, m2o.el);
  const m2mReal = html("div", { class: "task-body task-real", id: "task-m2m-real" }, m2m.el);
  const realRounds = guard();
  const recallRounds = guard();
  const sampleRounds = guard();
  let key = null;

  async function runRecall(state) {
    const round = recallRounds.next();
    const url = query("/api/v1/recall", { ...RECALL, seed: state.seed });
    m2o.body.dataset.api = url;
    m2o.what.textContent = lt("lesson.training");
    const r = await getJSON(url);
    if (!recallRounds.current(round)) return;
    if (r.error) return status.show("lesson.error", { msg: r.error });
    m2o.what.textContent = lt("task.m2o.what", { T: r.T });
    m2o.body.replaceChildren();
    fill(html("p", { class: "task-acc" }, m2o.body), lt("task.m2o.acc"), {
      before: [r.start.accuracy, "acc.start"],
      after: [r.end.accuracy, "acc.end"],
    });
    fill(html("p", { class: "task-what" }, m2o.body), lt("task.m2o.how"), {
      steps: [r.request.steps, "steps"],
      chance: [r.chance, "chance"],
    });
  }

  // many-to-one: reviews classified; many-to-many: an encoder-decoder, greedy from its context
  async function runReal(lang) {
    const round = realRounds.next();
    const cls = query("/api/v1/classify", { ...TASK_MODEL, examples: JSON.stringify(REVIEWS[lang]) });
    const s2s = query("/api/v1/seq2seq", { ...TASK_MODEL, pairs: JSON.stringify(PAIRS[lang]) });
    m2oReal.dataset.api = cls;
    m2mReal.dataset.api = s2s;
    const [c, q] = await Promise.all([getJSON(cls), getJSON(s2s)]);
    if (!realRounds.current(round)) return;
    const failed = [c, q].find((g) => g.error);
    if (failed) return status.show("lesson.error", { msg: failed.error });
    m2oReal.replaceChildren();
    const line = html("p", { class: "task-what" }, m2oReal);
    fill(line, lt("task.m2o.cls"), {
      B: [c.tokens.length, "cls.B"],
      acc: [c.accuracy, "cls.acc"],
      steps: [c.request.train_steps, "cls.steps"],
    });
    html("a", { href: `/tasks?lang=${lang}` }, m2oReal, lt("task.open"));
    m2mReal.replaceChildren();
    const [src, tgt] = q.request.pairs[0];
    const said = q.generated.tokens[0].filter((w) => w !== "<eos>").join("");
    const pair = html("div", { class: "task-pair" }, m2mReal);
    html("span", { class: "task-what" }, pair, lt("task.m2m.s2s"));
    html("span", { class: "tok" }, pair, src);
    html("span", { class: "arrow" }, pair, "→");
    html("span", { class: `tok ${said === tgt ? "right" : "wrong"}`, "data-key": "s2s.said" }, pair, said || "–");
    html("a", { href: `/tasks?mode=seq2seq&lang=${lang}` }, m2mReal, lt("task.open"));
  }

  async function runSample(state, trace) {
    const round = sampleRounds.next();
    const base = new URL(apiRequest({ ...state, cell: singleCell(state) }), location.origin);
    const params = Object.fromEntries(base.searchParams);
    const url = query("/api/v1/sample", {
      ...params,
      start: trace.tokens[0],
      length: SAMPLE_LENGTH,
      temperature: state.temp ?? 1,
    });
    o2m.body.dataset.api = url;
    const s = await getJSON(url);
    if (!sampleRounds.current(round)) return;
    if (s.error) return status.show("lesson.error", { msg: s.error });
    o2m.what.textContent = lt("task.o2m.what", { start: shown(s.tokens[0]) });
    o2m.body.replaceChildren();
    tokens(o2m.body, s.tokens, "sample", ["start"]);
  }

  function renderModel(trace) {
    m2m.what.textContent = lt("task.m2m.what");
    m2m.body.replaceChildren();
    tokens(m2m.body, trace.tokens.slice(0, -1), "inputs");
    const marks = trace.predicted.map((p, t) => (p === trace.vocab[trace.targets[t]] ? "right" : "wrong"));
    tokens(m2m.body, trace.predicted, "predicted", marks);
    o2o.what.textContent = lt("task.o2o.what");
    o2o.body.replaceChildren();
    const row = html("div", { class: "task-pair" }, o2o.body);
    html("span", { class: "tok" }, row, shown(trace.tokens[0]));
    html("span", { class: "arrow" }, row, "→");
    html("span", { class: "tok", "data-key": "o2o.pred" }, row, shown(trace.predicted[0]));
    num(html("span", { class: "task-p" }, row, "p = "), Math.max(...trace.probs[0]), "o2o.p");
  }

  return {
    update({ state, traces }) {
      for (const c of [m2m, m2o, o2m, o2o]) c.head.textContent = lt(c.title);
      temp.set(state.temp ?? 1);
      const trace = traces?.[singleCell(state)];
      const next = [trace, state.lang, state.seed, state.temp];
      if (key && next.every((v, i) => v === key[i])) return;
      const [oldTrace, oldLang, oldSeed, oldTemp] = key ?? [];
      key = next;
      if (!m2o.body.dataset.api || oldSeed !== state.seed || oldLang !== state.lang) runRecall(state);
      if (!m2oReal.dataset.api || oldLang !== state.lang) runReal(state.lang === "ko" ? "ko" : "en");
      if (!trace) return;
      status.show(null);
      renderModel(trace);
      if (trace !== oldTrace || oldTemp !== state.temp || oldLang !== state.lang) runSample(state, trace);
    },
  };
}
