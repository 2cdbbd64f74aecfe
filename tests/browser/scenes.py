"""The lesson tour as the page declares it (static/js/lessons/scenes.js): how many scenes the
tests that visit every scene must visit."""

from __future__ import annotations

import re
from pathlib import Path

SCENES_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "lessons" / "scenes.js"
N_SCENES = len(re.findall(r'^    panel: "', SCENES_JS.read_text(encoding="utf-8"), flags=re.M))

# The scenes in two halves, for a test that visits every scene on one screen: two tests of
# half the length each, so that no single test holds one xdist worker while the other waits
# at the end of a run (the longest test bounds the suite's wall).
HALVES = [range(1, N_SCENES // 2 + 1), range(N_SCENES // 2 + 1, N_SCENES + 1)]


def half_id(scenes: range) -> str:
    return f"scenes{scenes.start}-{scenes.stop - 1}"
