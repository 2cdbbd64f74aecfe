"""Jinja2 with autoescape on for every template, whatever its file name."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined


def make_templates(directory: Path) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(directory),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    return Jinja2Templates(env=env)
