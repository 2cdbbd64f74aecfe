// A training job followed live: POST /api/v1/jobs, then its server-sent events draw the
// training and validation bits per character (overfitting shows as the two curves parting),
// the samples as they improve, the progress and the time left. Starting and cancelling are
// writes: they send the admin token (admin.js); a server that wants one it was not sent (401)
// gets a field to type it in, and the job starts once it is given.
import { asAdmin, setAdminToken } from "../admin.js";
import { events, request } from "../api.js";
import { apply, t } from "../i18n.js";
import { clock, el, field, refused } from "./dom.js";

const W = 640;
const H = 260;
const PAD = { l: 56, r: 12, t: 12, b: 40 };

export function mountJob(root, { onDone }) {
  const form = root.querySelector("#job-form");
  const live = root.querySelector("#job-live");
  const builtin = el("input", { id: "job-builtin", value: "argparse", size: "12", spellcheck: "false" });
  const text = el("textarea", { id: "job-text", rows: "2", spellcheck: "false" });
  const steps = el("input", { id: "job-steps", type: "number", min: "1", value: "300" });
  const start = el("button", { type: "button", id: "job-start", class: "primary", i18n: "corpus.start" });
  form.append(field("corpus.builtin", builtin), field("corpus.own", text), field("corpus.steps", steps), start);
  let view = null;
  start.addEventListener("click", async () => {
    const corpus = text.value.trim() ? { text: text.value } : { builtin: builtin.value.trim() };
    const body = { corpus, cell: "lstm", hidden: 64, seq_len: 64, batch: 16, steps: Number(steps.value) };
    const r = await request(
      "/api/v1/jobs",
      asAdmin({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    );
    view?.close();
    live.hidden = false;
    if (!r.ok) {
      live.replaceChildren(el("p", { class: "corpus-error", text: refused(r) }));
      if (r.status === 401) live.append(tokenForm(() => start.click()));
      return;
    }
    view = follow(live, r.body.id, onDone);
  });
  apply(root);
  return { relabel: () => view?.draw() };
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
  const s = { steps: 0, step: 0, left: null, status: "queued", train: [], val: [], samples: [], error: "" };
  const status = el("p", { class: "job-status", role: "status" });
  const bar = el("progress", { max: "1", value: "0" });
  const cancel = el("button", { type: "button", i18n: "corpus.cancel" });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
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
    if (r.ok) s.steps = r.body.steps;
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
      s.error = d.error || "";
      source.close();
      if (end === "done") onDone?.(d.model_id);
    });
  }

  function draw() {
    if (s.status === "running")
      status.textContent = t("corpus.running", { step: s.step, steps: s.steps, left: clock(s.left) });
    else status.textContent = t(`corpus.${s.status}`, { error: s.error });
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
  return { close: () => source.close(), draw };
}

function chart(svg, s) {
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
    make("text", { x: W - PAD.r - 150, y: PAD.t + 16, class: "legend train" }, `— ${t("corpus.train_bpc")}`),
    make("text", { x: W - PAD.r - 150, y: PAD.t + 36, class: "legend val" }, `● ${t("corpus.val_bpc")}`),
  );
}
