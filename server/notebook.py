"""rnnscope in a notebook (Jupyter, Colab, VS Code): the page in an iframe, or in one file.

    import rnnscope
    rnnscope.show("hello", cell="lstm", hidden=8)          # the page, live, under the cell
    rnnscope.snapshot("hello.html", "hello", cell="gru")   # one self-contained HTML file

`show` starts the app once per kernel, in a background thread, on a free loopback port, and
displays the page for that state in an iframe, at the first address of these that applies:
- RNNSCOPE_NOTEBOOK_URL, a template with {port} ("https://example.org/proxy/{port}/"): any
  port forwarding that strips its path prefix (code-server, a tunnel);
- Colab: the kernel's port through Colab's proxy (`google.colab.kernel.proxyPort`);
- jupyter-server-proxy: <base_url>proxy/<port>/ of the Jupyter server running this kernel
  (JupyterHub's /user/<name>/proxy/<port>/), when that server answers there;
- http://127.0.0.1:<port>/ (a notebook on this machine; VS Code forwards loopback ports).
The page's URLs start at its root (server/prefix.py), so every prefix a proxy strips works.
The server lets the notebook's page frame it (CSP frame-ancestors: its own origin, loopback
origins, Colab's and VS Code's), nothing else.
`snapshot` asks that server for the page, the trace and Plotly.js and writes them into one file
(server/snapshot.py) that opens with no server and no network.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rnnscope.core.options import PAGE_DEFAULTS

from .settings import Settings

# The notebook pages that may show the page in an iframe.
FRAME_ANCESTORS = (
    "'self' http://localhost:* http://127.0.0.1:* https://localhost:* https://127.0.0.1:* "
    "https://*.googleusercontent.com https://colab.research.google.com vscode-webview:"
)
START_SECONDS = 60.0

_lock = threading.Lock()
_base: str | None = None


def server() -> str:
    """The base URL of this kernel's server (http://127.0.0.1:PORT), started on first use."""
    global _base
    with _lock:
        if _base is None:
            _base = _start()
        return _base


