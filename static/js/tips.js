// What a hovered element of a diagram is: its value and the equation that produced it, as lines
// of plain text for the tooltip. Reads only values the API sent; computes nothing.
// describe(trace, {kind, t, l, j, gate, v, field}) -> [line] or null; t, j, v are 0-based.
import { fmt, shown } from "./dom.js";
import { cellOf, TEXT_EQ } from "./equations-text.js";
import { t } from "./i18n.js";
import "./views/stage-strings.js";
import { rename } from "./notation.js";

export function describe(trace, d) {
  const cell = cellOf(trace);
  const step = Number(d.t);
  const l = Number(d.l || 0);
  const j = Number(d.j);
  const layer = trace.layers[l];
  const T1 = step + 1; // steps are 1-based on screen
  const lines = [];
  const value = (name, v, eq) => {
    lines.push(t("tip.value", { name, value: fmt(v) }));
    if (eq) lines.push(t("tip.eq", { eq: rename(eq) }));
  };
  switch (d.kind) {
    case "h":
      value(`h_${T1}[${j + 1}]`, layer.h[step][j], TEXT_EQ[cell].h);
      break;
    case "c":
      value(`c_${T1}[${j + 1}]`, layer.c[step][j], TEXT_EQ.lstm.c);
      break;
    case "gate": {
      const g = d.gate;
      const v = g === "a" ? layer.pre.a[step][j] : layer.gates[g][step][j];
      lines.push(t(`gate.${g}`));
      value(`${g}_${T1}[${j + 1}]`, v, TEXT_EQ[cell][g]);
      break;
    }
    case "e":
      value(`e_${T1}[${j + 1}]`, trace.embedded[step][j], TEXT_EQ.common.e);
      break;
    case "x": {
      const k = Number(d.v);
      value(`x_${T1}[${k + 1}] («${shown(trace.vocab[k])}»)`, trace.x[step][k], TEXT_EQ.common.x);
      break;
    }
    case "p": {
      const k = Number(d.v);
      lines.push(t("tip.prob", { tok: shown(trace.vocab[k]), value: fmt(trace.probs[step][k]) }));
      lines.push(t("tip.eq", { eq: rename(TEXT_EQ.common.p) }));
      if (k === trace.targets[step]) lines.push(`L_${T1} = ${fmt(trace.loss[step])}  (${TEXT_EQ.common.loss})`);
      break;
    }
    case "bwd": {
      const field = d.field;
      const v = layer.grad[field]?.[step];
      const eq = field.endsWith("_dc")
        ? TEXT_EQ.common.gradC
        : field === "dL_dh"
          ? TEXT_EQ.common.gradTotal
          : TEXT_EQ.common.gradLast;
      lines.push(`${eq.replaceAll("_t", `_${T1}`)}`);
      lines.push(t("tip.grad", { value: fmt(v) }));
      break;
    }
    case "fwd":
      lines.push(`h_${T1} → ${t("net.layer", { n: l + 1 })}, t = ${step + 2}`);
      lines.push(t("tip.eq", { eq: rename(TEXT_EQ[cell].h) }));
      break;
    case "token":
      lines.push(
        `${t("net.input")}: «${shown(trace.tokens[step])}» → ${t("net.target")}: «${shown(trace.tokens[step + 1])}»`,
      );
      break;
    default:
      return null;
  }
  return lines;
}
