// Small SVG icons for the player buttons (font glyphs for media keys are missing on many
// machines). icon(name) -> <svg> drawn in currentColor.
import { svg } from "./dom.js";

const PATHS = {
  play: "M6 4 L20 12 L6 20 Z",
  pause: "M6 4 H10 V20 H6 Z M14 4 H18 V20 H14 Z",
  prev: "M5 4 H8 V20 H5 Z M20 4 L9 12 L20 20 Z",
  next: "M16 4 H19 V20 H16 Z M4 4 L15 12 L4 20 Z",
  back: "M12 4 L2 12 L12 20 Z M22 4 L12 12 L22 20 Z",
};

export function icon(name) {
  const node = svg("svg", { viewBox: "0 0 24 24", width: 22, height: 22, "aria-hidden": "true", class: "ico" });
  svg("path", { d: PATHS[name], fill: "currentColor" }, node);
  return node;
}

export function setIcon(button, name) {
  button.querySelector("svg.ico")?.remove();
  button.prepend(icon(name));
}
