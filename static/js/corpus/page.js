// The corpus page (/corpus): a training job followed live, and a long text coloured by one unit.
// URL: ?lang=ko&theme=dark&present=1&model=<id>. Text is set with textContent only.
import { request } from "../api.js";
import { apply, getLang, setLang, t } from "../i18n.js";
import "./strings.js";
import { mountJob } from "./job.js";
import { mountUnits } from "./longtext.js";

const params = new URLSearchParams(location.search);

function setParam(name, value) {
  if (value) params.set(name, value);
  else params.delete(name);
  history.replaceState(null, "", `${location.pathname}?${params}`);
}

function applyLook() {
  setLang(params.get("lang") === "ko" ? "ko" : "en");
  document.documentElement.dataset.theme = params.get("theme") === "dark" ? "dark" : "light";
  document.body.classList.toggle("present", ["1", "true"].includes(params.get("present")));
  document.body.classList.toggle("units-first", params.has("model"));
  document.title = `rnnscope: ${t("corpus.title")}`;
  apply();
}

export async function listModels() {
  const r = await request("/api/v1/models");
  return r.ok ? r.body.models : [];
}

function main() {
  applyLook();
  document.getElementById("c-lang").addEventListener("click", () => {
    setParam("lang", getLang() === "ko" ? "en" : "ko");
    applyLook();
    units.relabel();
    job.relabel();
  });
  document.getElementById("c-theme").addEventListener("click", () => {
    setParam("theme", document.documentElement.dataset.theme === "dark" ? "" : "dark");
    applyLook();
  });
  const units = mountUnits(document.getElementById("units"), {
    model: params.get("model"),
    onModel: (id) => setParam("model", id),
  });
  const job = mountJob(document.getElementById("job"), { onDone: (id) => units.refresh(id) });
}

main();
