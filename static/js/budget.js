// Nothing offered is refused. The server estimates a request's cost before any work and refuses
// one over its budget (COST_BUDGET). GET /api/v1/cost answers, for the current text, options
// and mode, how much training and how large a hidden size fit; the controls offer only those
// training choices and say why the others are off. The page never estimates a cost itself.
//
// TRAIN_CHOICES            the training choices of the controls (core/options.py PAGE_CHOICES)
// costUrl(state)           the /api/v1/cost query for the state's text and options: all three
//                          cells, the stored model if one is picked, train_steps left out, so
//                          one answer serves every mode
// Budget                   asks it (the newest question wins) and keeps the last answers by
//                          query: ask(url) is a kept answer at once, with no request; kept(url).
//                          main.js asks when the trace's typing pause ends (api.js Fetcher's
//                          `before`), not on every keystroke
// room(answer, state)      {most, note}: the most training that fits the state's mode (the
//                          stored model's when one is picked), and why the others are off
// fitted(answer, state)    the training to ask for instead of the state's when that does not
//                          fit, or null
// refusal(detail, state)   a server's cost refusal as the page's own problem {say, fix}, in
//                          the page's language with what to change (banner.js shows it)
import { request } from "./api.js";
import { t } from "./i18n.js";
import { apiRequest, option } from "./state.js";

export const TRAIN_CHOICES = option("train_steps").page_choices;
const KEEP_ANSWERS = 24; // cost answers kept (a few hundred bytes each)

export function costUrl(state) {
  const url = new URL(apiRequest({ ...state, cell: "compare", train_steps: 0 }), location.href);
  // what the cost endpoint declares (core/options.py); the answer's own options, such as its
  // precision, change nothing in the cost
  const kept = [...url.searchParams].filter(([name]) => name !== "train_steps" && option(name, "cost"));
  // a picked model (the comparison leaves it out): its own cost comes with the cells'
  if (state.model) kept.push(["model", state.model]);
  return `/api/v1/cost?${new URLSearchParams(kept)}`;
}

export class Budget {
  constructor(onAnswer) {
    this.onAnswer = onAnswer; // (answer of /api/v1/cost, or null when unknown)
    this.url = null; // the newest question
    this.pending = null; // its answer to come
    this.controller = null;
    this.answers = new Map(); // url -> answer, least recently used first
  }

  // The answer kept for `url`, or undefined: the cost of a state is a function of its query.
  kept(url) {
    const answer = this.answers.get(url);
    if (answer === undefined) return undefined;
    this.answers.delete(url);
    this.answers.set(url, answer); // used again: now the most recent
    return answer;
  }

  // A promise of `url`'s answer (null when unknown): a kept one at once, with no request; the
  // same question once; a newer question aborts an older one (which then gives null).
  ask(url) {
    const kept = this.kept(url);
    if (kept !== undefined) {
      this.onAnswer(kept);
      return Promise.resolve(kept);
    }
    if (url === this.url) return this.pending;
    this.controller?.abort();
    this.url = url;
    const controller = new AbortController();
    this.controller = controller;
    this.pending = request(url, { signal: controller.signal }) // the page's one client (api.js)
      .then((result) => {
        const answer = result.ok ? result.body : null;
        if (answer) this.keep(url, answer);
        if (controller.signal.aborted) return null;
        if (!answer) this.url = null; // asking again later may succeed
        this.onAnswer(answer);
        return answer;
      })
      .catch(() => null); // aborted: a newer question took its place
    return this.pending;
  }

  keep(url, answer) {
    this.answers.set(url, answer);
    if (this.answers.size > KEEP_ANSWERS) this.answers.delete(this.answers.keys().next().value);
  }
}

// The most training that fits the state's mode (undefined: not known yet; null: none), and
// why the training choices above it are off ("" when every choice fits).
export function room(answer, state) {
  if (!answer) return { most: undefined, note: "" };
  const compare = state.cell === "compare";
  const model = !compare && state.model && answer.model; // a stored model, fine-tuned on the text
  const fit = compare ? answer : model || answer.per_cell[state.cell];
  const most = fit.max_train_steps;
  if (most !== null && TRAIN_CHOICES.every((n) => n <= most)) return { most, note: "" };
  const tokens = fit.tokens ?? answer.tokens;
  const args = { most, budget: answer.budget, tokens, hidden: fit.max_hidden ?? 1 };
  const key = most === null ? "budget.none" : "budget.train";
  return { most, note: t(compare ? `${key}.compare` : model ? `${key}.model` : key, args) };
}

// The training that fits instead of the state's ({train_steps}), or null when the state's fits
// or the budget is not known.
export function fitted(answer, state) {
  const { most } = room(answer, state);
  if (fits(state.train_steps, most)) return null;
  return { train_steps: most === null ? 0 : fitting(most) };
}

// Whether the server takes `n` training steps, given room(...).most.
export const fits = (n, most) => most === undefined || (most !== null && n <= most);

// The largest training choice not above `most`.
export const fitting = (most) => Math.max(0, ...TRAIN_CHOICES.filter((n) => n <= most));

// A 422 on `cost` from the server: what it would take and what fits, with a one-click fix.
export function refusal(detail, state) {
  const item = (detail || []).find((d) => (d.loc || []).at(-1) === "cost" && d.ctx);
  if (!item) return null;
  const { estimate, budget, max_train_steps: most, max_hidden: hidden } = item.ctx;
  const say = () => t("budget.refused", { estimate: estimate.toFixed(1), budget });
  if (most !== null && most < state.train_steps) {
    const n = fitting(most);
    return { say, fix: { say: () => t("budget.fix.train", { n }), patch: { train_steps: n } } };
  }
  if (hidden !== null && hidden < state.hidden) {
    return { say, fix: { say: () => t("budget.fix.hidden", { n: hidden }), patch: { hidden } } };
  }
  return { say: () => `${say()} ${t("budget.shorten")}` };
}
