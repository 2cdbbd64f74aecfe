"""One self-contained HTML file of the page for one state (`rnnscope.snapshot`).

The page is plain ES modules that import each other by relative paths. In one file they
become `data:` URLs in an import map, under bare names (`rnnscope/js/state.js`), since a
`data:` module cannot resolve `./state.js`. The stylesheets become `<style>`, Plotly.js a
`data:` URL the page loads when a chart is due, as it loads /vendor/plotly.min.js. A small
module runs first (SHIM): it puts the state into the page's URL (the page reads it from
there) and answers the page's fetch of this state's trace, and of /api/v1/cells and
/api/v1/activations, from the file; anything else fails as offline, and the page says so.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
from pathlib import Path
from typing import Any

PREFIX = "rnnscope/"  # bare module names: rnnscope/js/main.js is static/js/main.js
# Static imports and re-exports (`from "./x.js"`, `import "./x.js"`) and dynamic `import("./x.js")`.
SPECIFIER = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.\.?/[^"'\s]+)\2""")
# The shell's URLs start at the page's root ("./static/js/main.js": server/routers/pages.py).
MODULE_TAG = re.compile(r'<script type="module" src="[^"]*?static/([^"]+)"></script>\n?')
STYLE_TAG = re.compile(r'<link rel="stylesheet" href="[^"]*?static/([^"]+)">')
PLOTLY_ATTR = re.compile(r'data-plotly="[^"]*"')
PRELOAD_TAG = re.compile(r'<link rel="modulepreload" href="[^"]*">\s*')  # inlined instead

SHIM = """\
import { appUrl } from "rnnscope/js/paths.js";
import { apiRequest, parse } from "rnnscope/js/state.js";
// rnnscope snapshot: the state, its trace and the page's lists come from this file.
const data = JSON.parse(document.getElementById("rnnscope-snapshot").textContent);
history.replaceState(null, "", `?${data.query}`);
// api.js asks for app paths under the page's root (paths.js): so are the answers kept here
const answers = new Map(Object.entries(data.extra).map(([path, body]) => [appUrl(path), body]));
answers.set(appUrl(apiRequest(parse(`?${data.query}`))), data.answer);
const json = { status: 200, headers: { "Content-Type": "application/json" } };
window.fetch = async (input) => {
  const url = typeof input === "string" ? input : input.url;
  if (answers.has(url)) return new Response(JSON.stringify(answers.get(url)), json);
  throw new TypeError(`offline: this snapshot holds ${data.query} only`);
};
"""


def data_url(source: bytes, media_type: str = "text/javascript") -> str:
    return f"data:{media_type};base64,{base64.b64encode(source).decode('ascii')}"


def module_name(path: str) -> str:
    return PREFIX + path


def modules(static_dir: Path, entries: list[str]) -> dict[str, str]:
    """Every module reachable from `entries` (paths under static/), its relative imports
    rewritten to bare names: {path: source}."""
    found: dict[str, str] = {}
    todo = list(entries)
    while todo:
        path = todo.pop()
        if path in found:
            continue
        source = (static_dir / path).read_text(encoding="utf-8")

        def bare(m: re.Match[str], here: str = path) -> str:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(here), m[3]))
            todo.append(target)
            return f"{m[1]}{m[2]}{module_name(target)}{m[2]}"

        found[path] = SPECIFIER.sub(bare, source)
    return found


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no `<` at all (it only occurs inside strings)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def build(
    *,
    shell: str,
    query: str,
    answer: Any,
    extra: dict[str, Any],
    plotly: bytes,
    static_dir: Path,
) -> str:
    """The page shell (the app's GET /) with everything it would fetch inlined."""
    entries = MODULE_TAG.findall(shell)
    if not entries:
        raise ValueError("the page shell has no module scripts")
    sources = modules(static_dir, entries)
    imports = {module_name(p): data_url(s.encode("utf-8")) for p, s in sorted(sources.items())}
    imports[module_name("snapshot.js")] = data_url(SHIM.encode("utf-8"))
    start = "".join(f'import "{module_name(p)}";' for p in ["snapshot.js", *entries])
    head = (
        f'<script type="importmap">{script_json({"imports": imports})}</script>\n'
        f'<script type="application/json" id="rnnscope-snapshot">'
        f"{script_json({'query': query, 'answer': answer, 'extra': extra})}</script>\n"
        f'<script type="module">{start}</script>\n'
    )
    html = PRELOAD_TAG.sub("", MODULE_TAG.sub("", shell))
    html = html.replace("</head>", head + "</head>", 1)

    def style(m: re.Match[str]) -> str:
        css = (static_dir / m[1]).read_text(encoding="utf-8").replace("</", "<\\/")
        return f"<style>/* {m[1]} */\n{css}</style>"

    html = STYLE_TAG.sub(style, html)
    return PLOTLY_ATTR.sub(f'data-plotly="{data_url(plotly)}"', html, count=1)
