// The page's event bus: views announce intentions here instead of reaching into each other
// (LSTMVis style). Events carry plain data in `detail`. Every event the page emits, who hears it
// (tests/browser/test_modules.py keeps this list and the code in step):
//
//   state:patch     {patch: {prop: value, ...}}  ask main.js to change the URL state (views, lessons)
//   cursor:set      {pos, settle}                move the shared time cursor (timeline.js; player)
//   player:toggle   play or pause                (player, keys; main.js)
//   player:step     {delta}                      one step back or on (player, keys; main.js)
//   player:backward play the backward pass       (player, keys; main.js)
//   unit:step       {delta}                      the next or previous hidden unit (keys; main.js)
//   ui:toggle       {name}                       flip present, drawer, theme, lang or gen (keys; main.js)
//   panel:toggle    {name, show}                 show or hide a panel (toolbar; main.js)
//   help:toggle     {open}                       open, close (false) or flip the help (main.js)
//   link:dismiss    forget what the opened link asked for that cannot be shown (banner; main.js)
//   export          {kind}                       svg, png, json or csv of the trace (toolbar; main.js)
//   text:focus      put the caret in the text box (keys; controls.js)
//   tip:show        {x, y, lines: [str]}         / tip:hide (views; tooltip)
//   app:render      {state, traces, url}         after every render (main.js; lessons, models/store.js,
//                                                generate/panel.js)
//   app:ready       the first trace or stored example is asked for (main.js; nothing listens yet)
//   models:open / models:use {id} / models:upload {form} / models:save {name} /
//   models:delete {id} / models:token {token}    the stored-models menu (views/models.js) to its
//                                                store (models/store.js)
//   models:listed   the store read the list of models (models/store.js; generate/panel.js)

const target = new EventTarget();

export function on(type, handler) {
  const listener = (event) => handler(event.detail);
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}

export function emit(type, detail = {}) {
  target.dispatchEvent(new CustomEvent(type, { detail }));
}
