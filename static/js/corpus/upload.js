// A text file to train on: read in the browser as UTF-8 and sent as the job's corpus.text, the
// same field as a pasted text (POST /api/v1/jobs). Its limit is corpus.text's declared maxLength
// (core/options.py, in the page shell's option table): a file over it, or one that is not UTF-8
// text, is refused here, in the page's language, before anything is sent. The file's name is
// the user's text: said with textContent only.
import { addStrings, getLang, t } from "../i18n.js";
import { option } from "../state.js";
import { el } from "./dom.js";

addStrings({
  en: {
    "corpus.file": "or a text file",
    "corpus.file.open": "Open a text file",
    "corpus.file.read": "{name} · {size} · {chars} characters",
    "corpus.file.not_text": "{name} is not UTF-8 text: open a plain text file (such as .txt or .py)",
    "corpus.file.too_large": "{name} is {size}: a corpus has at most {max} characters",
    "corpus.file.too_long": "{name} has {chars} characters: a corpus has at most {max}",
  },
  ko: {
    "corpus.file": "또는 텍스트 파일",
    "corpus.file.open": "텍스트 파일 열기",
    "corpus.file.read": "{name} · {size} · {chars}자",
    "corpus.file.not_text": "{name}: UTF-8 텍스트가 아닙니다. .txt나 .py 같은 텍스트 파일을 여십시오",
    "corpus.file.too_large": "{name}: {size}입니다. 말뭉치는 최대 {max}자까지 받습니다",
    "corpus.file.too_long": "{name}: {chars}자입니다. 말뭉치는 최대 {max}자까지 받습니다",
  },
});

// UTF-8 spends at most 4 bytes on a code point: a larger file is over the limit, refused unread.
const MOST_BYTES_PER_CHAR = 4;

// `text`: the form's pasted-text box; typing in it after a file was read sends the text instead
// (the last one given is the corpus). Returns {field, corpus, relabel}: `corpus()` is
// {text} while a file is read, else null.
export function fileCorpus(text) {
  const input = el("input", { type: "file", id: "job-file", class: "file-input" });
  const open = el("label", { for: "job-file", class: "file-open", i18n: "corpus.file.open" });
  const said = el("span", { class: "file-said", role: "status" });
  const field = el(
    "div",
    { class: "corpus-field corpus-file" },
    el("span", { i18n: "corpus.file" }),
    el("span", { class: "file-row" }, input, open, said),
  );
  let read = null; // {name, bytes, chars, text} or {name, bytes, chars?, refused: key}

  function say() {
    said.classList.toggle("file-refused", Boolean(read?.refused));
    if (!read) said.textContent = "";
    else said.textContent = t(read.refused ?? "corpus.file.read", words(read));
  }

  input.addEventListener("change", async () => {
    const file = input.files[0];
    read = file ? await readFile(file) : null;
    if (read?.refused) input.value = ""; // nothing of it is sent
    say();
  });
  text.addEventListener("input", () => {
    if (!read || read.refused || !text.value.trim()) return;
    read = null;
    input.value = "";
    say();
  });
  return {
    field,
    corpus: () => (read && !read.refused ? { text: read.text } : null),
    relabel: say,
  };
}

// The file as the job would send it, or why it is refused.
async function readFile(file) {
  const max = option("text", "jobs.corpus").maxLength;
  const shown = { name: file.name, bytes: file.size, max };
  if (file.size > MOST_BYTES_PER_CHAR * max) return { ...shown, refused: "corpus.file.too_large" };
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return { ...shown, refused: "corpus.file.not_text" };
  }
  if (text.includes("\0")) return { ...shown, refused: "corpus.file.not_text" }; // binary, if valid
  const chars = codePoints(text.normalize("NFC")); // as the server counts (core/corpus.py)
  if (chars > max) return { ...shown, chars, refused: "corpus.file.too_long" };
  return { ...shown, chars, text };
}

function codePoints(text) {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) pairs++;
  }
  return text.length - pairs;
}

// The numbers of a line about the file, written as the page's language writes them.
function words(read) {
  const number = (n) => n.toLocaleString(getLang() === "ko" ? "ko-KR" : "en-US");
  const b = read.bytes;
  const size = b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} B`;
  return { name: read.name, size, chars: number(read.chars ?? 0), max: number(read.max) };
}
