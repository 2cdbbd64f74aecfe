"""core/ imports NumPy and the standard library only (the page and server sit on top)."""

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"


def test_core_imports_only_numpy_and_stdlib():
    allowed = set(sys.stdlib_module_names) | {"numpy", "core"}
    files = list(CORE.rglob("*.py"))
    assert len(files) > 5
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.removeprefix("rnnscope.").split(".")[0]  # rnnscope.core.x
                assert top in allowed, f"{path.name} imports {name}"
