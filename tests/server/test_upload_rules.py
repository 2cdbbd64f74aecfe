"""Every refusal of a model upload carries a ctx rule the page says in English and Korean.

The list is the raising code itself: every `need(...)`, `CheckpointError(...)` and
`refuse(...)` in the modules an upload goes through (core/checkpoints, server/hdf5.py,
server/uploads.py, server/routers/models.py), and in a training job's checks
(server/job_checks.py), read with ast. Each must pass a ctx whose `rule`
can be read off the source (a dict literal, a name bound to one, or a helper returning one);
a new refusal without a rule, or a rule without its lines in static/js/upload-refusals.js or
refusals.js, fails here. The files themselves are refused for real in test_models.py and
tests/core/test_checkpoints_hostile.py (each CheckpointError's rule checked there too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ..refusal_lines import page_lines

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    *sorted((ROOT / "core" / "checkpoints").glob("*.py")),
    ROOT / "server" / "hdf5.py",
    ROOT / "server" / "uploads.py",
    ROOT / "server" / "routers" / "models.py",
    ROOT / "server" / "job_checks.py",  # a training job's refusals, on the corpus page
]
# where each raiser takes its ctx: (position, keyword)
RAISERS = {"need": (3, "ctx"), "CheckpointError": (2, "ctx"), "refuse": (5, "ctx")}
PASSED_ON = "exc.ctx"  # a CheckpointError's rule handed on to the 422 (checked at its raise)


def _rule_of_dict(node: ast.AST) -> dict[str, str] | None:
    """{'rule': ..., and any constant string values} of a dict literal with a constant rule."""
    if not isinstance(node, ast.Dict):
        return None
    out = {
        k.value: v.value
        for k, v in zip(node.keys, node.values, strict=True)
        if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
    }
    return out if isinstance(out.get("rule"), str) else None


def _helpers(trees: list[ast.Module]) -> dict[str, dict[str, str]]:
    """Functions whose every return is a ctx dict (damaged, shape, one_of, ...), by name and
    by every name they are imported as."""
    found: dict[str, dict[str, str]] = {}
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                rules = [_rule_of_dict(r.value) for r in ast.walk(fn) if isinstance(r, ast.Return)]
                if rules and all(rules):
                    found[fn.name] = rules[0]  # type: ignore[assignment]
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.asname and alias.name in found:
                        found[alias.asname] = found[alias.name]
    return found


def _bindings(scope: ast.AST, nodes=None) -> dict[str, list[ast.AST]]:
    """Every value assigned to each plain name in a function (or the module's top level):
    `BROKEN = ...`, `ctx = ...`, `msg, ctx = "...", {...}`."""
    out: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope) if nodes is None else nodes:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name):
                out.setdefault(target.id, []).append(node.value)
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                for t, v in zip(target.elts, node.value.elts, strict=True):
                    if isinstance(t, ast.Name):
                        out.setdefault(t.id, []).append(v)
    return out


def _rules(node, names, helpers, depth=0) -> list[dict[str, str]] | None:
    """The ctx dicts (their constant parts) an expression can be; None when one of them
    cannot be read."""
    if depth > 4:
        return None
    if (d := _rule_of_dict(node)) is not None:
        return [d]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        d = helpers.get(node.func.id)
        return [d] if d else None
    if isinstance(node, ast.Name) and node.id in names:
        each = [_rules(v, names, helpers, depth + 1) for v in names[node.id]]
        return None if any(r is None for r in each) else [r for rs in each for r in rs]  # type: ignore[union-attr]
    return None


def raise_sites() -> list[tuple[str, dict[str, str] | None]]:
    """(file:line, ctx or None) of every refusal an upload can meet."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in MODULES}
    helpers = _helpers(list(trees.values()))
    sites: list[tuple[str, dict[str, str] | None]] = []
    for path, tree in trees.items():
        top = _bindings(tree, tree.body)
        scopes = [(fn, {**top, **_bindings(fn)}) for fn in ast.walk(tree)
                  if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))]  # fmt: skip
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            if call.func.id not in RAISERS:
                continue
            # the names of the innermost function around the call, else the module's
            inner = [(fn, b) for fn, b in scopes if fn.lineno <= call.lineno <= fn.end_lineno]
            fn, names = (
                min(inner, key=lambda s: s[0].end_lineno - s[0].lineno) if inner else (None, top)
            )
            params = {a.arg for a in fn.args.args} if fn else set()
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            position, keyword = RAISERS[call.func.id]
            given = [k.value for k in call.keywords if k.arg == keyword]
            if len(call.args) > position:
                given.append(call.args[position])
            if given and ast.unparse(given[0]) == PASSED_ON:
                continue
            if given and isinstance(given[0], ast.Name) and given[0].id in params - set(names):
                continue  # a parameter handed on (errors.need): its callers are checked
            ctxs = (_rules(given[0], names, helpers) if given else None) or [None]
            sites.extend((where, ctx) for ctx in ctxs)
    return sites


def test_every_upload_refusal_names_a_rule():
    sites = raise_sites()
    assert len(sites) > 100, len(sites)  # the scan finds the raises (about 120)
    unnamed = [where for where, ctx in sites if ctx is None]
    assert not unnamed, f"refusals without a ctx rule the page can say: {unnamed}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_upload_rule_has_its_line(lang):
    lines = page_lines()[lang]
    missing = set()
    for where, ctx in raise_sites():
        # the rule's sentence, and the words it puts in (refusalLine: what, part)
        keys = [f"refusal.{ctx['rule']}"] if ctx else []
        keys += [f"refusal.{k}.{ctx[k]}" for k in ("what", "part") if ctx and k in ctx]
        missing |= {f"{key} ({where})" for key in keys if key not in lines}
    assert not missing, f"rules without a {lang} line in refusals.js: {sorted(missing)}"