def _start() -> str:
    import uvicorn

    from .main import create_app

    settings = Settings.from_env().model_copy(
        update={"host": "127.0.0.1", "frame_ancestors": FRAME_ANCESTORS}
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    runner = uvicorn.Server(config)
    thread = threading.Thread(
        target=runner.run, kwargs={"sockets": [sock]}, name="rnnscope", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not runner.started:  # start-up: the app's lifespan (Plotly gzipped once)
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the rnnscope server did not start")
        time.sleep(0.02)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return str(value)


def page_query(text: str, cell: str, options: dict[str, Any]) -> str:
    """The page's URL query for this state (the names of the API and of the page's links)."""
    given = {"text": text, "cell": cell, **options}
    return urlencode({k: _format(v) for k, v in given.items() if v is not None})


def api_path(text: str, cell: str, options: dict[str, Any]) -> str:
    """The API request whose answer the page shows for this state (as static/js/state.js
    apiRequest: the page's defaults, then the given options)."""
    query: dict[str, Any] = {**PAGE_DEFAULTS, "text": text, **options}
    if cell == "compare":
        query.pop("model", None)
        query["cells"] = "rnn,lstm,gru"
        return "/api/v1/compare?" + urlencode(_api_only(query, "compare"))
    return "/api/v1/trace?" + urlencode(_api_only({**query, "cell": cell}, "trace"))


def _api_only(query: dict[str, Any], endpoint: str) -> dict[str, str]:
    from rnnscope.core.options import for_endpoint

    names = {o.name for o in for_endpoint(endpoint)}
    return {k: _format(v) for k, v in query.items() if k in names and v is not None}


def get(path: str) -> bytes:
    """GET path from this kernel's server; a refused request raises ValueError with its reason."""
    try:
        with urllib.request.urlopen(server() + path, timeout=600) as r:
            return bytes(r.read())
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        try:
            detail = json.loads(body)["detail"]
            reason = "; ".join(f"{d['loc'][-1]}: {d['msg']}" for d in detail)
        except (ValueError, KeyError, TypeError, IndexError):
            reason = body[:300]
        raise ValueError(f"{exc.code}: {reason}") from None


@dataclass(frozen=True)
class View:
    """The page for one state: `url` (open it in a browser), shown as an iframe by Jupyter."""

    url: str
    width: str = "100%"
    height: int = 720

    def _repr_html_(self) -> str:
        return (
            f'<iframe src="{escape(self.url)}" width="{escape(self.width)}" '
            f'height="{int(self.height)}" style="border:1px solid #ccc" '
            f'title="rnnscope" allow="clipboard-write"></iframe>'
        )

    def __repr__(self) -> str:
        return f"View({self.url!r})"


def _colab_url(port: int) -> str | None:
    """Colab: the kernel's port through Colab's proxy, or None outside Colab."""
    try:
        from google.colab.output import eval_js  # type: ignore[import-not-found]
    except ImportError:
        return None
    return str(eval_js(f"google.colab.kernel.proxyPort({port})")).rstrip("/") + "/"


def jupyter_server() -> dict[str, Any] | None:
    """The Jupyter server that started this kernel (its runtime file: url, base_url, token),
    or None (a kernel of nbclient, a plain IPython, another machine's server)."""
    parent = os.environ.get("JPY_PARENT_PID")
    if not parent:
        return None
    try:  # jupyter_core comes with every kernel; jupyter_server.serverapp takes seconds to import
        from jupyter_core.paths import jupyter_runtime_dir
    except ImportError:
        return None
    for path in Path(jupyter_runtime_dir()).glob("jpserver-*.json"):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # being written, or gone
        if isinstance(info, dict) and str(info.get("pid")) == parent and info.get("url"):
            return info
    return None


def _proxy_url(port: int) -> str | None:
    """jupyter-server-proxy's /proxy/<port>/ of this kernel's Jupyter server, as a path of the
    notebook's own origin: used when that server answers there (the extension is loaded), or
    on JupyterHub, where the notebook's browser cannot reach this machine's loopback."""
    if importlib.util.find_spec("jupyter_server_proxy") is None:
        return None
    info = jupyter_server()
    if info is not None:
        path = f"{str(info.get('base_url') or '/').rstrip('/')}/proxy/{port}/"
        token = info.get("token") or os.environ.get("JUPYTERHUB_API_TOKEN", "")
        probe = urllib.request.Request(  # info["url"] is the server's own, with its base_url
            f"{str(info['url']).rstrip('/')}/proxy/{port}/healthz",
            headers={"Authorization": f"token {token}"},
        )
        try:
            with urllib.request.urlopen(probe, timeout=15) as r:
                if r.status == 200:
                    return path
        except OSError:
            pass
    hub = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    return f"{hub.rstrip('/')}/proxy/{port}/" if hub else None


def page_root(base: str) -> str:
    """Where the notebook's browser finds this kernel's server (module docstring): a URL or
    a path ending in "/"."""
    port = int(base.rsplit(":", 1)[1])
    template = os.environ.get("RNNSCOPE_NOTEBOOK_URL")
    if template:
        return template.replace("{port}", str(port)).rstrip("/") + "/"
    found = _colab_url(port) or _proxy_url(port)
    if found is None and os.environ.get("JUPYTERHUB_SERVICE_PREFIX"):
        warnings.warn(
            "rnnscope.show on JupyterHub needs jupyter-server-proxy in your Jupyter server's "
            "environment (pip install jupyter-server-proxy, then restart your server): the "
            f"iframe shows {base}/, which only a browser on the kernel's machine reaches",
            stacklevel=3,
        )
    return found or base + "/"


def view(text: str = "hello", cell: str = "lstm", **options: Any) -> View:
    """The page for this state, served by this kernel's server (started on first use)."""
    height = int(options.pop("height", 720))
    url = f"{page_root(server())}?{page_query(text, cell, options)}"
    return View(url, height=height)


def show(text: str = "hello", cell: str = "lstm", **options: Any) -> View | None:
    """Display the page for this state under the notebook cell (`height=` in pixels; every
    other keyword is a page or API option: hidden=8, seed=1, train_steps=200, lang="ko",
    theme="dark", step=3, ...). Outside a notebook, return the View (its `url`)."""
    shown = view(text, cell, **options)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return shown
    if get_ipython() is None:
        return shown
    display(shown)  # type: ignore[no-untyped-call]
    return None


def snapshot(path: str | Path, text: str = "hello", cell: str = "lstm", **options: Any) -> Path:
    """Write the page for this state into one HTML file that needs no server and no network:
    the page's modules and styles, this trace and Plotly.js inlined. It steps forward and
    backward and shows the backward pass; another text needs the live page. Returns the path."""
    from .snapshot import build

    page_options = {k: v for k, v in options.items() if v is not None}
    answer = get(api_path(text, cell, page_options))  # first: a refused state raises here
    html = build(
        shell=get("/?" + page_query(text, cell, page_options)).decode("utf-8"),
        query=page_query(text, cell, page_options),
        answer=json.loads(answer),
        extra={p: json.loads(get(p)) for p in ("/api/v1/cells", "/api/v1/activations")},
        plotly=get("/vendor/plotly.min.js"),
        static_dir=Settings.from_env().static_dir,
    )
    out = Path(path)
    out.write_text(html, encoding="utf-8")
    return out
