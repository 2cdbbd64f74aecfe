// A scene opens on its title and first paragraph: what the scene is about is on screen first,
// on a projector (1024x768, 1280x720 in presentation mode) as on a laptop. Below them, the page
// scrolls by the least amount that shows the highlights, never so far that the title leaves the
// top of the window. Highlights that do not fit under the title come next: PageDown (a
// presenter's clicker) scrolls them into view before it moves to the next scene, and PageUp
// goes back to the title before the previous scene (lessons/index.js).
//
// The layout settles in several steps (the scene's trace, the panel's own answers, Plotly), so
// the check runs again after each of them, until the viewer scrolls or leaves the scene.
import { TARGETS } from "./highlight.js";

const MARGIN = 12; // px kept free above and below the highlights

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

// The scroll a scene wants while it settles: its highlights, with the title kept in view.
export function scrollNeeded(names) {
  const title = titleBox();
  const most = title ? title.top - MARGIN : Infinity; // the largest scroll that keeps the title
  return most < 0 ? most : highlightScroll(names, most);
}

export function createFocus(watch) {
  let scene = []; // the open scene's highlights
  let names = null; // the same, while the page may still move them and the viewer has not scrolled
  let below = false; // PageDown asked for the highlights: the title may leave the window
  let ready = false; // the page shows the scene's own trace
  let queued = false;
  const stop = () => {
    names = null;
  };
  function check() {
    queued = false;
    if (!names || !ready) return;
    const dy = below ? highlightScroll(names) : scrollNeeded(names);
    if (Math.abs(dy) >= 1) window.scrollBy({ top: dy, behavior: "instant" });
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
  document.addEventListener("pointerdown", (event) => event.target === document.documentElement && stop()); // the scroll bar
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
      window.scrollTo({ top: 0, behavior: "instant" });
    },
    follow(isReady) {
      ready = isReady;
      later();
    },
    close() {
      scene = [];
      stop();
    },
    // Forward within the scene: scroll its highlights into view if some are below the window.
    // True when it scrolled (the key is spent), false when there is nothing further to show.
    // They stay in view while the page settles, until the viewer scrolls.
    reveal() {
      if (highlightScroll(scene) < 1) return false;
      [names, below] = [scene, true];
      check();
      return true;
    },
    // Back within the scene: up to its title if the title is above the window.
    back() {
      const title = titleBox();
      if (!title || title.top >= 0) return false;
      [names, below] = [scene, false];
      window.scrollTo({ top: 0, behavior: "instant" }); // as the scene opened
      check();
      return true;
    },
  };
}
