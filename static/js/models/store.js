// The model store on the page: lists /api/v1/models, uploads a file, saves the trace on screen,
// deletes, and picks a model for the trace (state `model`). The view (views/models.js) gets
// its data through update(); this module alone talks to the API for it.
//
// Listens: app:render {state, url} (the page's state and trace URL), models:* from the view.
// Emits: state:patch {patch: {model}} when a model is picked or dropped ({cell, hidden, layers,
// residual} when a link names a model of another shape); models:listed when the
// list is read (storedModel(id) gives a listed model's record: the generation panel names it).
import { emit, on } from "../bus.js";
import { asAdmin, setAdminToken } from "../admin.js";
import { errorNow, request } from "../api.js";
import { createModels } from "../views/models.js";

const API = "/api/v1/models";
// the page's one client (api.js); offline comes back as status 0: the view says so in its language
const call = (url, init = {}) => request(url, asAdmin(init));

// A refusal on the menu: its reason said in the page's language of each render (a language
// switch says it again).
const failed = (r, key) => ({
  kind: "error",
  key,
  get error() {
    return errorNow(r);
  },
});

let listed = []; // the models of the last list read
export const storedModel = (id) => listed.find((m) => m.id === id);

export function startModels(root) {
  const view = createModels(root);
  const data = { models: [], store: null, state: null, url: null, busy: false, message: null, loaded: false };
  const show = () => view.update(data);

  async function refresh() {
    const r = await call(API);
    if (r.ok) Object.assign(data, { models: r.body.models, store: r.body.store, loaded: true });
    else data.message = failed(r, "models.failed");
    show();
    if (r.ok) {
      listed = r.body.models;
      emit("models:listed");
      align();
    }
  }

  // A link with model=<id> names the model, not its shape: once the list says what it is, the
  // controls show its cell and sizes, as picking it from the menu does (once a model, so that a
  // shape the page cannot show never patches again and again).
  let aligned = null;
  function align() {
    const s = data.state;
    const m = s?.model && s.cell !== "compare" && aligned !== s.model ? storedModel(s.model) : null;
    if (!m) return;
    aligned = m.id;
    const shape = { cell: m.cell, hidden: m.hidden, layers: m.layers, residual: m.residual };
    // (after the render that called it: a patch starts a render of its own)
    if (Object.entries(shape).some(([k, v]) => String(s[k]) !== String(v)))
      queueMicrotask(() => emit("state:patch", { patch: shape }));
  }

  async function act(request, done) {
    data.busy = true;
    data.message = null;
    show();
    const r = await request();
    data.busy = false;
    data.message = r.ok ? done(r.body) : failed(r, r.status === 0 ? "models.offline" : "models.failed");
    await refresh();
  }

  on("app:render", ({ state, url }) => {
    const changed = data.state?.model !== state.model || data.state?.lang !== state.lang || data.url !== url;
    data.state = state;
    data.url = url;
    if (changed) show();
    align();
  });
  on("models:open", () => refresh());
  on("models:use", ({ id }) => {
    // the controls show the picked model's cell and sizes (the server takes them from it)
    const m = data.models.find((x) => x.id === id);
    // and its weights as stored: no training on the text until the lecturer asks for it
    const shape = m ? { cell: m.cell, hidden: m.hidden, layers: m.layers, residual: m.residual, train_steps: 0 } : {};
    emit("state:patch", { patch: { model: id, ...shape } });
  });
  on("models:upload", ({ form }) =>
    act(
      () => call(API, { method: "POST", body: form }),
      (body) => ({ kind: "info", key: "models.uploaded", args: { name: body.name } }),
    ),
  );
  on("models:save", ({ name }) => {
    const query = new URL(data.url, location.href).search.slice(1);
    act(
      () =>
        call(`${API}/from-trace`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ query, name }),
        }),
      (body) => ({ kind: "info", key: "models.saved", args: { name: body.name } }),
    );
  });
  on("models:delete", ({ id }) => {
    if (data.state?.model === id) emit("state:patch", { patch: { model: null } });
    act(
      () => call(`${API}/${id}`, { method: "DELETE" }),
      () => ({ kind: "info", key: "models.deleted" }),
    );
  });
  on("models:token", ({ token }) => {
    setAdminToken(token);
    refresh();
  });
  refresh();
}
