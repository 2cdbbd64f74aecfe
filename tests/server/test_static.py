"""The page's files come from memory: gzipped, revalidated, fresh after an edit, no threads.

200 students opening the page at once ask for its ~35 modules each; Starlette's StaticFiles
spent several worker-thread hops per file and starved the API (docs/architecture.md, D1).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import anyio.to_thread
import pytest

from rnnscope.server.settings import Settings
from rnnscope.server.static import PageFiles

STATIC = Settings().static_dir
FILES = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file())
TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}


def test_every_file_as_on_disk_gzipped_and_revalidated(client):
    assert len(FILES) > 20
    for name in FILES:
        url = f"/static/{name}"
        data = (STATIC / name).read_bytes()
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as r:
            wire = b"".join(r.iter_raw())
        assert r.status_code == 200, name
        assert r.headers["content-type"].startswith(TYPES.get(Path(name).suffix, "")), name
        assert r.headers["cache-control"] == "no-cache", name
        if len(data) >= 1024:
            assert r.headers["content-encoding"] == "gzip", name
            assert len(wire) < len(data) and gzip.decompress(wire) == data, name
        else:
            assert wire == data, name
        revalidate = {"Accept-Encoding": "gzip", "If-None-Match": r.headers["etag"]}
        again = client.get(url, headers=revalidate)
        assert again.status_code == 304 and again.content == b"", name
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert plain.content == data and "content-encoding" not in plain.headers, name


def test_an_edited_file_is_served_at_the_next_request(tmp_path, make_client):
    module = tmp_path / "js" / "app.js"
    module.parent.mkdir()
    module.write_text("export const x = 1;\n")
    c = make_client(static_dir=tmp_path)
    first = c.get("/static/js/app.js")
    assert first.text == "export const x = 1;\n"
    module.write_text("export const x = 22;\n")
    os.utime(module, ns=(first_ns := module.stat().st_mtime_ns, first_ns + 10**9))
    second = c.get("/static/js/app.js", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200 and second.text == "export const x = 22;\n"
    assert second.headers["etag"] != first.headers["etag"]
    module.unlink()
    assert c.get("/static/js/app.js").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "../pyproject.toml",
        "js/../../pyproject.toml",
        ".hidden",
        "js//main.js",
        "",
        "js",
        "js/\\..\\x",
        "nul\0.js",
        "out/x.txt",
    ],
)
def test_nothing_outside_the_directory(tmp_path, path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "main.js").write_text("ok")
    (tmp_path / "static" / ".hidden").write_text("secret")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.txt").write_text("secret")
    (tmp_path / "static" / "out").symlink_to(tmp_path / "outside")
    (tmp_path / "pyproject.toml").write_text("secret")
    files = PageFiles(tmp_path / "static")
    assert files.get("js/main.js").raw == b"ok"
    assert files.get(path) is None


def test_encoded_traversal_is_404(client):
    for path in [
        "/static/%2e%2e/server/main.py",
        "/static/js/%2e%2e/%2e%2e/README.md",
        "/static/..%2f..%2fpyproject.toml",
    ]:
        assert client.get(path).status_code == 404, path


def test_served_without_worker_threads(make_client, monkeypatch):
    """The page loads while every worker thread is busy: its files never need one."""
    c = make_client()

    def no_threads(*args, **kwargs):
        raise AssertionError("a worker thread was used")

    monkeypatch.setattr(anyio.to_thread, "run_sync", no_threads)
    for name in FILES:
        assert c.get(f"/static/{name}").status_code == 200, name
    assert c.head("/static/js/main.js").status_code == 200
