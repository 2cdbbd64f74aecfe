// The page's one way to ask the server, and its one reading of a refusal.
//
//   request(url, init)   fetch + JSON: {ok: true, status, body, size} or {ok: false, status, body,
//                        error} (error: the server's reason as one line, errorText) or, when the
//                        server does not answer, {ok: false, status: 0, offline: true}. An abort
//                        (init.signal) throws its AbortError: the caller asked for nothing more.
//   cached(url)          the same for a GET whose answer never changes (a trace, a recall run, the
//                        cells): each URL asked once per page; a failure is not kept.
//   query(path, params)  a URL from an object, leaving out null and undefined values.
//   events(url)          a server-sent event stream (a training job's progress).
//   Each takes an app path ("/api/v1/trace?...") and asks for it under the page's root
//   (paths.js), so that a proxy's path prefix (/user/<name>/proxy/<port>/) is kept.
//   Fetcher              the main trace: debounced while typing, a newer request aborting the one
//                        in flight, so that typing fast never paints a stale answer. An answer the
//                        page already has (a trace is a function of its query) is shown at once,
//                        with no pause and no request: a Backspace, or going back to a cell or
//                        seed just seen. An answer's `cost` and `fitted` come with it (and with
//                        its kept copy): asking.js keeps the budget and follows the training.
//   loadExample(...)     a stored example (static/examples/) that paints before the API answers.
//
// Views never fetch: main.js asks for the trace (Fetcher); the lessons' panels declare their
// requests and lessons/panels.js asks for them (cached); the cost estimate (budget.js), the model
// store (models/store.js), the corpus and tasks pages (corpus/, tasks/) send their calls through
// request().
import { appUrl } from "./paths.js";
import { refusalLine } from "./refusals.js";

// Shorter pauses were measured (bench/page/typing.py): at a key every 100 ms they send 1.2-1.5
// times the requests and mostly make keys wait longer for the main thread, with no consistent
// gain after the last key; at 200 ms no pause merges keys. 120 ms stays; a kept answer needs none.
const DEBOUNCE_MS = 120;
// A request that trains first takes seconds of the server's time: wait for a real pause in the
// typing (a key every 0.25 s leaves a gap over 120 ms after most keys, over 500 ms after few).
const TRAINING_DEBOUNCE_MS = 500;
const EXAMPLES = "/static/examples/index.json";
const KEEP_ANSWERS = 24; // the last answers kept, most recent last
const KEEP_CHARS = 8e6; // at most this many characters of JSON kept in all (a phone's memory)
const CACHED = 96; // answers kept by cached()

export async function request(url, init = {}) {
  let response;
  let text;
  try {
    response = await fetch(appUrl(url), { ...init, headers: { Accept: "application/json", ...init.headers } });
    text = await response.text();
  } catch (err) {
    if (err.name === "AbortError") throw err;
    return { ok: false, status: 0, offline: true };
  }
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {}
  if (response.ok) return { ok: true, status: response.status, body, size: text.length };
  return { ok: false, status: response.status, body, error: errorText(body, response) };
}

// FastAPI's 422 body {detail: [{loc, msg}]} or {detail: "text"} -> one line, in the page's
// language where the item's limit is one refusals.js knows (`label`: refusalLine's).
export function errorText(body, response, label = null) {
  const detail = body?.detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => {
        const said = refusalLine(d, label);
        if (said) return said;
        const where = (d.loc || []).slice(-1)[0];
        return where && !String(d.msg).startsWith(`${where}:`) ? `${where}: ${d.msg}` : d.msg;
      })
      .join("; ");
  }
  if (typeof detail === "string") return detail;
  return `${response.status} ${response.statusText}`;
}

// A failed request()'s reason said now, in the page's current language (its `error` was said in
// the language of the moment it came): a view that keeps a refusal on screen says it again with
// this after the language changes.
export function errorNow(r, label = null) {
  return r.body?.detail ? errorText(r.body, { status: r.status, statusText: "" }, label) : r.error;
}

const answers = new Map(); // url -> Promise of request()'s result

