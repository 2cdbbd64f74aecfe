// A refusal in the page's language. Each item of a 422 carries, beside its English `msg`, the
// limit in numbers (`ctx`, README "Bad input"): a declared option's ge, gt, le, lt, min_length,
// max_length or expected, or core's `rule` with its numbers (n, min, max, item, part, ...).
// refusalLine(item) says a known one in the current language; null for any other (the page
// then shows the server's words). api.js errorText is its one caller.
import { addStrings, t } from "./i18n.js";
import "./upload-refusals.js"; // the lines of a model upload's refusals

addStrings({
  en: {
    "refusal.greater_than_equal": "{name}: must be at least {ge}",
    "refusal.greater_than": "{name}: must be greater than {gt}",
    "refusal.less_than_equal": "{name}: must be at most {le}",
    "refusal.less_than": "{name}: must be less than {lt}",
    "refusal.string_too_short": "{name}: needs at least {min_length} characters",
    "refusal.string_too_long": "{name}: takes at most {max_length} characters",
    "refusal.literal_error": "{name}: must be {expected}",
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
    "refusal.builtin_unknown":
      "{name}: must name a module of Python's standard library, such as argparse, json or textwrap (or json.decoder)",
    "refusal.builtin_source": "{name}: {module} has no Python source here; try argparse",
    "refusal.corpus_chars": "{name}: has {n} characters; a corpus takes {min} to {max}",
    "refusal.corpus_vocab": "{name}: has {n} different characters; the limit is {max}",
    "refusal.corpus_surrogates": "{name}: holds broken characters (not UTF-8)",
    "refusal.corpus_bytes": "{name}: {n} bytes is too large; a corpus has at most {max} characters",
    "refusal.corpus_unknown": "{name}: the model's vocabulary lacks {n} of its characters: {tokens}",
    "refusal.init_unknown": "{name}: no stored model has this id",
    "refusal.init_tokens": "{name}: the model reads words; a training job trains a character model",
    "refusal.init_size": "{name}: the model's {what} is {n}; a training job takes at most {max}",
    "refusal.init_conflict": "{name}: must be the model's own ({model}), or left out",
    "refusal.keep_val":
      "{name}: keeping the lowest validation loss needs a validation text; val_fraction leaves {n} characters",
    "refusal.train_chars":
      "{name}: {batch} streams of {seq_len} characters need {need} characters of training text; this corpus has {n} for training: at most {max} streams",
    "refusal.val_chars":
      "{name}: the validation part would hold {n} characters; a check needs at least 2 (0: no validation)",
    "refusal.admin_token": "{name}: writing needs the admin token (RNNSCOPE_ADMIN_TOKEN)",
    "refusal.loopback":
      "{name}: without an admin token (RNNSCOPE_ADMIN_TOKEN), only the computer the server runs on may upload, train or delete",
    "refusal.store_file_bytes": "{name}: the model's weights take {n} bytes; a stored model may take at most {max}",
    "refusal.store_models": "{name}: the store already holds {n} models, its limit: delete one first",
    "refusal.store_bytes":
      "{name}: the store holds {n} of its {max} bytes and this model needs {need} more: delete a model first",
    "refusal.file_bytes": "{name}: the upload has {n} bytes; the limit is {max}",
    "refusal.file_over": "{name}: the file is over the limit of {max} bytes",
    "refusal.name": "{name}: 1 to {max} printable characters",
    "refusal.units_text_chars": "{name}: takes 1 to {max} characters",
    "refusal.units_vocab": "{name}: the model's vocabulary lacks {n} of its tokens: {tokens}",
    "refusal.model_vocab": "{name}: the vocabulary of model {model} ({id}) lacks {n} of its tokens: {tokens}",
    "refusal.pattern_marks_none": "{name}: marks no token of the text: nothing to tell apart",
    "refusal.pattern_marks_all": "{name}: marks every token of the text: nothing to tell apart",
    "refusal.unit_name":
      "{name}: must be layer:kind:unit with layer below {layers}, kind one of {kinds} and unit below {hidden} (such as {example})",
    "refusal.pattern_chars": "{name}: must be a regular expression of 1 to {max} characters",
    "refusal.pattern_slow":
      "{name}: took longer than {seconds} s on this text and was stopped; a nested repetition such as (a+)+ can take exponential time: write it without one",
    "refusal.pattern_memory": "{name}: needs more memory than a pattern may have on this text",
    "refusal.pattern_invalid": "{name}: not a valid regular expression ({why})",
    "refusal.checkpoint_format":
      "{name}: not a format rnnscope reads: safetensors, .npz, .pt/.pth (torch.save), .weights.h5 or .keras (Keras 3)",
    "refusal.vocab_required":
      "{name}: the file holds no vocabulary: give its {n} tokens in row order (a JSON list or a string of characters)",
    "refusal.list_unknown": "{name}: must be one or more of {expected}, separated by commas",
    "refusal.list_twice": "{name}: each value at most once",
    "refusal.control_character":
      "{name}: holds a control character (a tab, a line break) or a broken one: type it without",
    "refusal.corpus_one": "{name}: give exactly one of a Python module (builtin) and your own text (text)",
    "refusal.or": "or",
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
    "refusal.builtin_unknown":
      "{name}: argparse, json.decoder, textwrap처럼 파이썬 표준 라이브러리의 모듈 이름이어야 합니다",
    "refusal.builtin_source": "{name}: {module} 모듈은 이 서버에 파이썬 소스가 없습니다. argparse를 써 보십시오",
    "refusal.corpus_chars": "{name}: {n}자입니다. 말뭉치는 {min}자에서 {max}자까지 받습니다",
    "refusal.corpus_vocab": "{name}: 서로 다른 문자가 {n}개입니다. 최대 {max}개까지 받습니다",
    "refusal.corpus_surrogates": "{name}: 깨진 문자가 있습니다 (UTF-8이 아님)",
    "refusal.corpus_bytes": "{name}: {n}바이트로 너무 큽니다. 말뭉치는 최대 {max}자까지 받습니다",
    "refusal.corpus_unknown": "{name}: 모델의 어휘에 없는 문자가 {n}개 있습니다: {tokens}",
    "refusal.init_unknown": "{name}: 이 id의 저장된 모델이 없습니다",
    "refusal.init_tokens": "{name}: 이 모델은 단어 단위로 읽습니다. 학습 작업은 문자 단위 모델만 학습합니다",
    "refusal.init_size": "{name}: 모델의 {what}가 {n}입니다. 학습 작업은 최대 {max}까지 받습니다",
    "refusal.init_conflict": "{name}: 모델의 값({model})이어야 합니다. 아니면 비워 두십시오",
    "refusal.keep_val":
      "{name}: 검증 손실이 가장 낮은 가중치를 고르려면 검증 텍스트가 필요합니다. val_fraction으로 남는 문자가 {n}자입니다",
    "refusal.train_chars":
      "{name}: {seq_len}자씩 {batch}개의 흐름에는 학습 텍스트 {need}자가 필요합니다. 이 말뭉치에서 학습에 쓰는 부분은 {n}자이므로 흐름은 최대 {max}개입니다",
    "refusal.val_chars": "{name}: 검증 부분이 {n}자뿐입니다. 검증에는 최소 2자가 필요합니다 (0이면 검증하지 않음)",
    "refusal.admin_token": "{name}: 쓰기에는 관리자 토큰(RNNSCOPE_ADMIN_TOKEN)이 필요합니다",
    "refusal.loopback":
      "{name}: 관리자 토큰(RNNSCOPE_ADMIN_TOKEN)이 없으면 서버가 실행 중인 컴퓨터에서만 업로드, 학습, 삭제를 할 수 있습니다",
    "refusal.store_file_bytes": "{name}: 모델 가중치가 {n}바이트입니다. 저장하는 모델은 최대 {max}바이트까지 받습니다",
    "refusal.store_models": "{name}: 저장소에 모델이 이미 {n}개로 한도입니다. 먼저 하나를 삭제하십시오",
    "refusal.store_bytes":
      "{name}: 저장소가 {max}바이트 중 {n}바이트를 쓰고 있고 이 모델은 {need}바이트가 더 필요합니다. 먼저 모델을 삭제하십시오",
    "refusal.file_bytes": "{name}: 업로드가 {n}바이트입니다. 최대 {max}바이트까지 받습니다",
    "refusal.file_over": "{name}: 파일이 최대 {max}바이트를 넘습니다",
    "refusal.name": "{name}: 인쇄 가능한 문자 1자에서 {max}자까지여야 합니다",
    "refusal.units_text_chars": "{name}: 1자에서 {max}자까지 받습니다",
    "refusal.units_vocab": "{name}: 모델의 어휘에 없는 토큰이 {n}개 있습니다: {tokens}",
    "refusal.model_vocab": "{name}: 모델 {model} ({id})의 어휘에 없는 토큰이 {n}개 있습니다: {tokens}",
    "refusal.pattern_marks_none": "{name}: 텍스트에서 표시한 토큰이 없어 구별할 것이 없습니다",
    "refusal.pattern_marks_all": "{name}: 텍스트의 모든 토큰을 표시해 구별할 것이 없습니다",
    "refusal.unit_name":
      "{name}: 층:종류:유닛 형식이어야 합니다. 층은 {layers}보다 작고, 종류는 {kinds} 중 하나, 유닛은 {hidden}보다 작아야 합니다 (예: {example})",
    "refusal.pattern_chars": "{name}: 1자에서 {max}자까지의 정규 표현식이어야 합니다",
    "refusal.pattern_slow":
      "{name}: 이 텍스트에서 {seconds}초를 넘겨 중단했습니다. (a+)+ 같은 중첩 반복은 시간이 지수적으로 늘 수 있으니 중첩 없이 써 보십시오",
    "refusal.pattern_memory": "{name}: 이 텍스트에서 패턴에 허용된 것보다 많은 메모리가 필요합니다",
    "refusal.pattern_invalid": "{name}: 올바른 정규 표현식이 아닙니다 ({why})",
    "refusal.checkpoint_format":
      "{name}: rnnscope가 읽는 형식이 아닙니다. safetensors, .npz, .pt/.pth (torch.save), .weights.h5, .keras (Keras 3) 파일을 올리십시오",
    "refusal.vocab_required":
      "{name}: 파일에 어휘가 없습니다. 토큰 {n}개를 행 순서대로 보내십시오 (JSON 목록이나 문자들을 이은 문자열)",
    "refusal.list_unknown": "{name}: {expected} 가운데 하나 이상을 쉼표로 나누어 적어야 합니다",
    "refusal.list_twice": "{name}: 같은 값은 한 번만 쓸 수 있습니다",
    "refusal.control_character":
      "{name}: 탭이나 줄바꿈 같은 제어 문자나 깨진 문자가 들어 있습니다. 그런 문자 없이 입력하십시오",
    "refusal.corpus_one": "{name}: 파이썬 모듈(builtin)과 직접 입력한 텍스트(text) 가운데 정확히 하나만 보내야 합니다",
    "refusal.or": "또는",
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

// `label(field)`, when given, names the field as the page labels it (the corpus page: its form's
// label with the API's name); else the API's name.
export function refusalLine(item, label = null) {
  const ctx = item?.ctx;
  const kind = ctx?.rule ?? (LIMIT_TYPES.has(item?.type) ? item.type : null);
  if (!kind) return null;
  const key = `refusal.${kind}`;
  const field = String((item.loc || []).at(-1) ?? "");
  const name = label ? label(field) : field;
  const part = ctx.part === "text" && field === "pairs" ? "source" : ctx.part;
  const args = { ...ctx, name, row: Number.isInteger(ctx.item) ? ctx.item + 1 : "" };
  if (kind === "literal_error" || kind === "list_unknown") args.expected = choices(ctx.expected);
  if (part) args.part = t(`refusal.part.${part}`);
  if (ctx.what) args.what = t(`refusal.what.${ctx.what}`);
  const text = t(key, args);
  return text === key ? null : text;
}

// pydantic's `expected` ("'rnn', 'lstm' or 'gru'"): the choices, joined as the page's language
// joins them ("rnn, lstm or gru"; "rnn, lstm 또는 gru").
export function choices(expected) {
  const text = String(expected ?? "");
  const quoted = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  const items = quoted.length ? quoted : text.split(/, | or /);
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${t("refusal.or")} ${items.at(-1)}`;
}
