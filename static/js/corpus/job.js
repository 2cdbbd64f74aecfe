// A training job followed live: POST /api/v1/jobs, then its server-sent events draw the
// training and validation bits per character (overfitting shows as the two curves parting),
// the samples as they improve, the progress and the time left. Starting and cancelling are
// writes: they send the admin token (admin.js); a server that wants one it was not sent (401)
// gets a field to type it in, and the job starts once it is given.
//
// The form is built from the declarations of POST /api/v1/jobs (core/options.py, endpoint `jobs`,
// served in the page shell and read as state.js `option()` reads them): each control's choices,
// limits and starting value (the page's own, `page_default`, else the API's) come from there, and
// the body sends the page's starting value of every option that has one. "Start from" (start.js)
// trains on from a stored model: its architecture is the job's.
import { asAdmin, setAdminToken } from "../admin.js";
import { events, request } from "../api.js";
import { apply, t } from "../i18n.js";
import { option } from "../state.js";
import { clock, el, field, refused } from "./dom.js";
import { ARCHITECTURE, startFrom } from "./start.js";
import { fileCorpus } from "./upload.js";

// the form's controls, after the corpus and "start from"
const SHOWN = ["cell", "hidden", "layers", "residual", "steps", "keep", "val_every"];
// what the body sends
const BODY = ["cell", "hidden", "layers", "residual", "embedding", "seq_len", "batch", "steps", "keep", "val_every"];
// The form's label of each field a refusal may name (the corpus, its two, then the controls').
const LABELS = {
  corpus: "corpus.field.corpus",
  text: "corpus.field.text",
  builtin: "corpus.builtin",
  init: "corpus.init",
  cell: "corpus.cell",
  hidden: "corpus.hidden",
  layers: "corpus.layers",
  residual: "corpus.residual",
  steps: "corpus.steps",
  keep: "corpus.keep",
  val_every: "corpus.val_every",
  batch: "corpus.batch", // not on the form: the page's starting value, or fewer (fitting)
  val_fraction: "corpus.val_fraction",
};
// Choices said in words (`corpus.keep.best`); the others as the API spells them, upper case.
const WORDS = ["keep"];
// A refusal names the field as the form does, with the API's name: "학습 횟수 (steps)".
function label(name) {
  const said = LABELS[name] ? t(LABELS[name]) : name;
  return said.toLowerCase() === name ? name : `${said} (${name})`;
}
const start = (decl) => decl.page_default ?? decl.default;

function control(decl) {
  const id = `job-${decl.name}`;
  if (decl.type === "bool") return el("input", { id, type: "checkbox", ...(start(decl) ? { checked: "" } : {}) });
  if (decl.values) {
    const select = el("select", { id });
    const words = WORDS.includes(decl.name);
    for (const v of decl.values) {
      const said = words ? { i18n: `corpus.${decl.name}.${v}` } : { text: v.toUpperCase() };
      select.append(el("option", { value: v, ...said }));
    }
    select.value = start(decl);
    return select;
  }
  const input = el("input", { id, type: "number", inputmode: "numeric", value: String(start(decl) ?? "") });
  if ("minimum" in decl) input.min = decl.minimum;
  if ("maximum" in decl) input.max = decl.maximum;
  if (decl.nullable) input.dataset.i18nPlaceholder = `corpus.${decl.name}.unset`; // empty: the default (steps // 20)
  return input;
}

// The body of POST /api/v1/jobs: the corpus, the form's values, the page's starting values; from
// a stored model (`init`) no architecture: the model's is the job's. A pasted text too short
// for the page's streams is read as the most that fit (fitting), not refused.
function jobBody(corpus, inputs, model) {
  const body = { corpus };
  if (model) body.init = model.id;
  for (const name of BODY) {
    const decl = option(name, "jobs");
    if (model && ARCHITECTURE.includes(name)) continue;
    if (inputs[name]) {
      const value =
        decl.type === "bool" ? inputs[name].checked : decl.values ? inputs[name].value : inputText(inputs[name]);
      if (!(value === "" && decl.nullable)) body[name] = value; // empty: unset
    } else if (decl.page_default != null) body[name] = decl.page_default;
  }
  if (corpus.text != null && body.batch != null) body.batch = fitting(corpus.text, body.batch, body.seq_len);
  return body;
}

