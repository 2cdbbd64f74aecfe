"""/healthz, the page shell, static files and the settings."""

from __future__ import annotations

import pytest

from rnnscope.server.settings import Settings
from rnnscope.server.templating import make_templates


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.headers["cache-control"] == "no-store"


def test_index_renders_shell(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<title>" in r.text and "/vendor/plotly.min.js" in r.text


def test_every_template_autoescapes(tmp_path):
    (tmp_path / "page.txt").write_text("{{ value }}")
    env = make_templates(tmp_path).env
    assert env.autoescape is True
    assert env.get_template("page.txt").render(value="<b>&") == "&lt;b&gt;&amp;"


def test_static_revalidates(tmp_path, make_client):
    (tmp_path / "app.js").write_text("export const x = 1;\n")
    c = make_client(static_dir=tmp_path)
    r = c.get("/static/app.js")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-cache"
    assert "javascript" in r.headers["content-type"]
    again = c.get("/static/app.js", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert c.get("/static/missing.js").status_code == 404


@pytest.mark.parametrize(
    "path", ["/nope", "/api/v1/nope", "/static/../server/main.py", "/vendor/x"]
)
def test_unknown_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_settings_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RNNSCOPE_WORKERS", "3")
    monkeypatch.setenv("RNNSCOPE_API_MAX_AGE", "60")
    monkeypatch.setenv("RNNSCOPE_STATIC_DIR", str(tmp_path))
    monkeypatch.setenv("RNNSCOPE_UNKNOWN", "ignored")
    settings = Settings.from_env()
    assert (settings.workers, settings.api_max_age, settings.static_dir) == (3, 60, tmp_path)
    assert settings.port == Settings().port  # unset: the default
    assert Settings().workers == 1  # the constructor alone reads no environment


@pytest.mark.parametrize(("name", "value"), [("WORKERS", "0"), ("PORT", "http"), ("PORT", "")])
def test_bad_setting_names_the_field(name, value):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=name.lower()):
        Settings.from_env({f"RNNSCOPE_{name}": value})


def test_get_settings_is_cached_and_overridable(monkeypatch):
    from rnnscope.server.main import create_app
    from rnnscope.server.settings import get_settings

    get_settings.cache_clear()
    monkeypatch.setenv("RNNSCOPE_API_MAX_AGE", "7")
    try:
        assert get_settings() is get_settings() and get_settings().api_max_age == 7
    finally:
        get_settings.cache_clear()
    app = create_app(Settings(api_max_age=9))
    assert app.dependency_overrides[get_settings]().api_max_age == 9


def test_openapi_documents_limits(client):
    from rnnscope.core import limits

    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/trace"]["get"]["parameters"]}
    assert params["hidden"]["schema"]["maximum"] == limits.MAX_HIDDEN
    assert params["layers"]["schema"]["maximum"] == limits.MAX_LAYERS
    assert params["text"]["schema"]["maxLength"] == limits.MAX_TEXT_CHARS
    assert set(params["cell"]["schema"]["enum"]) == set(limits.CELL_NAMES)
    assert str(limits.MAX_TOKENS) in params["text"]["description"]


def test_cells_describe_every_cell(client):
    from rnnscope import core
    from rnnscope.core import limits

    r = client.get("/api/v1/cells")
    assert r.status_code == 200 and r.headers["etag"]
    body = r.json()
    assert list(body["cells"]) == list(limits.CELL_NAMES)
    for name, info in body["cells"].items():
        assert info["gates"] == list(core.CELLS[name].GATES)
        assert info["equations"] and info["param_count"]["pytorch"]
    assert body["cells"]["lstm"]["state"] == ["h", "c"]
    assert body["limits"]["MAX_HIDDEN"] == limits.MAX_HIDDEN
    assert body["limits"]["CELL_NAMES"] == list(limits.CELL_NAMES)
    again = client.get("/api/v1/cells", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_openapi_states_cost_budget(client):
    from rnnscope.core import limits

    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/trace", "/api/v1/compare"):
        description = spec["paths"][path]["get"]["description"]
        assert f"COST_BUDGET = {limits.COST_BUDGET}" in description


def test_favicon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")


def test_missing_page_files_fail_at_startup(tmp_path):
    from fastapi.testclient import TestClient

    from rnnscope.server.main import create_app

    app = create_app(Settings(static_dir=tmp_path / "none"))
    with pytest.raises(RuntimeError, match="RNNSCOPE_STATIC_DIR"), TestClient(app):
        pass


def test_healthz_counts_cache_hits(make_client):
    c = make_client()
    for _ in range(3):
        c.get("/api/v1/trace", params={"text": "count me"})
    assert c.get("/healthz").json()["cache"] | {"bytes": 0} == {
        "entries": 1,
        "bytes": 0,
        "hits": 2,
        "misses": 1,
    }
