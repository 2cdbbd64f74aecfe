"""Take docs/screenshot.png for the README: the page in headless Chromium at 1366x768.

The view is a link like any other (the URL state): hello through an LSTM, the backward pass
half way back, unit 3 picked. Run: .venv/bin/python scripts/make_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from browser_common import chromium_page, live_server, open_view  # noqa: E402

VIEW = "?text=hello&cell=lstm&hidden=8&step=2&phase=bwd&unit=3&lang=en"


def main() -> None:
    with live_server() as base, chromium_page(base, 1366, 768) as page:
        open_view(page, VIEW)
        page.wait_for_function("() => document.body.dataset.trace !== 'example'")
        page.wait_for_timeout(300)
        out = ROOT / "docs" / "screenshot.png"
        page.screenshot(
            path=str(out), clip={"x": 0, "y": 0, "width": 1366, "height": 1000}, full_page=True
        )
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