// The most streams, up to `batch`, that a text's training part holds (server/job_checks.py:
// `batch` streams of `seq_len` characters need batch * seq_len + 1; the last round(n *
// val_fraction) characters are validation, here rounded up, so never more than the server's).
// A builtin's length is not known here: the server's refusal says it on the page.
function fitting(text, batch, seqLen = option("seq_len", "jobs").default) {
  const n = [...text.normalize("NFC")].length; // code points after NFC, as core/corpus.py counts
  const train = n - Math.ceil(n * option("val_fraction", "jobs").default);
  return Math.max(1, Math.min(batch, Math.floor((train - 1) / seqLen)));
}

// A number as typed; what is not one is sent as typed, for the server to name its limit.
function inputText(input) {
  const raw = input.value.trim();
  return raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

// The chart is drawn at the width it has on screen (one unit a CSS pixel, 640 while it has none):
// its 16 px labels stay 16 px on a phone (a 640-unit chart shrunk to 340 px made them 8.6 px).
const W0 = 640;
const H = 260;
const PAD = { l: 56, r: 12, t: 12, b: 40 };

export function mountJob(root, { onDone }) {
  const form = root.querySelector("#job-form");
  const live = root.querySelector("#job-live");
  const corpus = (name) => option(name, "jobs.corpus");
  const builtin = el("input", { id: "job-builtin", value: "argparse", size: "12", spellcheck: "false" });
  builtin.maxLength = corpus("builtin").maxLength;
  const text = el("textarea", { id: "job-text", rows: "2", spellcheck: "false" });
  text.maxLength = corpus("text").maxLength;
  const file = fileCorpus(text); // or a text file, read in the browser
  const inputs = Object.fromEntries(SHOWN.map((name) => [name, control(option(name, "jobs"))]));
  const from = startFrom(inputs);
  const go = el("button", { type: "button", id: "job-start", class: "primary", i18n: "corpus.start" });
  form.append(
    field("corpus.builtin", builtin),
    field("corpus.own", text),
    file.field,
    field(LABELS.init, from.select),
    ...SHOWN.map((name) => field(LABELS[name], inputs[name])),
    go,
  );
  from.refresh();
  let view = null;
  let refusal = null; // the failed answer on screen, said again when the language changes
  const sayRefusal = () => {
    const line = live.querySelector(".corpus-error");
    if (refusal && line) line.textContent = refused(refusal, label);
  };
  // a text too short for the page's streams is read as fewer (fitting): said above the job
  const fit = el("p", { class: "job-fit" });
  let fitted = null; // {n, of}
  const sayFit = () => {
    fit.hidden = !fitted;
    fit.textContent = fitted ? t("corpus.fitted", fitted) : "";
  };
  go.addEventListener("click", async () => {
    const typed = text.value.trim() ? { text: text.value } : { builtin: builtin.value.trim() };
    const given = file.corpus() ?? typed;
    const body = jobBody(given, inputs, from.chosen());
    const r = await request(
      "/api/v1/jobs",
      asAdmin({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    );
    view?.close();
    live.hidden = false;
    refusal = r.ok ? null : r;
    if (!r.ok) {
      live.replaceChildren(el("p", { class: "corpus-error" }));
      sayRefusal();
      if (r.status === 401) live.append(tokenForm(() => go.click()));
      return;
    }
    view = follow(live, r.body.id, (id) => {
      from.refresh(); // the new model is one to start from
      onDone?.(id);
    });
    const of = start(option("batch", "jobs"));
    fitted = body.batch != null && body.batch < of ? { n: body.batch, of } : null;
    live.prepend(fit);
    sayFit();
  });
  apply(root);
  return {
    relabel: () => {
      view?.draw();
      from.relabel();
      file.relabel();
      sayRefusal();
      sayFit();
    },
  };
}

// The admin token, typed once for this tab (the main page's model store reads it too); `then`
// runs once it is given.
function tokenForm(then) {
  const input = el("input", { type: "password", id: "job-token", autocomplete: "off" });
  input.dataset.i18nTitle = "models.token.label";
  input.dataset.i18nPlaceholder = "models.token.label";
  const send = el("button", { type: "submit", i18n: "models.token.send" });
  const form = el("form", { class: "corpus-token" }, el("span", { i18n: "models.token.need" }), input, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setAdminToken(input.value.trim());
    then();
  });
  apply(form);
  return form;
}

// Follow job `id` in `box`; returns {close, draw}.
export function follow(box, id, onDone) {
  const s = { steps: 0, step: 0, left: null, status: "queued", train: [], val: [], samples: [], failure: null };
  s.keep = "last";
  s.kept = null; // the step whose weights were stored (`done`'s kept_step)
  const status = el("p", { class: "job-status", role: "status" });
  const bar = el("progress", { max: "1", value: "0" });
  const cancel = el("button", { type: "button", i18n: "corpus.cancel" });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "job-chart");
  const samples = el("div", { class: "job-samples" });
  box.replaceChildren(el("div", { class: "job-head" }, status, cancel), bar, svg, samples);
  cancel.addEventListener("click", () => request(`/api/v1/jobs/${id}`, asAdmin({ method: "DELETE" })));
  const source = events(`/api/v1/jobs/${id}/events`);
  const on = (kind, fn) =>
    source.addEventListener(kind, (e) => {
      fn(JSON.parse(e.data));
      draw();
    });
  request(`/api/v1/jobs/${id}`).then((r) => {
    if (r.ok) {
      s.steps = r.body.steps;
      s.keep = r.body.config?.keep ?? "last";
    }
    draw();
  });
  on("started", () => {
    s.status = "running";
  });
  on("step", (d) => {
    s.status = "running";
    s.step = d.step;
    s.left = d.eta;
    s.train.push([d.step, d.train_bpc]);
  });
  on("val", (d) => {
    if (d.val_bpc != null) s.val.push([d.step, d.val_bpc]);
  });
  on("sample", (d) => {
    s.samples.unshift(d);
  });
  for (const end of ["done", "failed", "cancelled"]) {
    on(end, (d) => {
      s.status = end;
      s.failure = end === "failed" ? d : null;
      s.kept = d.kept_step ?? null;
      source.close();
      if (end === "done") onDone?.(d.model_id);
    });
  }

  function draw() {
    if (s.status === "running")
      status.textContent = t("corpus.running", { step: s.step, steps: s.steps, left: clock(s.left) });
    else if (s.status === "done" && s.keep === "best" && s.kept != null)
      status.textContent = t("corpus.done_kept", { step: s.kept });
    else status.textContent = t(`corpus.${s.status}`, { error: failure(s.failure) });
    bar.value = s.steps ? s.step / s.steps : 0;
    cancel.hidden = !["queued", "running"].includes(s.status);
    cancel.textContent = t("corpus.cancel");
    chart(svg, s);
    samples.replaceChildren(
      ...s.samples
        .slice(0, 3)
        .map((d) =>
          el(
            "figure",
            {},
            el("figcaption", { text: t("corpus.sample", { step: d.step }) }),
            el("pre", { text: d.text }),
          ),
        ),
    );
  }
  draw();
  const resized = new ResizeObserver(() => chart(svg, s)); // drawn again at its new width
  resized.observe(svg);
  return {
    close: () => {
      source.close();
      resized.disconnect();
    },
    draw,
  };
}

// Why a job failed, in the page's language: the `failed` event's `reason` with its numbers
// (server/job_runner.py); the server's words for a failure without one.
function failure(d) {
  if (!d) return "";
  const said = d.reason ? t(`corpus.fail.${d.reason}`, d) : "";
  return said && said !== `corpus.fail.${d.reason}` ? said : d.error || "";
}

function chart(svg, s) {
  const W = Math.round(svg.getBoundingClientRect().width) || W0;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const all = [...s.train, ...s.val];
  const xMax = Math.max(s.steps || 1, 1);
  const yMax = Math.max(1, ...all.map((p) => p[1]));
  const x = (v) => PAD.l + (v / xMax) * (W - PAD.l - PAD.r);
  const y = (v) => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b);
  const ns = "http://www.w3.org/2000/svg";
  const make = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text != null) n.textContent = text;
    return n;
  };
  const line = (pts, cls) =>
    make("polyline", { class: cls, points: pts.map((p) => `${x(p[0])},${y(p[1])}`).join(" ") });
  const ticks = [0, yMax / 2, yMax].map((v) =>
    make("text", { x: PAD.l - 8, y: y(v) + 5, class: "tick", "text-anchor": "end" }, v.toFixed(1)),
  );
  svg.replaceChildren(
    make("line", { x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b, class: "axis" }),
    make("line", { x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b, class: "axis" }),
    ...ticks,
    make("text", { x: W - PAD.r, y: H - 8, class: "tick", "text-anchor": "end" }, String(xMax)),
    make("text", { x: PAD.l, y: H - 8, class: "tick" }, t("corpus.bpc")),
    line(s.train, "train"),
    line(s.val, "val"),
    ...s.val.map((p) => make("circle", { cx: x(p[0]), cy: y(p[1]), r: 4, class: "val" })),
    make("text", { x: W - PAD.r - 160, y: PAD.t + 18, class: "legend train" }, `— ${t("corpus.train_bpc")}`),
    make("text", { x: W - PAD.r - 160, y: PAD.t + 44, class: "legend val" }, `● ${t("corpus.val_bpc")}`),
  );
}
