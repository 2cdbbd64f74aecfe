// A scene opens on its title and first paragraph: what the scene is about is on screen first,
// on a projector (1024x768, 1280x720 in presentation mode) as on a laptop. Below them, the page
// scrolls by the least amount that shows the highlights, never so far that the title leaves the
// top of the window; on a phone, the title goes to the top of the window.
//
// PageDown and n (a presenter's clicker) do what the scene declares, never what happens to be
// drawn when the key comes: a scene that declares highlights (scenes.js) has one build, the
// first press shows them (scrolled into view as soon as they are drawn, the title may leave the
// window, and marked by a short pulse) and the next press opens the next scene; a scene without
// highlights goes on at once. PageUp and N undo the build (back up to the title) before they
// open the previous scene; so does a title the viewer scrolled above the window
// (lessons/index.js). `data-build` on the lesson says which: none, ahead or shown.
//
// The layout settles in several steps (the scene's trace, the panel's own answers, Plotly), so
// the check runs again after each of them, until the viewer scrolls or leaves the scene.
//
// Sideways, a network wider than its box shows the scene's highlights (views/net-scroll.js):
// all of them when they fit, else as many as fit from where the scene's flow starts (the last
// step in the backward pass, the first otherwise); the current step too when it fits with them,
// and alone in a network the scene does not highlight. The scene holds the network's sideways scroll
// until the viewer steps or scrolls; then the network follows the current step again.
import { PHONE } from "../phone.js";
import { fitSideways, holdSideways, lessonHolds, showSideways } from "../views/net-scroll.js";
import { TARGETS } from "./highlight.js";

const MARGIN = 12; // px kept free above and below the highlights
const PULSE = 1600; // ms the highlights pulse when a build shows them (lessons.css)

// The boxes (viewport coordinates) of each highlight name's elements that take up space.
const boxesOf = (name) =>
  [...document.querySelectorAll(TARGETS[name])]
    .map((n) => n.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0);

// The part of the window not covered by the player bar, which sticks to the top once scrolled past.
export function visibleBand() {
  const bar = document.getElementById("player");
  return { top: (bar?.offsetHeight ?? 0) + MARGIN, bottom: window.innerHeight - MARGIN };
}

const titleBox = () => document.getElementById("lesson-title")?.getBoundingClientRect();

// The vertical scroll (px, + is down) that shows the highlights: the names in order, as many as
// fit together in the band and need no more than `most` px; 0 when they are already in view or
// the first one does not fit.
function highlightScroll(names, most = Infinity) {
  const band = visibleBand();
  let top = Infinity;
  let bottom = -Infinity;
  let dy = 0;
  for (const name of names) {
    const boxes = boxesOf(name);
    if (!boxes.length) continue;
    const t = Math.min(top, ...boxes.map((r) => r.top));
    const b = Math.max(bottom, ...boxes.map((r) => r.bottom));
    const need = b > band.bottom ? b - band.bottom : t < band.top ? t - band.top : 0;
    if (need > most || b - t > band.bottom - band.top) break;
    [top, bottom, dy] = [t, b, need];
  }
  return dy;
}

// The scroll a scene wants while it settles: its highlights, with the title kept in view. On a
// phone (one column, lessons.css) the page's controls take a third of the screen above the
// scene: it opens with its title at the top of the window, the most of the scene on screen.
export function scrollNeeded(names) {
  const title = titleBox();
  const most = title ? title.top - MARGIN : Infinity; // the largest scroll that keeps the title
  if (PHONE.matches && title) return most;
  return most < 0 ? most : highlightScroll(names, most);
}

