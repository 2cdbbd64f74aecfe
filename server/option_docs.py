"""The options tables of README.md and docs/trace-format.md, written from core/options.py.

    python -m rnnscope.server.option_docs          # rewrite the tables between their markers
    python -m rnnscope.server.option_docs --check  # exit 1 when a table is out of date (tests)

A table sits between `<!-- options: NAME -->` and `<!-- /options -->`; NAME is a key of TABLES.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from rnnscope.core.option import Option, num
from rnnscope.core.options import OPTIONS, for_endpoint

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", ROOT / "docs" / "trace-format.md", ROOT / "docs" / "tasks-format.md"]
BLOCK = re.compile(r"(<!-- options: ([a-z_-]+) -->\n)(.*?)(<!-- /options -->)", re.S)


def type_name(o: Option) -> str:
    name = {"list": "str (comma-separated)"}.get(o.type, o.type)
    return f"{name} or None" if o.nullable else name


def default(o: Option) -> str:
    if o.required:
        return "required"
    if o.default is None:
        return "None"
    if isinstance(o.default, str):
        return f"`{o.default}`" if o.default else '`""`'
    return str(o.default)


def limits(o: Option) -> str:
    """`1 .. 256`, `(0, 100]`, `rnn`, `lstm`, `gru`, `2 .. 4096 code points`."""
    if o.values is not None:
        items = ", ".join(f"`{v}`" for v in o.values)
        return f"subset of {items}" if o.type == "list" else items
    if o.type in ("int", "float"):
        if o.type == "int" and o.gt is None:
            return f"{num(o.ge or 0)} .. {num(o.le or 0)}"
        return o.bounds().removeprefix("in ")
    if o.min_length is not None or o.max_length is not None:
        return f"{o.min_length or 0} .. {o.max_length} code points"
    return ""


def rows(
    options: list[Option],
    first: Callable[[Option], list[str]] | None = None,
    name: Callable[[Option], str] = lambda o: o.name,
) -> str:
    head = ["name", "type", "default", "range / values", "meaning"]
    extra = ["endpoint"] if first else []
    lines = ["| " + " | ".join(extra + head) + " |", "|" + " --- |" * len(extra + head)]
    for o in options:
        cells = [f"`{name(o)}`", type_name(o), default(o), limits(o), o.meaning.replace("|", "\\|")]
        lines.append("| " + " | ".join((first(o) if first else []) + cells) + " |")
    return "\n".join(lines) + "\n"


def trace_table() -> str:
    """core.trace's keyword arguments: the query parameters of /api/v1/trace."""
    return rows(list(for_endpoint("trace")))


def other_table() -> str:
    """What the other endpoints take besides (or instead of) the trace's options."""
    others = [o for o in OPTIONS if "trace" not in o.endpoints and not _job(o)]
    shared = ", ".join(f"`{o.name}`" for o in for_endpoint("trace") if "classify" in o.endpoints)
    return rows(others, lambda o: [", ".join(f"`{e}`" for e in o.endpoints)]) + (
        "\n`compare` and `sample` also take every option of `trace` above (`compare` takes "
        f"`cells` instead of `cell`); `classify` and `seq2seq` take {shared} of them "
        "([docs/tasks-format.md](docs/tasks-format.md)).\n"
    )


def tasks_table() -> str:
    """Everything /api/v1/classify and /api/v1/seq2seq take, the shared options included."""
    tasks = ("classify", "seq2seq")
    options = [o for o in OPTIONS if set(tasks) & set(o.endpoints)]
    return rows(options, lambda o: [", ".join(f"`{e}`" for e in tasks if e in o.endpoints)])


def _job(o: Option) -> bool:
    return any(e.split(".")[0] == "jobs" for e in o.endpoints)


def jobs_table() -> str:
    """The JSON body of POST /api/v1/jobs; `corpus` is an object with one of its two fields."""
    return rows([o for o in OPTIONS if _job(o)], name=lambda o: ".".join(
        [*o.endpoints[0].split(".")[1:], o.name]))  # fmt: skip


TABLES: dict[str, Callable[[], str]] = {
    "trace": trace_table,
    "others": other_table,
    "tasks": tasks_table,
    "jobs": jobs_table,
}


def render(text: str) -> str:
    """`text` with every marked table replaced by its current rendering."""

    def table(m: re.Match[str]) -> str:
        name = m.group(2)
        if name not in TABLES:
            raise KeyError(f"unknown options table {name!r} (known: {', '.join(TABLES)})")
        return m.group(1) + TABLES[name]() + m.group(4)

    return BLOCK.sub(table, text)


def main(argv: list[str]) -> int:
    stale = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if new != text:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    verb = "out of date" if "--check" in argv else "rewritten"
    for path in stale:
        print(f"{path.relative_to(ROOT)}: options table {verb}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
