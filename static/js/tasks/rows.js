// The editable table of the tasks page: [sentence, label] (classify) or [source, target]
// (seq2seq) rows. Typing changes the data only on composed text (an IME's syllables in progress
// are not sent); each change calls onChange(rows) after a short pause. It offers only what the
// server takes (core/limits.py): at most MAX_EXAMPLES rows, `widths()` characters per field.
import { el } from "../corpus/dom.js";
import { t } from "../i18n.js";
import { LIMITS } from "../state.js";

const PAUSE_MS = 500;

// widths() -> [characters of the first field, of the second] for the current mode
export function mountRows(table, addButton, onChange, widths) {
  const body = table.tBodies[0];
  let timer = 0;
  const full = () => {
    addButton.disabled = body.rows.length >= LIMITS.MAX_EXAMPLES;
    addButton.title = addButton.disabled ? t("tasks.full", { max: LIMITS.MAX_EXAMPLES }) : "";
  };

  function read() {
    return [...body.rows].map((tr) =>
      [...tr.querySelectorAll(".t-a, .t-b")].map((i) => i.value.replace(/\s*\n\s*/g, " ").normalize("NFC")),
    );
  }

  function changed(now = false) {
    clearTimeout(timer);
    if (now) onChange(read());
    else timer = setTimeout(() => onChange(read()), PAUSE_MS);
  }

  function row(pair) {
    const inputs = pair.map((value, k) => {
      // the sentence (source) wraps, so the room reads it whole however narrow the column;
      // it stays one line of text: Enter adds no line break
      const input = k
        ? el("input", { type: "text", class: "t-b", spellcheck: "false" })
        : el("textarea", { class: "t-a", rows: "1", spellcheck: "false" });
      if (!k) input.addEventListener("keydown", (e) => e.key === "Enter" && e.preventDefault());
      input.maxLength = widths()[k];
      input.value = value;
      input.addEventListener("input", (e) => {
        if (!e.isComposing) changed();
      });
      // a change typed just before (still waiting out its pause) is not read half-composed:
      // compositionend takes it up with the composed text
      input.addEventListener("compositionstart", () => clearTimeout(timer));
      input.addEventListener("compositionend", () => changed());
      return input;
    });
    const remove = el("button", { type: "button", class: "t-remove", "data-i18n-title": "tasks.remove", text: "×" });
    remove.title = t("tasks.remove");
    remove.setAttribute("aria-label", t("tasks.remove"));
    remove.addEventListener("click", () => {
      remove.closest("tr").remove();
      full();
      changed(true);
    });
    return el("tr", {}, ...inputs.map((i) => el("td", {}, i)), el("td", {}, remove));
  }

  addButton.addEventListener("click", () => {
    if (body.rows.length >= LIMITS.MAX_EXAMPLES) return;
    const tr = row(["", ""]);
    body.append(tr);
    full();
    tr.querySelector(".t-a").focus();
  });

  return {
    set(pairs) {
      body.replaceChildren(...pairs.map(row));
      full();
    },
    read,
  };
}
