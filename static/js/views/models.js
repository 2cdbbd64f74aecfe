// View: the stored models (a menu in the toolbar). Lists them, marks the one the trace uses,
// and, for a client that may write, offers upload, save-the-trace and delete.
//
// update({models, store, state, url, busy, message, loaded}) redraws from that data alone.
// Emits models:open, models:use {id}, models:upload {form}, models:save {name},
// models:delete {id}, models:token {token}.
import { emit } from "../bus.js";
import { clear, html } from "../dom.js";
import { t } from "../i18n.js";
import { LIMITS } from "../state.js";

const ACCEPT = ".safetensors,.npz,.pt,.pth,.h5,.keras";

// "LSTM, 2 × 128 units, 98 tokens": also the model's name on /corpus (corpus/longtext.js)
export function modelShape(m) {
  const cell = t(`cell.${m.cell}`);
  const shape = t("models.shape", { cell, layers: m.layers, hidden: m.hidden, vocab: m.vocab.length });
  return m.residual ? t("models.residual", { shape }) : shape;
}

function uploadForm(parent, busy) {
  const form = html("form", { class: "models-upload" }, parent);
  html("strong", {}, form, t("models.upload.title"));
  // the file field in the page's language (the browser's own button says "Choose File" in the
  // browser's): the input is kept, out of sight, inside a label that says it
  const pick = html("label", { class: "models-file" }, form);
  const file = html(
    "input",
    { type: "file", name: "file", accept: ACCEPT, required: true, "aria-label": t("models.upload.file") },
    pick,
  );
  html("span", { class: "models-file-button" }, pick, t("models.upload.choose"));
  const chosen = html("span", { class: "models-file-name" }, pick, t("models.upload.none"));
  file.addEventListener("change", () => {
    chosen.textContent = file.files[0]?.name ?? t("models.upload.none");
  });
  // two rows: its hint is long, and a placeholder cannot wrap in a one-line field
  const vocab = html(
    "textarea",
    { name: "vocab", rows: 2, placeholder: t("models.upload.vocab"), "aria-label": t("models.upload.vocab") },
    form,
  );
  const name = html(
    "input",
    {
      type: "text",
      name: "name",
      maxlength: LIMITS.MAX_MODEL_NAME_CHARS, // core/limits.py, as the server checks it
      placeholder: t("models.upload.name"),
      "aria-label": t("models.upload.name"),
    },
    form,
  );
  html("button", { type: "submit", disabled: busy }, form, t("models.upload.send"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!file.files.length) return;
    const data = new FormData();
    data.set("file", file.files[0]);
    if (vocab.value) data.set("vocab", vocab.value);
    if (name.value.trim()) data.set("name", name.value.trim());
    emit("models:upload", { form: data });
  });
}

function tokenForm(parent) {
  const form = html("form", { class: "models-token" }, parent);
  html("p", {}, form, t("models.token.need"));
  const input = html(
    "input",
    {
      type: "password",
      autocomplete: "off",
      "aria-label": t("models.token.label"),
      placeholder: t("models.token.label"),
    },
    form,
  );
  html("button", { type: "submit" }, form, t("models.token.send"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    emit("models:token", { token: input.value.trim() });
  });
}

export function createModels(root) {
  const details = html("details", { class: "menu", id: "menu-models" }, root);
  const label = html("summary", {}, details);
  const body = html("div", { class: "menu-body models-body" }, details);
  // The menu ends inside the window and scrolls within itself (on a phone it is fixed under
  // the toolbar: 70vh from there ran past the bottom, with a refusal there out of reach).
  const fit = () => {
    if (!details.open) return;
    const room = Math.floor(innerHeight - body.getBoundingClientRect().top - 8);
    body.style.maxHeight = `min(70vh, ${Math.max(160, room)}px)`;
  };
  details.addEventListener("toggle", () => {
    fit();
    if (details.open) emit("models:open");
  });
  addEventListener("resize", fit);
  document.addEventListener("click", (event) => {
    // the path as dispatched: a click that redraws the menu detaches its own target
    if (!event.composedPath().includes(details)) details.open = false;
  });
  let drawn = null;
  let said = null; // the last status line drawn (busy or a message): a new one is scrolled to

  return {
    update(data) {
      const { models, store, state, busy, message } = data;
      const using = models.find((m) => m.id === state?.model);
      label.textContent = using ? t("models.using", { name: using.name }) : t("models.title");
      label.classList.toggle("models-active", Boolean(state?.model));
      const key = JSON.stringify([
        models.map((m) => m.id),
        store,
        state?.model,
        state?.lang,
        data.url,
        busy,
        message,
        data.loaded,
      ]);
      if (key === drawn) return;
      drawn = key;
      clear(body);
      const writable = Boolean(store?.writable);
      const now = !using ? "models.now.text" : state.train_steps ? "models.now.tuned" : "models.now.model";
      const args = using ? { name: using.name, shape: modelShape(using), n: state.train_steps } : {};
      html("p", { class: "models-now" }, body, t(now, args));
      if (state?.model && !using && data.loaded) html("p", { class: "models-msg error" }, body, t("models.missing"));
      const list = html("ul", { class: "models-list" }, body);
      if (data.loaded && !models.length) html("li", { class: "models-empty" }, list, t("models.empty"));
      for (const m of models) {
        const item = html("li", {}, list);
        const use = html(
          "button",
          { type: "button", class: "models-use", "aria-pressed": String(m.id === state?.model), disabled: busy },
          item,
        );
        html("span", { class: "models-name" }, use, m.name);
        html("span", { class: "models-shape" }, use, `${modelShape(m)} · ${m.format}`);
        use.addEventListener("click", () => emit("models:use", { id: m.id }));
        if (writable) {
          const del = html(
            "button",
            {
              type: "button",
              class: "models-delete",
              disabled: busy,
              "aria-label": t("models.delete", { name: m.name }),
              title: t("models.delete", { name: m.name }),
            },
            item,
            "✕",
          );
          del.addEventListener("click", () => emit("models:delete", { id: m.id }));
        }
      }
      if (state?.model) {
        const none = html("button", { type: "button", class: "models-none" }, body, t("models.none"));
        none.addEventListener("click", () => emit("models:use", { id: null }));
      }
      if (writable) {
        if (!state?.model && data.url && state?.cell !== "compare") {
          const save = html("button", { type: "button", class: "models-save", disabled: busy }, body, t("models.save"));
          save.addEventListener("click", () => emit("models:save", { name: "" }));
        }
        uploadForm(body, busy);
      } else if (store?.token_required) tokenForm(body);
      else if (store) html("p", { class: "models-note" }, body, t("models.readonly"));
      let line = null;
      if (busy) line = html("p", { class: "models-msg", role: "status" }, body, t("models.busy"));
      if (message) {
        const text = t(message.key, message.args || {}) + (message.error ? ` ${message.error}` : "");
        line = html("p", { class: `models-msg ${message.kind}`, role: "status" }, body, text);
      }
      fit();
      // a new outcome (an upload refused, a model stored) is brought into view where it is
      // said, under the control that caused it; a language switch re-says it in place
      const outcome = busy || message;
      if (line && outcome !== said && details.open) line.scrollIntoView({ block: "nearest" });
      said = outcome;
    },
  };
}
