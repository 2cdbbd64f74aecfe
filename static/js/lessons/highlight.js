// Highlights: the page elements a scene talks about get the class `lesson-hl` (lessons.css).
// The page rebuilds its SVG on every new trace, so marks are put back after each render.
//
// Names used in scenes.js -> CSS selectors of the page (static/js/views/).
export const TARGETS = {
  tokens: "svg.network text.token",
  onehot: "svg.network g.onehot",
  recurrent: "svg.network g.fwd",
  detail: ".detail .equations",
  predictions: "svg.network text.pred",
  loss: "#chart-loss",
  decay: "#chart-decay",
  gradlabels: "svg.network text.gradlabel",
  facts: "#facts",
  belt: "svg.network rect.belt",
  celldiagram: ".detail svg.celldiagram",
  layers: "svg.network g.squares[data-kind='h']",
};

const CLASS = "lesson-hl";

export function applyHighlights(names) {
  const want = new Set(names.flatMap((name) => [...document.querySelectorAll(TARGETS[name])]));
  for (const node of document.querySelectorAll(`.${CLASS}`)) if (!want.has(node)) node.classList.remove(CLASS);
  for (const node of want) if (!node.classList.contains(CLASS)) node.classList.add(CLASS);
}
