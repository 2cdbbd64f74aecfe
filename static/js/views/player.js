// View: the animation bar: step back, play/pause, step forward, backward pass, time scrubber,
// speed, and where the cursor is ("step 3 of 4 · forward pass"). What the backward arrows show
// is picked in the network's legend (legend.js).
//
// update(data) with data = {T, pos, playing, step (1-based), phase, speed, lang}
// Emits player:toggle, player:step {delta}, player:backward, cursor:set {pos}, state:patch.
import { emit } from "../bus.js";
import { html } from "../dom.js";
import { t } from "../i18n.js";
import { setIcon } from "../icons.js";
import { PROPS } from "../state.js";

function button(parent, id, key, onClick, glyph) {
  const b = html("button", { type: "button", id, class: "icon", "data-i18n-title": key }, parent);
  setIcon(b, glyph);
  b.addEventListener("click", onClick);
  return b;
}

export function createPlayer(root) {
  const el = html("div", { class: "player" }, root);
  const prev = button(el, "btn-prev", "player.prev", () => emit("player:step", { delta: -1 }), "prev");
  const play = button(el, "btn-play", "player.play", () => emit("player:toggle"), "play");
  const next = button(el, "btn-next", "player.next", () => emit("player:step", { delta: 1 }), "next");
  const back = html(
    "button",
    { type: "button", id: "btn-backward", class: "wide", "data-i18n-title": "player.backward" },
    el,
  );
  setIcon(back, "back");
  html("span", { "data-i18n": "player.backward" }, back);
  back.addEventListener("click", () => emit("player:backward"));
  const scrub = html(
    "input",
    { type: "range", id: "in-scrub", min: 0, step: "any", "data-i18n-title": "player.scrub" },
    el,
  );
  scrub.addEventListener("input", () => emit("cursor:set", { pos: Number(scrub.value) }));
  scrub.addEventListener("change", () => emit("cursor:set", { pos: Math.round(Number(scrub.value)), settle: true }));
  const status = html("output", { id: "player-status", "aria-live": "polite" }, el);
  const speed = html("select", { id: "in-speed", "data-i18n-title": "player.speed" }, el);
  for (const v of PROPS.find((p) => p.name === "speed").values)
    html("option", { value: v, "data-i18n": `speed.${v}` }, speed, v);
  speed.addEventListener("change", () => emit("state:patch", { patch: { speed: speed.value } }));
  let shown = "";

  return {
    el,
    buttons: { prev, play, next, back },
    update({ T, pos, playing, step, phase, speed: sp }) {
      scrub.max = String(2 * T);
      if (document.activeElement !== scrub || playing) scrub.value = String(pos);
      const label = `${t("player.status", { t: step, T })} · ${t(`phase.${phase}`)}`;
      if (label !== shown) {
        status.textContent = label;
        status.dataset.step = String(step);
        status.dataset.phase = phase;
        shown = label;
      }
      el.classList.toggle("bwd", phase === "bwd");
      if (play.dataset.icon !== String(playing)) setIcon(play, playing ? "pause" : "play");
      play.dataset.icon = String(playing);
      const key = playing ? "player.pause" : "player.play";
      if (play.dataset.i18nTitle !== key || play.title !== t(key)) {
        play.dataset.i18nTitle = key;
        play.setAttribute("title", t(key));
        play.setAttribute("aria-label", t(key));
        play.setAttribute("aria-pressed", String(playing));
      }
      if (speed.value !== sp) speed.value = sp;
    },
  };
}