export function cached(url) {
  if (!answers.has(url)) {
    if (answers.size >= CACHED) answers.delete(answers.keys().next().value);
    const pending = request(url);
    answers.set(url, pending);
    pending.then((result) => result.ok || answers.delete(url)); // asking again later may succeed
  }
  return answers.get(url);
}

export const events = (url) => new EventSource(appUrl(url));

export function query(path, params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined) q.set(key, String(value));
  return `${path}?${q}`;
}

// A compare answer is {request, traces: {cell: trace}}; a single trace becomes {cell: trace}.
export function asTraces(body) {
  return body.traces ? body.traces : { [body.request.cell]: body };
}

export class Fetcher {
  constructor(onResult) {
    this.onResult = onResult; // ({url, traces, cost, fitted} | {url, error} | {url, offline})
    this.timer = null;
    this.controller = null;
    this.current = null;
    this.pending = false;
    this.answers = new Map(); // url -> {traces, size}, least recently used first
    this.kept = 0; // characters of JSON kept
  }

  // Ask for `url` (after the debounce unless immediate); true while an answer is still to come.
  request(url, immediate = false) {
    if (url === this.current) return this.pending;
    this.cancel();
    this.current = url;
    const kept = this.answers.get(url);
    if (kept) {
      this.keep(url, kept);
      this.onResult({ url, ...kept, kept: true });
      return false;
    }
    this.pending = true;
    const go = () => this.run(url);
    if (immediate) go();
    else this.timer = setTimeout(go, debounceFor(url));
    return true;
  }

  cancel() {
    clearTimeout(this.timer);
    this.controller?.abort();
    this.current = null;
    this.pending = false;
  }

  keep(url, answer) {
    this.forget(url);
    if (answer.size > KEEP_CHARS) return;
    this.answers.set(url, answer);
    this.kept += answer.size;
    while (this.answers.size > KEEP_ANSWERS || this.kept > KEEP_CHARS) this.forget(this.answers.keys().next().value);
  }

  forget(url) {
    const old = this.answers.get(url);
    if (!old) return;
    this.kept -= old.size;
    this.answers.delete(url);
  }

  async run(url) {
    const controller = new AbortController();
    this.controller = controller;
    performance.mark("rnnscope:fetch-start");
    let result;
    try {
      result = await request(url, { signal: controller.signal });
    } catch {
      return; // aborted: a newer request took its place
    }
    if (controller.signal.aborted) return;
    performance.mark("rnnscope:fetch-end");
    this.pending = false;
    if (result.offline) this.onResult({ url, offline: true });
    else if (!result.ok) this.onResult({ url, error: result.error, detail: result.body?.detail });
    else {
      const answer = { traces: asTraces(result.body), size: result.size, ...budgetOf(result.body) };
      this.keep(url, answer);
      this.onResult({ url, ...answer });
    }
  }
}

// What a trace's or comparison's answer says of the budget: `cost` (what /api/v1/cost answers for
// its state) and, when fit=true trained less than asked, `fitted`: the training steps it took.
function budgetOf(body) {
  return { cost: body.cost ?? null, fitted: body.fitted ? body.request.train_steps : undefined };
}

// How long typing must pause before `url` is asked: longer when the model trains first.
export const debounceFor = (url) => (trains(url) ? TRAINING_DEBOUNCE_MS : DEBOUNCE_MS);

// Whether the API request `url` trains the model first.
export const trains = (url) => Number(new URL(url, location.href).searchParams.get("train_steps") || 0) > 0;

// The stored example whose page state asks for the same API request as `state`, or null.
// static/examples/index.json lists [{file, state: {text, cell, hidden, ...}}].
export async function loadExample(state, apiRequest, defaults) {
  const index = await request(EXAMPLES);
  if (!index.ok) return null;
  const want = apiRequest(state);
  const hit = index.body.find((entry) => apiRequest({ ...defaults(), ...entry.state }) === want);
  if (!hit) return null;
  const example = await request(`/static/examples/${hit.file}`);
  return example.ok ? asTraces(example.body) : null;
}
