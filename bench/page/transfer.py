"""What a student's browser downloads on its first visit, compressed as sent, per request.

    .venv/bin/python -m bench.page.transfer

Headless Debian Chromium (bench/page/common.py) opens the page with an empty cache against
the app on a loopback port and records every response through the DevTools protocol: its
URL, status, Content-Encoding and bytes received (`encodedDataLength`: headers and body as
they crossed the wire). Then a reload, to show what revalidation costs (304s).
"""

from __future__ import annotations

from collections import defaultdict

from bench.page.common import chromium_page, conditions, live_server, open_view


def record(page, action) -> list[tuple[str, int, str, int]]:
    """(url, status, content-encoding, bytes) of every response while `action()` runs."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    meta: dict[str, tuple[str, int, str]] = {}
    sizes: dict[str, int] = {}

    def on_response(e) -> None:
        r = e["response"]
        headers = {k.lower(): v for k, v in r["headers"].items()}
        meta[e["requestId"]] = (r["url"], r["status"], headers.get("content-encoding", "-"))

    cdp.on("Network.responseReceived", on_response)

    def on_finished(e) -> None:
        sizes[e["requestId"]] = int(e["encodedDataLength"])

    cdp.on("Network.loadingFinished", on_finished)
    action()
    page.wait_for_timeout(500)
    cdp.detach()
    return [(*meta[rid], sizes.get(rid, 0)) for rid in meta if not meta[rid][0].startswith("data:")]


def kind(url: str) -> str:
    path = url.split("/", 3)[-1]
    if path.startswith("vendor/"):
        return "Plotly.js"
    if path.startswith("static/js/"):
        return "ES modules"
    if path.startswith("static/css/"):
        return "stylesheets"
    if path.startswith("static/examples/"):
        return "stored example"
    if path.startswith("api/"):
        return "first trace (API)"
    return "HTML and the rest"


def table(rows: list[tuple[str, int, str, int]]) -> str:
    groups: dict[str, list] = defaultdict(list)
    for row in rows:
        groups[kind(row[0])].append(row)
    out = [
        "| what | requests | statuses | encodings | KB received |",
        "| --- | ---: | --- | --- | ---: |",
    ]
    for name, items in sorted(groups.items(), key=lambda kv: -sum(r[3] for r in kv[1])):
        statuses = ", ".join(sorted({str(r[1]) for r in items}))
        encodings = ", ".join(sorted({r[2] for r in items}))
        out.append(
            f"| {name} | {len(items)} | {statuses} | {encodings} | "
            f"{sum(r[3] for r in items) / 1e3:.1f} |"
        )
    total = sum(r[3] for r in rows)
    out.append(f"| **total** | {len(rows)} | | | **{total / 1e3:.1f}** |")
    return "\n".join(out)


def main() -> int:
    with live_server() as base, chromium_page(base) as page:
        print(f"`{conditions(page)}`\n")
        first = record(page, lambda: open_view(page, ""))
        print("First visit, empty cache:\n")
        print(table(first))
        again = record(
            page,
            lambda: (
                page.reload(),
                page.wait_for_function("() => Number(document.body.dataset.renders || 0) >= 1"),
            ),
        )
        print("\nReload (the browser revalidates the page and its modules):\n")
        print(table(again))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
