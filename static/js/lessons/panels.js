// The live panel of each scene, by the name scenes.js gives it. A panel module exports
// create<Name>(root) -> {update({state, traces})}: `traces` is the page's answer for this very
// state ({cell: trace}) or null while it is on its way. Panels fetch anything else themselves.
import { createBptt } from "./panel-bptt.js";
import { createClipping } from "./panel-clipping.js";
import { createEncoding } from "./panel-encoding.js";
import { createLstm } from "./panel-lstm.js";
import { createParams } from "./panel-params.js";
import { createRecall } from "./panel-recall.js";
import { createSharing } from "./panel-sharing.js";
import { createStacked } from "./panel-stacked.js";
import { createTasks } from "./panel-tasks.js";
import { createTruncation } from "./panel-truncation.js";
import { createVanish } from "./panel-vanish.js";
import { createFixes } from "./panel-fixes.js";
import { createEcho } from "./panel-echo.js";
import { createChunks } from "./panel-chunks.js";
import { createSteps } from "./panel-steps.js";
import { createPadding } from "./panel-padding.js";
import { createBidir } from "./panel-bidir.js";

const PANELS = {
  encoding: createEncoding,
  sharing: createSharing,
  tasks: createTasks,
  bptt: createBptt,
  vanish: createVanish,
  clipping: createClipping,
  truncation: createTruncation,
  lstm: createLstm,
  params: createParams,
  recall: createRecall,
  stacked: createStacked,
  fixes: createFixes,
  echo: createEcho,
  chunks: createChunks,
  steps: createSteps,
  padding: createPadding,
  bidir: createBidir,
};

export function createPanel(name, root) {
  root.dataset.panel = name;
  return PANELS[name](root);
}
