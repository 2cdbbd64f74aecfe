// "Start from": a new model, or a stored one to train on from (POST /api/v1/jobs `init`: its
// weights, a fresh Adam). A stored model's architecture is the job's: while one is chosen the
// form's architecture controls show its values and are disabled, and the body leaves them out
// (the server takes the model's); choosing "new model" again gives back the values typed before.
import { t } from "../i18n.js";
import { option } from "../state.js";
import { modelShape } from "../views/models.js";
import { el } from "./dom.js";
import { listModels } from "./page.js";

export const ARCHITECTURE = ["cell", "hidden", "layers", "embedding", "residual"];

// A model a job trains on from (server/job_checks.py): characters, sizes within the job's limits.
function trainable(m) {
  const within = (name) => m[name] <= (option(name, "jobs").maximum ?? Number.POSITIVE_INFINITY);
  return m.tokens === "char" && ["hidden", "layers", "embedding"].every(within);
}

// The select; `chosen()` the stored model (or null), `refresh()` reads the store's list again,
// `relabel()` says the choices in the page's language.
// `inputs`: the form's controls by option name; those of ARCHITECTURE follow the choice.
export function startFrom(inputs) {
  const select = el("select", { id: "job-init" });
  let models = [];
  const typed = {}; // the architecture as typed for a new model, while a stored one is chosen
  const chosen = () => models.find((m) => m.id === select.value) ?? null;

  function follow() {
    const m = chosen();
    for (const name of ARCHITECTURE) {
      const input = inputs[name];
      if (!input) continue;
      const key = input.type === "checkbox" ? "checked" : "value"; // residual: a checkbox
      if (m && !input.disabled) typed[name] = input[key];
      if (m) input[key] = key === "checked" ? Boolean(m[name]) : String(m[name]);
      else if (input.disabled) input[key] = typed[name];
      input.disabled = Boolean(m);
    }
  }

  // the choices in the page's language now (a model is named with its shape, as in Models)
  function render() {
    const was = select.value;
    select.replaceChildren(
      el("option", { value: "", text: t("corpus.init.new") }),
      ...models.map((m) => el("option", { value: m.id, text: `${m.name} · ${modelShape(m)}` })),
    );
    if (models.some((m) => m.id === was)) select.value = was;
    follow();
  }

  async function refresh() {
    models = (await listModels()).filter(trainable);
    render();
  }

  select.addEventListener("change", follow);
  return { select, chosen, refresh, relabel: render };
}
