// Geometry of the unrolled network (diagram units; the SVG scales to its box). Top to bottom:
// prediction, softmax bars, then per layer (top layer first) the hidden row h, the LSTM
// cell-state belt and the cell box with its gates, then the one-hot input and the token.
import { cellOf } from "../equations-text.js";
import { SQ_PER_ROW, squareGeometry, textEms } from "./network-parts.js";

const PAD = 14; // between a column's edge and its cell box: room for the recurrent arrows
// A column is as narrow as what it holds allows, so that more steps are in sight: value squares
// of SQUARE units (larger when the column is wider for another reason), beside them in a cell
// box the gate's name and the margins (BOX_EDGE), a one-hot of up to DIGITS_UP_TO entries with
// its digits (boxes of 20: 14-unit digits), and the longest token at the legible size.
const SQUARE = 15;
const BOX_EDGE = 35;
const DIGITS_UP_TO = 10;
const LABEL_W = 128; // left column of row names
// A phone draws the network at its natural size (diagram.css) and shows 370 px of it, 242 beside
// the pinned row labels once scrolled (218 within net-scroll.js's margins): a row of 16 squares
// made a column of 303, cut whatever the scroll. There a row holds PHONE_ROW squares (H = 16:
// two rows of 8, a column of 183), at the same legible size.
const PHONE_ROW = 8;
// Past this many value squares in one network (T = H = 16 LSTM: 1,536), each step's squares
// are one image (network-sprite.js) instead of an SVG rect per value, and each step's bars and
// one-hot boxes one path (network-parts.js): at T = H = 32 the 10,000 elements took most of a
// keystroke's work to build, style, lay out and paint; at T = H = 256, seconds.
export const RASTER_ABOVE = 1024;
// The network is drawn at its natural size (one diagram unit a CSS pixel) or larger, never
// smaller, in every mode (diagram.css): a long one scrolls sideways inside its box instead of
// shrinking. Its texts are LEAST_FONT units or more (diagram.css), input tokens LEAST_TOKEN or
// more, so on screen too; a label that would be smaller is left out (the tooltip names it).
export const LEAST_FONT = 14;
export const LEAST_TOKEN = 24;
export const ONEHOT_EDGE = 16; // the one-hot boxes take the column's width but this

// `phone`: the network is on a phone (phone.js), PHONE_ROW squares a row.
export function layout(trace, phone = false) {
  const T = trace.targets.length;
  const cell = cellOf(trace);
  const H = trace.layers[0].h[0].length;
  const nGates = cell === "rnn" ? 1 : Object.keys(trace.layers[0].gates).length;
  const E = trace.embedded ? trace.embedded[0].length : 0;
  const count = T * (trace.layers.length * H * (1 + nGates + (cell === "lstm")) + E);
  const raster = count > RASTER_ABOVE;
  const V = trace.vocab.length;
  const perRow = phone ? PHONE_ROW : SQ_PER_ROW;
  let colW = Math.max(160, Math.min(H, perRow) * SQUARE + 2 * PAD + BOX_EDGE);
  if (V <= DIGITS_UP_TO) colW = Math.max(colW, V * 20 + ONEHOT_EDGE);
  // a column wide enough for its longest token and prediction at the legible size
  const longest = Math.max(...[...trace.tokens, ...trace.predicted].map((tok) => textEms(`${tok} ✓`)));
  colW = Math.max(colW, Math.ceil(longest * LEAST_TOKEN + 16));
  const geo = squareGeometry(H, colW - 2 * PAD - BOX_EDGE + 20, raster, perRow); // (squareGeometry keeps 20 aside)
  const eGeo = E ? squareGeometry(E, colW - 2 * PAD, raster, perRow) : null;
  const labels = [];
  const y = { pred: 6, soft: 62, layers: [] }; // room for the prediction (26 px) and its target (15 px) above the bars
  const softH = 48;
  labels.push(["net.pred", y.pred + 28]);
  labels.push(["net.output", y.soft + softH - 6]);
  let cur = y.soft + softH + 40;
  const boxH = 22 + nGates * (geo.height + 4);
  for (let l = trace.layers.length - 1; l >= 0; l -= 1) {
    const ly = { h: cur };
    const many = trace.layers.length > 1;
    labels.push([many ? "net.hidden.n" : "net.hidden", cur + geo.height - 2, { n: l + 1 }]);
    cur += geo.height + 30;
    if (cell === "lstm") {
      ly.belt = cur;
      labels.push([many ? "net.cell.n" : "net.cell", cur + geo.height + 2, { n: l + 1 }]);
      cur += geo.height + 12 + 14;
    }
    ly.box = cur;
    labels.push([many ? "net.layer" : "net.box", cur + boxH / 2 + 5, { n: l + 1 }]);
    cur += boxH + (l > 0 ? 34 : 28);
    y.layers[l] = ly;
  }
  y.outArrow = [y.layers[trace.layers.length - 1].h - 3, y.soft + softH + 4];
  y.inArrowTop = y.layers[0].box + boxH + 3;
  if (trace.embedded) {
    // a learned embedding: the row of E values that x_t picks, between x_t and the cell
    y.embed = cur - 6;
    labels.push(["net.embedded", cur + eGeo.height - 6]);
    cur += eGeo.height + 18;
  }
  y.onehot = cur;
  labels.push(["net.onehot", cur + 16]);
  cur += 28;
  y.token = cur;
  labels.push(["net.input", cur + 26]);
  cur += 42;
  return {
    T,
    H,
    cell,
    colW,
    geo,
    eGeo,
    y,
    softH,
    labels,
    boxH,
    raster,
    pad: PAD,
    x0: LABEL_W,
    width: LABEL_W + T * colW + 6,
    height: cur,
    sqX: (x) => x + colW - PAD - 8 - geo.width,
  };
}
