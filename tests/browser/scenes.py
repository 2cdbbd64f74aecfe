"""The lesson tour as the page declares it (static/js/lessons/scenes.js): how many scenes the
tests that visit every scene must visit."""

from __future__ import annotations

import re
from pathlib import Path

SCENES_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "lessons" / "scenes.js"
N_SCENES = len(re.findall(r'^    panel: "', SCENES_JS.read_text(encoding="utf-8"), flags=re.M))
