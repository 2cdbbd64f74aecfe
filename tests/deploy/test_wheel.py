"""The wheel, as a Python user installs it: built from this checkout, installed (not editable)
into a fresh virtualenv, `rnnscope serve` run from a directory that is not the checkout serves
the page, its modules, Plotly.js and the API, and keeps its data under the data directory.
The Python API is `rnnscope`; nothing is installed as a top-level `core` or `server`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import httpx

from tests.loopback import ROOT, serve_command


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def checkout_copy(to: Path) -> Path:
    """The checkout's files (tracked or new, not ignored; links as links) copied to `to`: the
    build sees what a clean clone holds and leaves no build/ behind in the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source, target = ROOT / name, to / name
        if source.is_symlink() or source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    return to


def test_the_wheel_serves_the_page_from_any_directory(tmp_path):
    dist, elsewhere = tmp_path / "dist", tmp_path / "elsewhere"
    elsewhere.mkdir()
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps",
                "--wheel-dir", dist, checkout_copy(tmp_path / "src"), cwd=tmp_path)  # fmt: skip
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("rnnscope-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"rnnscope", wheel.name.split("-py3")[0] + ".dist-info"}, tops
    page = ("templates/index.html", "static/js/main.js", "static/examples/index.json")
    for data in (*page, "server/templates/docs.html"):
        assert f"rnnscope/{data}" in names, data

    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "--quiet", wheel, cwd=elsewhere)
    assert installed.returncode == 0, installed.stderr
    for module in ("core", "server"):
        shadow = run(python, "-c", f"import {module}", cwd=elsewhere)
        assert "ModuleNotFoundError" in shadow.stderr, (module, shadow.stdout, shadow.stderr)
    api = run(python, "-c", "from rnnscope import trace; print(trace('hello').to_dict()['vocab'])",
              cwd=elsewhere)  # fmt: skip
    assert api.stdout.strip() == "['h', 'e', 'l', 'o']", api.stderr

    data = tmp_path / "data"
    program = [str(env / "bin" / "rnnscope")]
    served = serve_command(program=program, root=elsewhere, env={"RNNSCOPE_DATA_DIR": str(data)})
    with served as (_, base), httpx.Client(base_url=base, timeout=120) as client:
        for path in ("/", "/static/js/main.js", "/vendor/plotly.min.js", "/docs"):
            assert client.get(path).status_code == 200, path
        assert client.get("/api/v1/trace", params={"text": "hello"}).status_code == 200
        body = {"query": "text=hello&cell=gru&hidden=4", "name": "from the wheel"}
        stored = client.post("/api/v1/models/from-trace", json=body)
        assert stored.status_code == 201, stored.text
    assert list(data.rglob("*.safetensors")), "the model is kept under the data directory"
    assert not any(p.name.endswith(".safetensors") for p in elsewhere.rglob("*"))
