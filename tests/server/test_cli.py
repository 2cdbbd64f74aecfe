"""The `rnnscope` console script: `trace` prints a summary or JSON; bad options exit 2."""

from __future__ import annotations

import json

import pytest

from rnnscope import core
from rnnscope.server import cli


def test_trace_summary(capsys):
    assert cli.main(["trace", "hello", "--cell", "gru", "--hidden", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gru  H=4")
    assert len([line for line in out.splitlines() if line.strip()[:1].isdigit()]) == 4  # T steps
    expected = core.trace("hello", cell="gru", hidden=4).to_dict()["total_loss"]
    assert f"total loss {expected:.4g}" in out


def test_trace_json_is_the_api_body(capsys, client):
    assert cli.main(["trace", "hello world", "--tokens", "word", "--json"]) == 0
    printed = capsys.readouterr().out.strip().encode()
    api = client.get("/api/v1/trace", params={"text": "hello world", "tokens": "word"})
    assert json.loads(printed) == api.json()
    assert printed == api.content


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["trace", "hello", "--hidden", "0"], "hidden"),
        (["trace", "h"], "text"),
        (["trace", "hello", "--tokens", "word"], "at least 2 tokens"),
        (["trace", "hello", "--init-scale", "nan"], "init_scale"),
        (["trace", "hello", "--cell", "transformer"], "cell"),
    ],
)
def test_trace_bad_options_exit_2(capsys, argv, message):
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_serve_defaults_come_from_settings(monkeypatch):
    monkeypatch.setenv("RNNSCOPE_WORKERS", "2")
    monkeypatch.setenv("RNNSCOPE_PORT", "9000")
    cli.get_settings.cache_clear()
    try:
        args = cli.parser().parse_args(["serve"])
    finally:
        cli.get_settings.cache_clear()
    assert (args.workers, args.port, args.host) == (2, 9000, "127.0.0.1")
    assert cli.parser().parse_args(["serve", "--workers", "3"]).workers == 3
