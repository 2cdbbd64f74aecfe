// Brings a scene's highlights into view when it opens. On a short screen (1366x768) the scene's
// text and panel fill most of the window and the page's elements sit below them, so the page
// scrolls by the least amount that shows the highlights under the sticky player bar: as much of
// the explanation as possible stays on screen.
//
// The layout settles in several steps (the scene's trace, the panel's own answers, Plotly), so
// the check runs again after each of them, until the viewer scrolls by hand or leaves the scene.
import { TARGETS } from "./highlight.js";

const MARGIN = 12; // px kept free above and below the highlights

// The boxes (viewport coordinates) of each highlight name's elements that take up space.
const boxesOf = (name) =>
  [...document.querySelectorAll(TARGETS[name])].map((n) => n.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);

// The part of the window not covered by the player bar, which sticks to the top once scrolled past.
export function visibleBand() {
  const bar = document.getElementById("player");
  return { top: (bar?.offsetHeight ?? 0) + MARGIN, bottom: window.innerHeight - MARGIN };
}

// The vertical scroll (px, + is down) that shows the highlights: the names in order, as many as
// fit together in the band; 0 when they are already in view.
export function scrollNeeded(names) {
  const band = visibleBand();
  let top = Infinity;
  let bottom = -Infinity;
  for (const name of names) {
    const boxes = boxesOf(name);
    if (!boxes.length) continue;
    const t = Math.min(top, ...boxes.map((r) => r.top));
    const b = Math.max(bottom, ...boxes.map((r) => r.bottom));
    if (b - t > band.bottom - band.top) break;
    [top, bottom] = [t, b];
  }
  if (top === Infinity) return 0;
  if (bottom > band.bottom) return Math.min(bottom - band.bottom, top - band.top);
  return top < band.top ? top - band.top : 0;
}

export function createFocus(watch) {
  let names = null; // the open scene's highlights, while the page may still move them
  let ready = false; // the page shows the scene's own trace
  let queued = false;
  const stop = () => {
    names = null;
  };

  function check() {
    queued = false;
    if (!names || !ready) return;
    const dy = scrollNeeded(names);
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
      names = sceneNames;
      ready = false;
      window.scrollTo({ top: 0, behavior: "instant" });
    },
    follow(isReady) {
      ready = isReady;
      later();
    },
    close: stop,
  };
}
