// The live panel of each scene, and the one place where a panel's data is asked for.
//
// A panel module exports a spec; it never fetches and never decides by itself when to redraw:
//
//   export const encoding = {
//     trace: true,                    // draws from the page's trace: waits until it has come
//     watch: ["lang"],                // state fields it draws with, besides its data
//     requests: (state, trace) => ({ emb: apiRequest({ ...state, embedding: 2 }) }),
//                                     // the API answers it draws: {name: url or [urls]}
//     slow: true,                     // its requests train first ("training…" while they run)
//     progressive: true,              // drawn as each answer comes (else once all are in)
//     pick: (state, traces) => ...,   // which of the page's traces it reads (with `trace`:
//                                     // the shown cell's, in compare mode the LSTM's)
//     create(root) -> {
//       sync(state, trace),           // optional, on every update: controls follow the state
//       draw({ state, trace, data }), // data: {name: answer body or [bodies]}
//     },
//   };
//
// createPanel(name, root) -> {update({state, traces})}: on every render of the page the panel
// is asked for its requests; it is drawn again only when its trace, a watched field or a
// request has changed, once the answers are in (each URL is asked once per page, api.js
// cached). A refusal or a lost connection is said on the panel's note line; after a lost
// connection or a busy server the next render asks again. `root` carries
// data-requests (the current requests, JSON) and data-state (waiting, loading, drawn, error)
// for tests and for the lesson's focus.
import { cached } from "../api.js";
import { bptt } from "./panel-bptt.js";
import { clipping } from "./panel-clipping.js";
import { encoding } from "./panel-encoding.js";
import { lstm } from "./panel-lstm.js";
import { params } from "./panel-params.js";
import { recall } from "./panel-recall.js";
import { sharing } from "./panel-sharing.js";
import { stacked } from "./panel-stacked.js";
import { tasks } from "./panel-tasks.js";
import { truncation } from "./panel-truncation.js";
import { vanish } from "./panel-vanish.js";
import { fixes } from "./panel-fixes.js";
import { echo } from "./panel-echo.js";
import { chunks } from "./panel-chunks.js";
import { steps } from "./panel-steps.js";
import { padding } from "./panel-padding.js";
import { bidir } from "./panel-bidir.js";
import { note, singleCell } from "./widgets.js";

// by the name scenes.js gives each scene's panel
const PANELS = {
  encoding,
  sharing,
  tasks,
  bptt,
  vanish,
  clipping,
  truncation,
  lstm,
  params,
  recall,
  stacked,
  fixes,
  echo,
  chunks,
  steps,
  padding,
  bidir,
};

const defaultPick = (state, traces) => traces?.[singleCell(state)] ?? null;
const same = (a, b) => a && a.length === b.length && a.every((v, i) => v === b[i]);
// {name: url | [urls]} -> [[name, index or null, url]]
const flat = (requests) =>
  Object.entries(requests).flatMap(([name, u]) =>
    Array.isArray(u) ? u.map((url, i) => [name, i, url]) : [[name, null, u]],
  );

export function createPanel(name, root) {
  const spec = PANELS[name];
  root.dataset.panel = name;
  const view = spec.create(root);
  const status = note(root);
  let key = null;
  let round = 0;

  function set(state) {
    root.dataset.state = state;
  }

  async function load(ctx, requests) {
    const mine = ++round;
    const wanted = flat(requests);
    const data = Object.fromEntries(
      Object.entries(requests).map(([n, u]) => [n, Array.isArray(u) ? u.map(() => undefined) : undefined]),
    );
    const put = (n, i, body) => {
      if (i === null) data[n] = body;
      else data[n][i] = body;
    };
    root.dataset.requests = JSON.stringify(requests);
    if (!wanted.length) {
      view.draw({ ...ctx, data });
      return set("drawn");
    }
    set("loading");
    status.show(spec.slow ? "lesson.training" : "lesson.loading");
    if (spec.progressive) view.draw({ ...ctx, data });
    let failed = null;
    await Promise.all(
      wanted.map(async ([n, i, url]) => {
        const answer = await cached(url);
        if (mine !== round) return;
        if (!answer.ok) {
          failed ||= answer;
          return;
        }
        put(n, i, answer.body);
        if (spec.progressive) view.draw({ ...ctx, data });
      }),
    );
    if (mine !== round) return;
    if (failed) {
      status.show(failed.offline ? "lesson.offline" : "lesson.error", { msg: failed.error });
      // a server away or busy may answer later: the next render asks again (a refusal stays)
      if (failed.offline || failed.status >= 500 || failed.status === 429) key = null;
      return set("error");
    }
    status.show(null);
    if (!spec.progressive) view.draw({ ...ctx, data });
    set("drawn");
  }

  return {
    update({ state, traces }) {
      const trace = spec.pick ? spec.pick(state, traces) : spec.trace ? defaultPick(state, traces) : null;
      view.sync?.(state, trace);
      if (spec.trace && !trace) {
        if (!key) set("waiting");
        return;
      }
      const requests = spec.requests?.(state, trace) ?? {};
      const next = [trace, ...(spec.watch ?? []).map((f) => state[f]), JSON.stringify(requests)];
      if (same(key, next)) return;
      key = next;
      load({ state, trace }, requests);
    },
  };
}