// `watch`: the elements whose size moves the highlights; `mark` gets data-build.
export function createFocus(watch, mark) {
  let scene = []; // the open scene's highlights
  let built = false; // PageDown showed them (the scene's one build)
  let pulsing = 0;
  let names = null; // the same, while the page may still move them and the viewer has not scrolled
  let below = false; // PageDown asked for the highlights: the title may leave the window
  let ready = false; // the page shows the scene's own trace
  let queued = false;
  let cursor = null; // the step and phase the scene opened on ("3/fwd"), once its state is seen
  let end = "left"; // where the scene's flow starts: "right" in the backward pass
  // the scene holds the networks' sideways scroll for its highlights
  const hold = holdSideways;
  const stop = () => {
    names = null;
    hold(false);
  };
  const setBuilt = (value) => {
    built = value;
    mark.dataset.build = !scene.length ? "none" : built ? "shown" : "ahead";
  };
  // the highlights pulse for a moment, also those drawn during it (a class on the body)
  function pulse() {
    const body = document.body;
    body.classList.remove("lesson-pulse");
    void body.offsetWidth; // restart the animation
    body.classList.add("lesson-pulse");
    clearTimeout(pulsing);
    pulsing = setTimeout(() => body.classList.remove("lesson-pulse"), PULSE);
  }
  function check() {
    queued = false;
    if (!names || !ready) return;
    if (lessonHolds()) sideways(names);
    const dy = below ? highlightScroll(names) : scrollNeeded(names);
    if (Math.abs(dy) >= 1) window.scrollBy({ top: dy, behavior: "instant" });
  }
  // A highlight of one step is shown with the whole of its step's column, and the current
  // step's column with them when they fit together (else the highlights); a network without
  // highlights shows its current step.
  function sideways(names) {
    for (const wrap of document.querySelectorAll(".net-scroll")) {
      const marks = names.flatMap((name) => [...wrap.querySelectorAll(TARGETS[name])]);
      const boxes = marks
        .filter((n) => n.getBoundingClientRect().width > 0)
        .map((n) => {
          const t = n.closest("[data-t]")?.dataset.t;
          const column = t === undefined ? null : wrap.querySelector(`g.col[data-t="${t}"] > rect.hit`);
          return (column ?? n).getBoundingClientRect();
        });
      const current = wrap.querySelector("svg.network rect.selection")?.getBoundingClientRect();
      const both = current?.width > 0 ? [...boxes, current] : boxes;
      showSideways(wrap, fitSideways(wrap, both) ? both : boxes, { end });
    }
  }
  const later = () => {
    if (names && !queued) {
      queued = true;
      requestAnimationFrame(check);
    }
  };

  // the viewer scrolls: leave the page where they put it
  window.addEventListener("wheel", stop, { passive: true });
  window.addEventListener("touchmove", stop, { passive: true });
  document.addEventListener("keydown", (event) => ["Home", "End"].includes(event.key) && stop());
  // the page's scroll bar, or a network's own (sideways)
  const bar = (target) => target === document.documentElement || target.classList?.contains("net-scroll");
  document.addEventListener("pointerdown", (event) => bar(event.target) && stop());
  const sizes = new ResizeObserver(later);
  for (const el of watch) sizes.observe(el);
  window.addEventListener("rnnscope:rendered", later);
  window.addEventListener("resize", later);

  return {
    // a scene opens: from the top of the page, then down to its highlights once they are drawn
    open(sceneNames) {
      scene = sceneNames;
      names = sceneNames;
      below = false;
      ready = false;
      cursor = null;
      hold(true);
      setBuilt(false);
      window.scrollTo({ top: 0, behavior: "instant" });
    },
    // the page drew `state` (isReady: the scene's own trace); a step the viewer took ends the
    // scene's hold on the sideways scroll
    follow(isReady, state) {
      ready = isReady;
      const now = `${state.step}/${state.phase}`;
      if (cursor === null) cursor = now;
      else if (now !== cursor) hold(false);
      end = state.phase === "bwd" ? "right" : "left";
      later();
    },
    close() {
      scene = [];
      setBuilt(false);
      stop();
    },
    // Forward within the scene: its build, if it declares highlights and they were not shown
    // yet. True when the key is spent so, false when the next scene is due. Drawn or not yet,
    // the highlights are scrolled into view (once they are) and kept there while the page
    // settles, until the viewer scrolls.
    reveal() {
      if (!scene.length || built) return false;
      setBuilt(true);
      [names, below, cursor] = [scene, true, null];
      hold(true);
      check();
      pulse();
      return true;
    },
    // Back within the scene: up to its title, if the build was shown or the viewer scrolled the
    // title above the window. True when the key is spent so.
    back() {
      const title = titleBox();
      if (!built && !(title && title.top < 0)) return false;
      setBuilt(false);
      [names, below, cursor] = [scene, false, null];
      hold(true);
      window.scrollTo({ top: 0, behavior: "instant" }); // as the scene opened
      check();
      return true;
    },
  };
}
