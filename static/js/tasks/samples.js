// Sample sets for the tasks page, written for rnnscope: short movie reviews (classification,
// word tokens) and pairs a lecturer can type (sequence to sequence), in Korean and English;
// the pairs' sets also include two in Korean only (reversal, antonyms). A set's name is its
// `set=` in the URL (the page's language picks `en` or `ko` when unset).
// Lengths differ on purpose, so that the batch needs padding.
export const REVIEWS = {
  en: [
    ["a wonderful film", "pos"],
    ["i loved every minute of it", "pos"],
    ["great acting", "pos"],
    ["the story was moving and fun", "pos"],
    ["boring", "neg"],
    ["i want my money back", "neg"],
    ["the plot was dull and slow", "neg"],
    ["terrible acting", "neg"],
  ],
  ko: [
    ["정말 재미있는 영화", "긍정"],
    ["배우들의 연기가 최고였다", "긍정"],
    ["감동적인 이야기", "긍정"],
    ["다시 보고 싶은 영화", "긍정"],
    ["지루했다", "부정"],
    ["시간이 아까운 영화", "부정"],
    ["줄거리가 너무 뻔하고 지루하다", "부정"],
    ["연기가 별로였다", "부정"],
  ],
};

export const PAIRS = {
  en: [
    ["cat", "tac"],
    ["dog", "god"],
    ["star", "rats"],
    ["loop", "pool"],
    ["time", "emit"],
  ],
  ko: [
    ["사과", "apple"],
    ["고양이", "cat"],
    ["개", "dog"],
    ["하늘", "sky"],
    ["바다", "sea"],
  ],
  // Korean only: syllables reversed (a character model reads one syllable a token), and antonyms
  "ko-rev": [
    ["사과", "과사"],
    ["고양이", "이양고"],
    ["하늘", "늘하"],
    ["바다", "다바"],
    ["토마토", "토마토"],
    ["나무", "무나"],
  ],
  "ko-ant": [
    ["크다", "작다"],
    ["높다", "낮다"],
    ["길다", "짧다"],
    ["밝다", "어둡다"],
    ["뜨겁다", "차갑다"],
    ["빠르다", "느리다"],
  ],
};
