// The page's event bus: views announce intentions here instead of reaching into each other
// (LSTMVis style). Events carry plain data in `detail`.
//
//   state:patch   {patch: {prop: value, ...}}  ask the app to change the URL state
//   cursor:set    {pos}                         move the shared time cursor (see timeline.js)
//   player:toggle / player:step {delta} / player:backward / unit:step {delta}
//   tip:show      {x, y, lines: [str]}          / tip:hide
//   status        {kind: "info"|"warn"|"error", key, args}
//   text:focus    put the caret in the text box (key t)

const target = new EventTarget();

export function on(type, handler) {
  const listener = (event) => handler(event.detail);
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}

export function emit(type, detail = {}) {
  target.dispatchEvent(new CustomEvent(type, { detail }));
}
