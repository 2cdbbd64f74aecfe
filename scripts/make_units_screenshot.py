"""Take docs/units-docstring.png: the /corpus page colouring 10,000 characters of argparse's source
by one unit of a model trained on it (bench.experiments.docstring_unit), in headless Chromium at
1280x720 in presentation mode.

    .venv/bin/python scripts/make_units_screenshot.py \
        artifacts/docstring_unit/argparse_lstm128.safetensors --start 24000 --unit 0:c:98

The model is put in a temporary store; the page is asked as a lecturer would: the text pasted,
the docstring pattern (the page's default), Find, then the unit picked in the ranking; the text
scrolled to the window's first docstring.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page.common import chromium_page  # noqa: E402
from rnnscope.core.checkpoints import import_file  # noqa: E402
from rnnscope.core.corpus import builtin  # noqa: E402
from rnnscope.server.main import create_app  # noqa: E402
from rnnscope.server.settings import Settings  # noqa: E402
from rnnscope.server.store import ModelStore  # noqa: E402
from tests.loopback import serving  # noqa: E402

WINDOW = 10_000
# The text box scrolled to the line before the window's first docstring.
FIRST_DOCSTRING = """() => {
  const box = document.querySelector('#units-text');
  const first = box.querySelector('span.marked');
  box.scrollTop += first.getBoundingClientRect().top - box.getBoundingClientRect().top - 60;
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("weights", type=Path, help="a safetensors file written by docstring_unit")
    ap.add_argument("--start", type=int, default=24000, help="the window's first character")
    ap.add_argument("--unit", default="", help="layer:kind:unit to show (default: the best)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "units-docstring.png")
    args = ap.parse_args()
    text = builtin("argparse")[args.start : args.start + WINDOW]
    with tempfile.TemporaryDirectory(prefix="rnnscope-units-") as tmp:
        store = ModelStore(Path(tmp), 2**26, 2**30, 10)
        record, _ = store.put(import_file(args.weights.read_bytes()), "argparse LSTM 128")
        app = create_app(Settings(data_dir=Path(tmp)))
        with serving(app) as base, chromium_page(base, 1280, 720) as page:
            page.goto(f"/corpus?model={record.id}&present=1&lang=en")
            page.wait_for_function(
                "() => document.querySelector('#units-model option[value]')?.value"
            )
            page.fill("#units-input", text)
            page.click("#units-go")
            page.wait_for_selector("#units-text span.marked")
            if args.unit:
                page.locator(".unit-pick", has_text=args.unit).first.click()
                page.wait_for_function(
                    f"() => document.querySelector('#units-status').textContent"
                    f".includes('{args.unit}')"
                )
            page.evaluate(FIRST_DOCSTRING)
            page.screenshot(path=str(args.out))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
