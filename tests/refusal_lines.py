"""The refusal lines the page knows: static/js/refusals.js and upload-refusals.js, read as text."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = [ROOT / "static" / "js" / "refusals.js", ROOT / "static" / "js" / "upload-refusals.js"]


@cache
def page_lines() -> dict[str, frozenset[str]]:
    """{lang: keys} of the refusal lines the page's modules add (`refusal.<rule>`, ...)."""
    keys: dict[str, set[str]] = {"en": set(), "ko": set()}
    for path in PAGE:
        text = path.read_text(encoding="utf-8")
        en, _, ko = text.partition("\n  ko: {")
        keys["en"] |= set(re.findall(r'"(refusal\.[\w.]+)":', en))
        keys["ko"] |= set(re.findall(r'"(refusal\.[\w.]+)":', ko))
    return {lang: frozenset(k) for lang, k in keys.items()}
