// The sequence-to-sequence view of the tasks page: for one pair, the encoder unrolled over the
// source, the context vector (its final state: all the decoder gets), the decoder unrolled over
// <bos> + target (teacher forcing) with the token it predicts at each step and that step's loss;
// under every state the gradient ||dL/dh_t|| flowing back, through the context into the encoder.
// Then every pair: source, target, what the decoder says from the context alone (greedy).
import { el } from "../corpus/dom.js";
import { apply, t } from "../i18n.js";
import { fmt } from "./colors.js";
import { batchRow, batchScale, card, gradBar, rowGrad, stateColumn, step } from "./parts.js";

const last = (xs) => xs[xs.length - 1];

function halves(a, b, scale) {
  const enc = last(a.encoder.layers);
  const dec = last(a.decoder.layers);
  const ctx = last(a.context);
  const src = a.source_tokens[b];
  const inp = a.target_inputs[b];
  const out = a.target_outputs[b];
  const most = scale.top;
  const encSteps = src.slice(0, a.source_lengths[b]).map((id, s) =>
    step({
      word: a.source_vocab[id],
      id,
      h: enc.h[b][s],
      back: enc.reverse?.h[b][s],
      g: enc.grad.dL_dh[b][s],
      top: most,
    }),
  );
  const decSteps = inp.slice(0, a.target_lengths[b]).map((id, s) => {
    const want = a.target_vocab[out[s]];
    const said = a.decoder.predicted[b][s];
    const p = a.decoder.probs[b][s][out[s]];
    const guess = el(
      "div",
      { class: `guess ${said === want ? "right" : "wrong"}` },
      el("span", { class: "w", text: said }),
      el("span", { class: "p", text: `p(${want}) ${fmt(p)}` }),
    );
    return step({ word: a.target_vocab[id], id, h: dec.h[b][s], g: dec.grad.dL_dh[b][s], top: most, extra: [guess] });
  });
  const context = el(
    "div",
    { class: "step context" },
    el("div", { class: "finalname", i18n: "tasks.context" }),
    stateColumn(ctx.h[b]),
    gradBar(ctx.dL_dh[b], most),
  );
  const legend = el(
    "div",
    { class: "rowlabels" },
    el("span", { i18n: "tasks.row.token" }),
    el("span", { i18n: "tasks.row.state" }),
    el("span", { i18n: "tasks.row.gradh" }),
  );
  const pair = a.request.pairs[b] || ["", ""];
  return card(
    "t-unrolled",
    "tasks.s2s.unrolled",
    el("p", { class: "sentence", text: `${pair[0]} → ${pair[1]}` }),
    el(
      "div",
      { class: "unroll-wrap s2s" },
      legend,
      el(
        "div",
        { class: "scroll-x unroll" },
        el(
          "div",
          { class: "half enc" },
          el("h3", { i18n: "tasks.encoder" }),
          el("div", { class: "steps" }, ...encSteps),
        ),
        context,
        el(
          "div",
          { class: "half dec" },
          el("h3", { i18n: "tasks.decoder" }),
          el("div", { class: "steps" }, ...decSteps),
        ),
      ),
    ),
    scale.line,
  );
}

function pairsTable(a, chosen, pick, scale) {
  const rows = a.request.pairs.map((pair, b) => {
    const said = a.generated.tokens[b].filter((w) => w !== "<eos>");
    const sep = a.request.tokens === "word" ? " " : "";
    const right = said.join(sep) === pair[1];
    return batchRow(
      b,
      chosen,
      pick,
      el("th", { text: String(b + 1) }),
      el("td", { text: pair[0] }),
      el("td", { text: pair[1] }),
      el("td", { class: right ? "right" : "wrong", text: said.join(sep) || "–" }),
      rowGrad(scale, b),
    );
  });
  const head = el(
    "tr",
    {},
    el("th", { text: "b" }),
    el("th", { i18n: "tasks.source" }),
    el("th", { i18n: "tasks.target" }),
    el("th", { i18n: "tasks.generated" }),
    el("th", { i18n: "tasks.col.gradh" }),
  );
  return card(
    "t-batch",
    "tasks.s2s.batch",
    el("p", { class: "t-hint", i18n: "tasks.batch.hint" }),
    el(
      "div",
      { class: "scroll-x" },
      el("table", { class: "pairs-table" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    ),
  );
}

function summary(a) {
  const pc = a.param_count;
  return el(
    "section",
    { class: "tasks-card tasks-summary", id: "t-summary" },
    el("p", {
      class: "t-loss",
      text: t("tasks.summary", {
        steps: a.request.train_steps,
        loss: fmt(a.loss),
        acc: `${Math.round(100 * a.accuracy)} %`,
      }),
    }),
    el("p", { class: "t-explain", text: t("tasks.explain.s2s") }),
    el("p", {
      class: "t-params",
      text: t("tasks.params", { pt: pc.pytorch, keras: pc.keras, emb: pc.embedding, dense: pc.dense }),
    }),
  );
}

export function renderSeq2seq(box, a, chosen, pick) {
  const b = Math.min(chosen, a.source_tokens.length - 1);
  // every pair's encoder, context and decoder bars on one scale
  const scale = batchScale(
    a.request.pairs.map((_, r) => {
      const [enc, dec, ctx] = [last(a.encoder.layers), last(a.decoder.layers), last(a.context)];
      return [...enc.grad.dL_dh[r], ...dec.grad.dL_dh[r], ctx.dL_dh[r]];
    }),
    b,
  );
  box.replaceChildren(halves(a, b, scale), pairsTable(a, b, pick, scale), summary(a));
  apply(box);
}
