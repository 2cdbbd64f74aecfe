// Fetching for the lesson panels: JSON by URL, each URL asked once per page (the answers are
// deterministic), so moving a slider back and forth costs nothing. A refused request (422) or
// a lost connection comes back as {error}, never as a thrown exception.
//
//   const body = await getJSON(url);   // the parsed JSON, or {error: "text"}
//   latest(key)                         // a guard: true while no newer call with this key started

const MAX_ENTRIES = 96;
const cache = new Map(); // url -> Promise<body | {error}>

async function fetchJSON(url) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (response.ok && body) return body;
    const detail = body?.detail;
    const msg = Array.isArray(detail) ? detail.map((d) => d.msg).join("; ") : String(detail ?? response.status);
    return { error: msg };
  } catch {
    return { error: "offline" };
  }
}

export function getJSON(url) {
  if (!cache.has(url)) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value);
    const pending = fetchJSON(url);
    cache.set(url, pending);
    // a failure is not kept: asking again later may succeed
    pending.then((body) => body.error && cache.delete(url));
  }
  return cache.get(url);
}

// Each panel asks for new data as the state changes; only the newest answer may be drawn.
export function guard() {
  let round = 0;
  return {
    next: () => ++round,
    current: (r) => r === round,
  };
}

// A query string from an object, leaving out null and undefined values.
export function query(path, params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) q.set(key, String(value));
  return `${path}?${q}`;
}
