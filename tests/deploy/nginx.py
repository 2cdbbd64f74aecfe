"""Debian's nginx with the shipped configuration (deploy/nginx), in front of rnnscope instances.

    with instances(2, env) as servers, nginx_proxy([s.base for s in servers], TOKEN, tmp) as px:
        px.base          # "http://127.0.0.1:PORT": nginx ("http://127.0.0.1:PORT/rnnscope"
                         # with `path_prefix="/rnnscope"`: render.py --prefix)
        px.log()         # its access log, one dict per request (cache, upstream, status)

nginx runs as this process's user, in the foreground of a process session of its own, with its
prefix, pid file, temporary and cache directories and logs under `prefix` (a test's tmp_path);
it listens on a free loopback port. The configuration is what an operator installs: the
output of `deploy/nginx/render.py`, included in the http block of a minimal nginx.conf.
Also used by bench/load/proxy.py.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.loopback import ROOT, free_port, healthy, serve_command
from tests.wait import wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RENDER = ROOT / "deploy" / "nginx" / "render.py"
LINE = re.compile(
    r'"(?P<method>\S+) (?P<target>\S+) [^"]*" (?P<status>\d+) \d+ cache=(?P<cache>\S*) '
    r"upstream=(?P<upstream>.*) upstream_status=(?P<upstream_status>.*) time=\S+$"
)


def have_nginx() -> bool:
    return os.access(NGINX, os.X_OK)


@dataclass
class Proxy:
    base: str
    prefix: Path
    proc: subprocess.Popen[bytes]

    def log(self) -> list[dict[str, str]]:
        """The access log so far: method, target, status, cache, upstream, upstream_status."""
        path = self.prefix / "access.log"
        lines = path.read_text().splitlines() if path.exists() else []
        return [m.groupdict() for m in map(LINE.search, lines) if m]


def main_conf(prefix: Path, included: Path) -> str:
    """A minimal nginx.conf around the shipped one: everything nginx writes is under prefix."""
    user = ""
    if os.geteuid() == 0:  # the workers would drop to `nobody`, who cannot enter tmp_path
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temps = " ".join(f"{kind}_temp_path {prefix / kind};" for kind in kinds)
    return f"""{user}
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} info;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    {temps}
    include {included};
}}
"""


@contextlib.contextmanager
def nginx_proxy(
    instances: list[str],
    token: str,
    prefix: Path,
    extra: tuple[str, ...] = (),
    path_prefix: str = "",
) -> Iterator[Proxy]:
    """nginx on a free loopback port over `instances` (base URLs), serving the app under
    `path_prefix` ("" or "/rnnscope"); stopped at the end."""
    port = free_port()
    prefix.mkdir(parents=True, exist_ok=True)
    rendered = subprocess.run(
        [sys.executable, str(RENDER), "--listen", f"127.0.0.1:{port}",
         "--cache-dir", str(prefix / "cache"), "--access-log", str(prefix / "access.log"),
         *(a for base in instances for a in ("--instance", base.removeprefix("http://"))),
         *(("--prefix", path_prefix) if path_prefix else ()), *extra],
        env={**os.environ, "RNNSCOPE_ADMIN_TOKEN": token},
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    (prefix / "rnnscope.conf").write_text(rendered)
    (prefix / "nginx.conf").write_text(main_conf(prefix, prefix / "rnnscope.conf"))
    command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    subprocess.run([*command, "-t", "-q"], check=True)
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}{path_prefix}"
    try:
        wait_for(lambda: proc.poll() is not None or healthy(base), "nginx to answer", 30)
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}: {prefix / 'error.log'}")
        yield Proxy(base, prefix, proc)
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)  # nginx's fast shutdown
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextlib.contextmanager
def instances(
    count: int, env: Mapping[str, str | None]
) -> Iterator[list[tuple[subprocess.Popen[bytes], str]]]:
    """`count` instances of `rnnscope serve` (one worker each) with `env`; all stopped after."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(serve_command(env=env)) for _ in range(count)]
