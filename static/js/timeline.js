// The shared time cursor. One number `pos` in [0, 2T] drives every diagram and chart:
//   0 < pos <= T    forward pass, columns 1..ceil(pos) are revealed (the last one fading in)
//   T < pos <= 2T   backward pass, gradients revealed right to left, from step T down
// The URL keeps the discrete view of it: `step` (1-based) and `phase` (fwd | bwd).

export function posOf(step, phase, T) {
  const s = step === 0 ? T : Math.min(step, T);
  return phase === "bwd" ? 2 * T - s + 1 : s;
}

export function stepOf(pos, T) {
  if (pos <= T) return { step: Math.max(1, Math.ceil(pos - 1e-9)), phase: "fwd" };
  const q = pos - T;
  return { step: Math.max(1, T - Math.ceil(q - 1e-9) + 1), phase: "bwd" };
}

// How far column i (0-based) is revealed in the forward pass, 0..1.
export function forwardReveal(pos, i) {
  return Math.min(1, Math.max(0, pos - i));
}

// How far the gradient into step i (0-based) is revealed in the backward pass, 0..1.
export function backwardReveal(pos, i, T) {
  return Math.min(1, Math.max(0, pos - T - (T - 1 - i)));
}

const STEPS_PER_SECOND = 1.25;

// Plays the cursor forward with requestAnimationFrame; `onPos(pos)` is called every frame.
export class Player {
  constructor(onPos, onStop) {
    this.onPos = onPos;
    this.onStop = onStop;
    this.playing = false;
    this.frame = null;
  }

  play(fromPos, T, speed, until = 2 * T) {
    this.stop(false);
    this.playing = true;
    let pos = fromPos >= until ? 0 : fromPos;
    let last = performance.now();
    const tick = (now) => {
      pos = Math.min(until, pos + ((now - last) / 1000) * STEPS_PER_SECOND * speed);
      last = now;
      this.onPos(pos);
      if (pos >= until) this.stop(true);
      else this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop(notify = true) {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    const was = this.playing;
    this.playing = false;
    if (notify && was) this.onStop();
  }
}
