// View: the hover tooltip. Listens for tip:show {x, y, lines} and tip:hide; lines are plain text.
import { on } from "../bus.js";
import { html } from "../dom.js";

export function createTooltip(root) {
  const el = html("div", { class: "tooltip", role: "tooltip", id: "tooltip", hidden: true }, root);
  on("tip:show", ({ x, y, lines }) => {
    el.replaceChildren(...lines.map((line, i) => html("div", { class: i === 0 ? "tip-main" : "tip-sub" }, null, line)));
    el.hidden = false;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    el.style.left = `${Math.min(window.innerWidth - w - 8, x + 14)}px`;
    el.style.top = `${y + h + 20 > window.innerHeight ? y - h - 12 : y + 16}px`;
  });
  on("tip:hide", () => {
    el.hidden = true;
  });
  return { el, update() {} };
}
