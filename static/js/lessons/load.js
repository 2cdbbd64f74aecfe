// Data for the lesson panels: JSON by URL, each URL asked once per page (the answers are
// deterministic), so moving a slider back and forth costs nothing. A refused request (422) or
// a lost connection comes back as {error}, never as a thrown exception.
//
//   const body = await getJSON(url);   // the parsed JSON, or {error: "text"}
//   latest(key)                         // a guard: true while no newer call with this key started
//   await getAll(urls, status, current) // every answer, or null (a refusal shown on `status`)
//   query(path, params)                 // a URL from an object (api.js)
import { cached, query } from "../api.js";

export { query };

// The page's one client (api.js) asks and reads a refusal, as for the page's own trace.
export async function getJSON(url) {
  const answer = await cached(url);
  if (answer.ok) return answer.body;
  return { error: answer.offline ? "offline" : answer.error };
}

// Each panel asks for new data as the state changes; only the newest answer may be drawn.
export function guard() {
  let round = 0;
  return {
    next: () => ++round,
    current: (r) => r === round,
  };
}

// A panel's several requests at once, its status line saying so meanwhile: the answers, or null
// when one failed (its error shown) or a newer round started (`current()` false).
export async function getAll(urls, status, current) {
  status.show("lesson.loading");
  const got = await Promise.all(urls.map(getJSON));
  if (!current()) return null;
  const failed = got.find((g) => g.error);
  if (failed) status.show("lesson.error", { msg: failed.error });
  else status.show(null);
  return failed ? null : got;
}
