"""Take docs/screenshot.png for the README: the projector view, the page in presentation mode in
headless Chromium at 1280x720.

The view is a link like any other (the URL state): hello through an LSTM, the backward pass
half way back, unit 3 picked. Run from the repository root:
    .venv/bin/python scripts/make_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page.common import chromium_page, live_server, open_view  # noqa: E402

VIEW = "?text=hello&cell=lstm&hidden=8&step=2&phase=bwd&unit=3&present=true&lang=en"


def main() -> None:
    with live_server() as base, chromium_page(base, 1280, 720) as page:
        open_view(page, VIEW)
        page.wait_for_function("() => document.body.dataset.trace !== 'example'")
        out = ROOT / "docs" / "screenshot.png"
        page.screenshot(path=str(out))
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
