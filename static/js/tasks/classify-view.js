// The classification view of the tasks page: the padded batch as a B x T grid of ids (pads
// visible), one sentence unrolled (its tokens, the top layer's state h_t after each step, the
// gradient ||dL/dx_t|| reaching each token, pads drawn as pads), the final state feeding the
// classifier, and the probability of each label. Every text is set with textContent.
import { el } from "../corpus/dom.js";
import { apply, t } from "../i18n.js";
import { fmt } from "./colors.js";
import { batchRow, batchScale, card, rowGrad, stateColumn, step } from "./parts.js";

function summary(a) {
  const r = a.request;
  const pc = a.param_count;
  const explain = r.mask ? "tasks.explain.masked" : `tasks.explain.${r.pad}`;
  return el(
    "section",
    { class: "tasks-card tasks-summary", id: "t-summary" },
    el("p", {
      class: "t-loss",
      text: t("tasks.summary", { steps: r.train_steps, loss: fmt(a.loss), acc: `${Math.round(100 * a.accuracy)} %` }),
    }),
    el("p", { class: `t-explain ${r.mask ? "" : r.pad}`, text: t(explain) }),
    el("p", {
      class: "t-params",
      text: t("tasks.params", { pt: pc.pytorch, keras: pc.keras, emb: pc.embedding, dense: pc.dense }),
    }),
  );
}

function batchGrid(a, chosen, pick, scale) {
  const T = a.tokens[0]?.length || 0;
  const head = el("tr", {}, el("th", { text: "b" }));
  for (let s = 0; s < T; s++) head.append(el("th", { text: `t${s + 1}` }));
  head.append(
    el("th", { i18n: "tasks.col.true" }),
    el("th", { i18n: "tasks.col.pred" }),
    el("th", { i18n: "tasks.col.grad" }),
  );
  const rows = a.tokens.map((ids, b) => {
    const tr = batchRow(b, chosen, pick, el("th", { text: String(b + 1) }));
    ids.forEach((id, s) => {
      const pad = !a.mask[b][s];
      tr.append(
        el(
          "td",
          { class: pad ? "pad" : "", title: a.vocab[id] },
          el("span", { class: "id", text: String(id) }),
          el("span", { class: "tok", text: pad ? "<pad>" : a.vocab[id] }),
        ),
      );
    });
    const right = a.predicted[b] === a.labels[a.targets[b]];
    const p = a.probs[b][a.labels.indexOf(a.predicted[b])];
    tr.append(
      el("td", { class: "lab", text: a.labels[a.targets[b]] }),
      el("td", { class: `lab ${right ? "right" : "wrong"}`, text: `${a.predicted[b]} ${Math.round(100 * p)}%` }),
      rowGrad(scale, b),
    );
    return tr;
  });
  const table = el("table", { class: "batch-grid" }, el("thead", {}, head), el("tbody", {}, ...rows));
  return card(
    "t-batch",
    "tasks.batch",
    el("p", { class: "t-hint", i18n: "tasks.batch.hint" }),
    el("div", { class: "scroll-x" }, table),
  );
}

function probsBox(a, b) {
  const list = el("div", { class: "probs" });
  a.labels.forEach((label, c) => {
    const p = a.probs[b][c];
    const bar = el("span", { class: "bar" });
    bar.style.width = `${Math.max(1, 100 * p)}%`;
    list.append(
      el(
        "div",
        { class: `prob${c === a.targets[b] ? " true" : ""}` },
        el("span", { class: "name", text: label }),
        el("span", { class: "track" }, bar),
        el("span", { class: "p", text: `${(100 * p).toFixed(1)}%` }),
      ),
    );
  });
  return list;
}

function unrolled(a, b, scale) {
  const top = a.layers[a.layers.length - 1];
  const ids = a.tokens[b];
  const grads = a.grad_input[b];
  const most = scale.top;
  const masked = a.request.mask;
  const steps = ids.map((id, s) => {
    const pad = !a.mask[b][s];
    const note = pad ? el("div", { class: "padnote", i18n: masked ? "tasks.pad.kept" : "tasks.pad.fed" }) : null;
    const back = top.reverse?.h[b][s];
    return step({
      word: pad ? "<pad>" : a.vocab[id],
      id,
      pad,
      h: top.h[b][s],
      back,
      kept: pad && masked,
      g: grads[s],
      top: most,
      extra: [note],
    });
  });
  const stateKey = top.reverse ? "tasks.row.both" : "tasks.row.state";
  const legend = el(
    "div",
    { class: "rowlabels" },
    el("span", { i18n: "tasks.row.token" }),
    el("span", { i18n: stateKey }),
    el("span", { i18n: "tasks.row.grad" }),
  );
  const final = el(
    "div",
    { class: "final" },
    el("div", { class: "finalname", i18n: "tasks.final" }),
    stateColumn(a.final_state[b], false),
  );
  const sentence = el("p", { class: "sentence", text: a.request.examples[b]?.[0] ?? "" });
  return card(
    "t-unrolled",
    "tasks.unrolled",
    sentence,
    el(
      "div",
      { class: "unroll-wrap" },
      legend,
      el("div", { class: "scroll-x unroll" }, ...steps, final),
      el("div", { class: "cls" }, el("h3", { i18n: "tasks.probs" }), probsBox(a, b)),
    ),
    scale.line,
  );
}

// Pre-padding puts a short sentence's pads first: where the steps do not all fit (a phone), the
// row opens on its words (the arrow into the first one at the left edge), with its last pad
// whole before them when that pad, the words and the final state fit together, and never a pad
// cut at the left edge (more pads scroll in from there; the batch table under it shows them
// all). The row's end gets the room that takes.
function openOnWords(box) {
  const row = box.querySelector(".unroll");
  const first = row?.querySelector(".step:not(.pad)");
  const pad = first?.previousElementSibling;
  if (!pad || row.scrollWidth <= row.clientWidth) return;
  const at = (el) => el.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
  const end = row.scrollWidth;
  const gap = parseFloat(getComputedStyle(row).columnGap) || 0; // the arrow into the first word, whole
  const left = end - at(pad) <= row.clientWidth ? at(pad) : at(first) - gap;
  row.style.paddingRight = `${Math.max(0, Math.ceil(left + row.clientWidth - end))}px`;
  row.scrollLeft = left;
}

export function renderClassify(box, a, chosen, pick) {
  const b = Math.min(chosen, a.tokens.length - 1);
  const scale = batchScale(a.grad_input, b); // one scale for every row's bars
  box.replaceChildren(unrolled(a, b, scale), batchGrid(a, b, pick, scale), summary(a));
  apply(box);
  openOnWords(box);
}
