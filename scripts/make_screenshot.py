"""Take the projector views of the docs: docs/screenshot.png for the README (the page in
presentation mode in headless Chromium at 1280x720), and docs/page.md's projector-long-text.png
(25 steps at 1280x720, scrolled to step 22) and projector-compare-ko.png (compare mode at
1024x768 in Korean).

Each view is a link like any other (the URL state). Run from the repository root:
    .venv/bin/python scripts/make_screenshot.py                # all three
    .venv/bin/python scripts/make_screenshot.py screenshot     # one of them (its file's stem)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page.common import chromium_page, live_server, open_view  # noqa: E402

# file stem -> (width, height, view): hello through an LSTM, the backward pass half way back,
# unit 3 picked; a long text scrolled to its step 22; the three cells compared in Korean
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
                # the network glides to the selected step (net-scroll.js): let it arrive
                page.wait_for_timeout(1500)
                out = ROOT / "docs" / f"{name}.png"
                page.screenshot(path=str(out))
                print(f"wrote {out}")


if __name__ == "__main__":
    main()
