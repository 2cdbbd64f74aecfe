// A scene is a link: the page's own URL state plus `lesson=<n>` (scenes.js gives each scene's
// state). A short link names the scene alone (?lesson=3): main.js opens it as the tour defines
// it (`opened`) and writes that URL, like any other state; this module writes nothing.
import { PROPS, defaults, serialize } from "../state.js";
import { SCENES } from "./scenes.js";

const MODEL_PROPS = PROPS.filter((p) => p.api).map((p) => p.name);
const KEEP = ["lang", "theme", "present", "notation"]; // the viewer's choices survive a change of scene

// The whole URL state of scene n (1-based), keeping the viewer's language, theme, presentation
// and notation.
export function sceneState(n, current) {
  const scene = SCENES[n - 1];
  const keep = Object.fromEntries(KEEP.map((k) => [k, current[k]]));
  return { ...defaults(), ...scene.state, lesson: n, ...keep };
}

export const sceneLink = (n, current) => `?${serialize(sceneState(n, current))}`;

// The state a link opens: a lesson link without any model option becomes its scene's state.
export function opened(state, search) {
  const params = new URLSearchParams(search);
  if (!state.lesson || MODEL_PROPS.some((name) => params.has(name))) return state;
  return sceneState(Math.min(state.lesson, SCENES.length), state);
}
