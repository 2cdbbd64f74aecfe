// The network's own sideways scroll (.net-scroll): a network wider than its box scrolls inside
// it, and once scrolled its row labels are pinned over the left edge (network.js createPin).
// showSideways brings boxes of the network into the part of the box the room sees: the current
// step's column (network.js), a lesson scene's highlights (lessons/focus.js).
//
// While a lesson scene holds the sideways scroll for its highlights (body[data-sideways=lesson],
// set by lessons/focus.js until the viewer steps or scrolls), the network does not follow the
// current step: the scene's highlights are what the room is to see.

const MARGIN = 12; // px kept free between what is shown and the box's edges (or the pinned labels)
const STILL = window.matchMedia("(prefers-reduced-motion: reduce)");
const GLIDE = 1500; // ms: the longest a smooth scroll takes (and then some)

export const lessonHolds = () => document.body.dataset.sideways === "lesson";
const FREED = "rnnscope:sideways-freed"; // the networks bring their current step back in sight

export function holdSideways(on) {
  if (on) document.body.dataset.sideways = "lesson";
  else if (lessonHolds()) {
    delete document.body.dataset.sideways;
    window.dispatchEvent(new Event(FREED));
  }
}
export const onFreed = (then) => window.addEventListener(FREED, then);

// The pixels on screen the pinned row labels cover once the box is scrolled.
function pinWidth(wrap) {
  const net = wrap.querySelector("svg.network");
  const width = net?.viewBox.baseVal?.width;
  if (!width) return 0;
  return (Number(net.dataset.labels || 0) * net.getBoundingClientRect().width) / width;
}

// Scroll `wrap` sideways (never the page) so that `boxes` (viewport rectangles of elements inside
// it) are in sight, right of the pinned labels. Those that do not fit together: as many as fit,
// counted from `end` ("left" or "right"), shown against that edge; one box wider than the box
// itself starts at `end`'s edge. Nothing moves when they are in sight already. `smooth`: an
// animated scroll (unless the viewer asks for reduced motion).
// What a scrolled box shows right of its pinned labels (px, margins kept).
const roomOf = (wrap) => wrap.clientWidth - pinWidth(wrap) - 2 * MARGIN;

// True when `boxes` (viewport rectangles inside `wrap`) can all be in sight at once.
export function fitSideways(wrap, boxes) {
  if (!boxes.length) return true;
  const span = Math.max(...boxes.map((r) => r.right)) - Math.min(...boxes.map((r) => r.left));
  return wrap.scrollWidth <= wrap.clientWidth || span <= roomOf(wrap);
}

export function showSideways(wrap, boxes, { end = "left", smooth = false } = {}) {
  const W = wrap.clientWidth;
  const most = wrap.scrollWidth - W;
  if (most < 1 || !boxes.length) return;
  const s = wrap.scrollLeft;
  const left = wrap.getBoundingClientRect().left + wrap.clientLeft;
  const pin = pinWidth(wrap);
  const room = roomOf(wrap);
  // [from, to] in the box's content coordinates, in the order they are taken
  const spans = boxes.map((r) => [r.left - left + s, r.right - left + s]).sort((a, b) => a[0] - b[0]);
  if (end === "right") spans.reverse();
  let [lo, hi] = spans[0];
  let taken = 1;
  for (const [a, b] of spans.slice(1)) {
    if (Math.max(hi, b) - Math.min(lo, a) > room) break;
    [lo, hi, taken] = [Math.min(lo, a), Math.max(hi, b), taken + 1];
  }
  const seen = s > 0 ? [s + pin, s + W] : [0, W];
  if (lo >= seen[0] - 1 && hi <= seen[1] + 1) return;
  // against `end`'s edge when some are left out (or one is too wide); else in the middle
  const against = taken < spans.length || hi - lo > room;
  let to = (lo + hi - pin - W) / 2;
  if (against) to = end === "right" ? hi + MARGIN - W : lo - pin - MARGIN;
  to = Math.round(Math.min(most, Math.max(0, to)));
  if (Math.abs(to - s) < 1) return;
  const animate = smooth && !STILL.matches;
  if (animate) {
    // while it glides, the boxes that scroll together (compare: panes.js) leave it alone
    clearTimeout(wrap._gliding);
    wrap._gliding = setTimeout(() => (wrap._gliding = 0), GLIDE);
    wrap.addEventListener("scrollend", () => (wrap._gliding = 0), { once: true });
  }
  wrap.scrollTo({ left: to, behavior: animate ? "smooth" : "instant" });
}

// A box gliding to where showSideways sent it (its scroll events are not the viewer's).
export const gliding = (wrap) => Boolean(wrap._gliding);
