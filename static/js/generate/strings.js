// Labels of the generation panel (generate/panel.js), added to the page's table by addStrings (a
// key defined twice throws) when the panel first loads; its toolbar button and key (`ui.gen`,
// `help.g`) are drawn before that, so they are in strings.js. Korean in the 합니다 register,
// terms as docs/lessons.md's table.
import { addStrings } from "../i18n.js";

addStrings({
  en: {
    "gen.title": "Generation: the model writes, one token at a time",
    "gen.start": "Start token",
    "gen.start.first": "{token} (first token)",
    "gen.temperature": "Temperature",
    "gen.length": "Length",
    "gen.sample_seed": "Sampling seed",
    "gen.again": "Draw again",
    "gen.follows": "The model the page shows: {model}.",
    "gen.model.trained": "{cell}, {hidden} units, seed {seed}, trained {steps} steps on the text",
    "gen.model.untrained": "{cell}, {hidden} units, seed {seed}, untrained (its weights as initialised)",
    "gen.model.stored": "stored model {name} ({cell}, {hidden} units)",
    "gen.cells.follows": "One sample per cell of the comparison, from the same start, temperature and seed: {model}.",
    "gen.cells.logp": "The typed text: log P({text} | {first}) = {logp}, P = {p}",
    "gen.cells.open": "Look at {cell} alone",
    "gen.loading": "Sampling…",
    "gen.error": "The server refused: {msg}",
    "gen.offline": "The server does not answer; try again in a moment.",
    "gen.chain": "P(text) as a chain of conditional probabilities",
    "gen.chain.hint":
      "Each factor is the softmax of one time step at the token that comes next; the first token is given. The outlined row is the factor the model least expected.",
    "gen.factor": "factor",
    "gen.total": "log P({text} | {first}) = sum of the {steps} log-probabilities = {logp}, so P = {p}",
    "gen.sample": "Sampling, one token at a time",
    "gen.sample.hint":
      "From “{start}” at temperature {temp}: each box is one step's distribution (the five most likely tokens) and the token drawn from it, which becomes the next input.",
  },
  ko: {
    "gen.title": "텍스트 생성: 모델이 한 토큰씩 씁니다",
    "gen.start": "시작 토큰",
    "gen.start.first": "{token} (첫 토큰)",
    "gen.temperature": "온도",
    "gen.length": "길이",
    "gen.sample_seed": "샘플링 시드",
    "gen.again": "다시 뽑기",
    "gen.follows": "화면에 보이는 모델: {model}",
    "gen.model.trained": "{cell}, 은닉 유닛 {hidden}개, 시드 {seed}, 텍스트로 {steps}스텝 학습했습니다",
    "gen.model.untrained": "{cell}, 은닉 유닛 {hidden}개, 시드 {seed}, 학습하지 않았습니다 (초기화한 가중치 그대로)",
    "gen.model.stored": "저장된 모델 {name} ({cell}, 은닉 유닛 {hidden}개)",
    "gen.cells.follows": "비교하는 셀마다 같은 시작 토큰, 온도, 샘플링 시드로 샘플링합니다: {model}",
    "gen.cells.logp": "입력한 텍스트: log P({text} | {first}) = {logp}, P = {p}",
    "gen.cells.open": "{cell}만 자세히 보기",
    "gen.loading": "샘플링하는 중입니다…",
    "gen.error": "서버가 요청을 거절했습니다: {msg}",
    "gen.offline": "서버가 응답하지 않습니다. 잠시 후 다시 시도하십시오.",
    "gen.chain": "조건부 확률의 곱으로 본 P(텍스트)",
    "gen.chain.hint":
      "각 인수는 한 타임스텝의 소프트맥스에서 다음에 오는 토큰의 확률입니다. 첫 토큰은 주어집니다. 테두리를 친 행은 모델이 가장 예상하지 못한 인수입니다.",
    "gen.factor": "인수",
    "gen.total": "log P({text} | {first}) = 로그 확률 {steps}개의 합 = {logp}, 따라서 P = {p}",
    "gen.sample": "한 토큰씩 샘플링하기",
    "gen.sample.hint":
      "“{start}”에서 온도 {temp}로 시작합니다. 상자 하나가 한 타임스텝의 확률 분포(가장 높은 다섯 토큰)와 거기서 뽑은 토큰이며, 뽑은 토큰이 다음 입력이 됩니다.",
  },
});
