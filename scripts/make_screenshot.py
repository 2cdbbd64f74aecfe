"""Take the views of the docs: docs/screenshot.png for the README (the page in presentation mode
in headless Chromium at 1280x720), and docs/page.md's projector-long-text.png (25 steps at
1280x720, scrolled to step 22), projector-compare-ko.png (compare mode at 1024x768 in Korean)
and phone-ko.png (the first screen of a 390x844 phone in Korean).

Each view is a link like any other (the URL state). Run from the repository root:
    .venv/bin/python scripts/make_screenshot.py                # all of them
    .venv/bin/python scripts/make_screenshot.py screenshot     # one of them (its file's stem)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page.common import chromium_page, live_server, open_view  # noqa: E402

# file stem -> (width, height, view): hello through an LSTM, the backward pass half way back,
# unit 3 picked; a long text scrolled to its step 22; the three cells compared in Korean; the
# page as a phone opens it
SHOTS = {
    "screenshot": (
        1280,
        720,
        "?text=hello&cell=lstm&hidden=8&step=2&phase=bwd&unit=3&present=true&lang=en",
    ),
    "projector-long-text": (
        1280,
        720,
        "?text=the+quick+brown+fox+jumps.&cell=lstm&step=22&present=true&lang=en&theme=dark",
    ),
    "projector-compare-ko": (
        1024,
        768,
        "?text=the+qu&cell=compare&present=true&lang=ko&theme=dark",
    ),
    "phone-ko": (390, 844, "?text=hello&cell=lstm&lang=ko"),
}


def main() -> None:
    names = sys.argv[1:] or list(SHOTS)
    with live_server() as base:
        for name in names:
            width, height, view = SHOTS[name]
            with chromium_page(base, width, height) as page:
                open_view(page, view)
                page.wait_for_function("() => document.body.dataset.trace !== 'example'")
                page.evaluate("() => document.fonts.ready")
                # the tour's link joins the top bar once the first answer is drawn
                page.wait_for_function("() => document.getElementById('lesson-start')")
                page.wait_for_timeout(500)  # a script, not a test: the fonts and the last paint
                out = ROOT / "docs" / f"{name}.png"
                page.screenshot(path=str(out))
                print(f"wrote {out}")


if __name__ == "__main__":
    main()
