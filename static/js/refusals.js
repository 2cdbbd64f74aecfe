// A refusal in the page's language. Each item of a 422 carries, beside its English `msg`, the
// limit in numbers (`ctx`, README "Bad input"): a declared option's ge, gt, le, lt, min_length,
// max_length or expected, or core's `rule` with its numbers (n, min, max, item, part, ...).
// refusalLine(item) says a known one in the current language; null for any other (the page
// then shows the server's words). api.js errorText is its one caller.
import { addStrings, t } from "./i18n.js";

addStrings({
  en: {
    "refusal.greater_than_equal": "{name}: must be at least {ge}",
    "refusal.greater_than": "{name}: must be greater than {gt}",
    "refusal.less_than_equal": "{name}: must be at most {le}",
    "refusal.less_than": "{name}: must be less than {lt}",
    "refusal.string_too_short": "{name}: needs at least {min_length} characters",
    "refusal.string_too_long": "{name}: takes at most {max_length} characters",
    "refusal.literal_error": "{name}: must be one of {expected}",
    "refusal.integer": "{name}: must be a whole number from {min} to {max}",
    "refusal.number": "{name}: must be a number from {min} to {max}",
    "refusal.number_above": "{name}: must be a number above {min}, up to {max}",
    "refusal.tokens_min": "{name}: needs at least {min} tokens, has {n}",
    "refusal.tokens_max": "{name}: has {n} tokens; the limit is {max}",
    "refusal.vocab_max": "{name}: has {n} distinct tokens; the limit is {max}",
    "refusal.pairs_json": "{name}: must be a JSON array of pairs of two strings",
    "refusal.pairs_count": "{name}: takes {min} to {max} rows, has {n}",
    "refusal.pair_shape": "{name}: row {row} must be two strings",
    "refusal.pair_empty": "{name}: row {row}: the {part} is empty",
    "refusal.pair_chars": "{name}: row {row}: the {part} has {n} characters; the limit is {max}",
    "refusal.pair_control": "{name}: row {row}: the {part} holds a control character",
    "refusal.pairs_chars": "{name}: {n} characters in all; the limit is {max}",
    "refusal.labels_count": "{name}: takes {min} to {max} different labels, has {n}",
    "refusal.label_chars": "{name}: row {row}: a label may not hold < > & \" ' ` or spaces at either end",
    "refusal.item_tokens_min": "{name}: row {row} has no tokens",
    "refusal.item_tokens_max": "{name}: row {row} has {n} tokens; the limit is {max}",
    "refusal.start_token": "{name}: must be one of the model's {n} tokens",
    "refusal.cost":
      "{name}: about {estimate} s of work, over the budget of {budget} s: train fewer steps, or make the model or the text smaller",
    "refusal.recall_cost":
      "{name}: about {estimate} s of work, over the budget of {budget} s: fewer steps, a smaller batch or hidden size, or fewer distractors",
    "refusal.part.text": "sentence",
    "refusal.part.source": "source",
    "refusal.part.label": "label",
    "refusal.part.target": "target",
  },
  ko: {
    "refusal.greater_than_equal": "{name}: {ge} 이상이어야 합니다",
    "refusal.greater_than": "{name}: {gt}보다 커야 합니다",
    "refusal.less_than_equal": "{name}: {le} 이하여야 합니다",
    "refusal.less_than": "{name}: {lt}보다 작아야 합니다",
    "refusal.string_too_short": "{name}: {min_length}자 이상이어야 합니다",
    "refusal.string_too_long": "{name}: {max_length}자 이하여야 합니다",
    "refusal.literal_error": "{name}: {expected} 중 하나여야 합니다",
    "refusal.integer": "{name}: {min}부터 {max}까지의 정수여야 합니다",
    "refusal.number": "{name}: {min}부터 {max}까지의 수여야 합니다",
    "refusal.number_above": "{name}: {min}보다 크고 {max} 이하인 수여야 합니다",
    "refusal.tokens_min": "{name}: 토큰이 {min}개 이상 있어야 합니다 (지금 {n}개)",
    "refusal.tokens_max": "{name}: 토큰이 {n}개입니다. 최대 {max}개까지 받습니다",
    "refusal.vocab_max": "{name}: 서로 다른 토큰이 {n}개입니다. 최대 {max}개까지 받습니다",
    "refusal.pairs_json": "{name}: 문자열 두 개로 된 쌍의 JSON 배열이어야 합니다",
    "refusal.pairs_count": "{name}: {min}행에서 {max}행까지 받습니다 (지금 {n}행)",
    "refusal.pair_shape": "{name}: {row}행은 문자열 두 개여야 합니다",
    "refusal.pair_empty": "{name}: {row}행의 {part} 칸이 비어 있습니다",
    "refusal.pair_chars": "{name}: {row}행의 {part} 칸이 {n}자입니다. 최대 {max}자까지 받습니다",
    "refusal.pair_control": "{name}: {row}행의 {part} 칸에 제어 문자가 있습니다",
    "refusal.pairs_chars": "{name}: 모두 {n}자입니다. 최대 {max}자까지 받습니다",
    "refusal.labels_count": "{name}: 서로 다른 레이블이 {min}개에서 {max}개까지여야 합니다 (지금 {n}개)",
    "refusal.label_chars": "{name}: {row}행의 레이블에는 < > & \" ' ` 문자나 앞뒤 공백을 쓸 수 없습니다",
    "refusal.item_tokens_min": "{name}: {row}행에 토큰이 없습니다",
    "refusal.item_tokens_max": "{name}: {row}행의 토큰이 {n}개입니다. 최대 {max}개까지 받습니다",
    "refusal.start_token": "{name}: 모델의 토큰 {n}개 가운데 하나여야 합니다",
    "refusal.cost":
      "{name}: 예상 작업 시간이 약 {estimate}초로 한도 {budget}초를 넘습니다. 학습 횟수를 줄이거나 모델이나 텍스트를 줄이십시오",
    "refusal.recall_cost":
      "{name}: 예상 작업 시간이 약 {estimate}초로 한도 {budget}초를 넘습니다. 학습 횟수, 배치, 은닉 유닛 수나 방해 글자 수를 줄이십시오",
    "refusal.part.text": "문장",
    "refusal.part.source": "입력",
    "refusal.part.label": "레이블",
    "refusal.part.target": "정답",
  },
});

// The limits a refusal may name, as the server sends them (server/errors.py LIMIT_CTX).
const LIMIT_TYPES = new Set([
  "greater_than_equal",
  "greater_than",
  "less_than_equal",
  "less_than",
  "string_too_short",
  "string_too_long",
  "literal_error",
]);

export function refusalLine(item) {
  const ctx = item?.ctx;
  const kind = ctx?.rule ?? (LIMIT_TYPES.has(item?.type) ? item.type : null);
  if (!kind) return null;
  const key = `refusal.${kind}`;
  const name = String((item.loc || []).at(-1) ?? "");
  const part = ctx.part === "text" && name === "pairs" ? "source" : ctx.part;
  const args = { ...ctx, name, row: Number.isInteger(ctx.item) ? ctx.item + 1 : "" };
  if (part) args.part = t(`refusal.part.${part}`);
  const text = t(key, args);
  return text === key ? null : text;
}
