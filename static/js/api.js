// Fetching traces: debounced, and a newer request aborts the one in flight, so typing fast never
// paints a stale answer. The stored examples (static/examples/) paint the page before the API
// answers when the state asks for exactly what an example holds. An answer the page already
// has (the same request: a trace is a function of its query) is shown at once, with no pause
// and no request: a Backspace, or going back to a cell or seed just seen.

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

// A compare answer is {request, traces: {cell: trace}}; a single trace becomes {cell: trace}.
export function asTraces(body) {
  return body.traces ? body.traces : { [body.request.cell]: body };
}

export class Fetcher {
  constructor(onResult) {
    this.onResult = onResult; // ({url, traces} | {url, error} | {url, offline})
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
      this.keep(url, kept.traces, kept.size);
      this.onResult({ url, traces: kept.traces, kept: true });
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

  keep(url, traces, size) {
    this.forget(url);
    if (size > KEEP_CHARS) return;
    this.answers.set(url, { traces, size });
    this.kept += size;
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
    try {
      performance.mark("rnnscope:fetch-start");
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      const text = await response.text();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {}
      if (controller.signal.aborted) return;
      performance.mark("rnnscope:fetch-end");
      this.pending = false;
      if (!response.ok) this.onResult({ url, error: errorText(body, response), detail: body?.detail });
      else {
        const traces = asTraces(body);
        this.keep(url, traces, text.length);
        this.onResult({ url, traces });
      }
    } catch (err) {
      if (err.name === "AbortError") return;
      this.pending = false;
      this.onResult({ url, offline: true });
    }
  }
}

// How long typing must pause before `url` is asked: longer when the model trains first.
export function debounceFor(url) {
  const steps = Number(new URL(url, location.href).searchParams.get("train_steps") || 0);
  return steps > 0 ? TRAINING_DEBOUNCE_MS : DEBOUNCE_MS;
}

// FastAPI's 422 body {detail: [{loc, msg}]} or {detail: "text"} -> one line.
export function errorText(body, response) {
  const detail = body?.detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => {
      const where = (d.loc || []).slice(-1)[0];
      return where && !String(d.msg).startsWith(`${where}:`) ? `${where}: ${d.msg}` : d.msg;
    }).join("; ");
  }
  if (typeof detail === "string") return detail;
  return `${response.status} ${response.statusText}`;
}

// The stored example whose page state asks for the same API request as `state`, or null.
// static/examples/index.json lists [{file, state: {text, cell, hidden, ...}}].
export async function loadExample(state, apiRequest, defaults) {
  try {
    const index = await (await fetch(EXAMPLES)).json();
    const want = apiRequest(state);
    const hit = index.find((entry) => apiRequest({ ...defaults(), ...entry.state }) === want);
    if (!hit) return null;
    return asTraces(await (await fetch(`/static/examples/${hit.file}`)).json());
  } catch {
    return null;
  }
}
