// What the page asks the server for its view: the trace (or comparison) of the state, through
// api.js Fetcher (debounced while typing, a newer request aborting the one in flight), and the
// budget that comes with each answer. main.js owns the state; it calls request() whenever what
// the state asks for may have changed.
//
// Nothing offered is refused (budget.js), and a training is asked at once, with no question
// first: every trace and comparison answer carries `cost`, what /api/v1/cost answers for its
// state (budget.js costUrl), kept by the Budget under that question, so the controls offer what
// fits without asking. /api/v1/cost is asked only when no answer brings it (a refusal, an
// error, the server out of reach).
//
// After an edit (another cell or mode, a longer text, more hidden units) a training is asked
// with `fit=true`: the server trains the most that fits instead of refusing, its answer says so
// (`fitted`), and the state's training follows what was trained (the control and its note
// follow the state and the budget). A budget already kept for the state drops the training to
// what fits before asking (budget.js fitted). A link is asked for as opened: a refusal says
// what would fit (budget.js refusal).
//
// A fitted answer is kept (api.js Fetcher) under the URL asked, `fit=true` included: while the
// server runs, what fits is a function of that URL (the cost of its options, COST_BUDGET a
// constant, a stored model's id the hash of its weights), so a kept fit is the server's answer.
//
// createAsking(app, hooks) -> {request(immediate)}
//   app               main.js's app: `loading`, `problem` and `budget` are set here; `edited` read
//   hooks.state()     the current state;  hooks.patch(patch): change it (and the URL)
//   hooks.onResult(r) an answer: {url, traces} (url: apiRequest of the state it answers) |
//                     {url, error, detail} | {url, offline}
//   hooks.onBudget()  app.budget changed outside an answer: the controls follow it
// asked(state, edited) the API request of the state as the page sends it
import { Fetcher, trains } from "./api.js";
import { Budget, costUrl, fitted } from "./budget.js";
import { tokenProblem } from "./links.js";
import { LIMITS, apiRequest } from "./state.js";

export function asked(state, edited) {
  const url = apiRequest(state);
  return edited && trains(url) ? `${url}&fit=true` : url;
}

export function createAsking(app, { state, patch, onResult, onBudget }) {
  const budget = new Budget((answer) => {
    app.budget = answer;
    onBudget();
  });
  const fetcher = new Fetcher(answered);

  // The server refuses too few or too many tokens; say so here instead of asking it.
  function request(immediate = false) {
    const now = state();
    app.problem = tokenProblem(now, LIMITS.MAX_TOKENS);
    if (app.problem) {
      fetcher.cancel();
      app.loading = false;
      return;
    }
    const known = budget.kept(costUrl(now)); // this state's budget, kept from an answer
    if (known !== undefined) app.budget = known;
    const fix = known !== undefined && app.edited ? fitted(known, now) : null;
    if (fix) patch(fix);
    app.loading = fetcher.request(asked(state(), app.edited), immediate);
  }

  function answered(result) {
    const now = state();
    if (result.cost) {
      app.budget = result.cost;
      // compare mode leaves a picked model out: its answer's cost then lacks the model's part
      if (!(now.cell === "compare" && now.model)) budget.keep(costUrl(now), result.cost);
    }
    if (result.fitted !== undefined) patch({ train_steps: result.fitted }); // what was trained
    // an answer is known by the request of what it is (fit dropped, the training it got): the
    // lessons and the generation panel match it against the state (apiRequest)
    onResult(result.traces ? { ...result, url: apiRequest(state()) } : result);
    if (!result.cost) budget.ask(costUrl(now)); // no answer brought it: the controls need it
  }

  return { request };
}
