"""Past one machine: nginx (deploy/nginx) in front of two instances, against one instance with
two workers, under the same lecture hall; and the hall while one instance stops midway.

    .venv/bin/python -m bench.load.proxy                       # 200 students, 40 s per setup
    .venv/bin/python -m bench.load.proxy --students 100 --duration 20 --setups nginx,stopped

Side by side in one run, the students of bench/load/students.py (same seed, same texts) meet:
- `direct`:  `rnnscope serve --workers 2` on a free loopback port;
- `nginx`:   Debian's nginx with the shipped configuration (tests/deploy/nginx.py renders it
             into a temporary prefix) over two `rnnscope serve --workers 1`, the same two cores;
- `stopped`: the same as `nginx`, one instance stopped (SIGTERM) halfway through.
For each: the lecture table of bench/load/lecture.py (errors must be 0), CPU seconds of the
instances and of nginx, and for nginx the cache statuses from its access log (HIT: answered by
nginx; MISS: sent to an instance) and the requests it moved to the other instance.
Needs nginx (`make test` installs it as root; else `sudo apt-get install nginx`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bench.load.lecture import lecture, summary
from bench.load.server import Served, children, cpu_seconds, served
from tests.deploy.nginx import Proxy, have_nginx, nginx_proxy
from tests.loopback import stop

SETUPS = ("direct", "nginx", "stopped")
TOKEN = "bench-admin-token-0123456789"


@contextlib.contextmanager
def behind_nginx(tmp: Path) -> Iterator[tuple[Proxy, list[Served]]]:
    env = {"RNNSCOPE_ADMIN_TOKEN": TOKEN, "RNNSCOPE_DATA_DIR": str(tmp / "data")}
    with (
        served(workers=1, env=env) as first,
        served(workers=1, env=env) as second,
        nginx_proxy([first.base, second.base], TOKEN, tmp / "nginx") as proxy,
    ):
        yield proxy, [first, second]


def nginx_cpu(proxy: Proxy) -> float:
    return cpu_seconds(proxy.proc.pid) + sum(cpu_seconds(p) for p in children(proxy.proc.pid))


def cache_report(proxy: Proxy) -> str:
    log = proxy.log()
    api = [line for line in log if line["target"].startswith("/api/")]
    moved = [line for line in log if "," in line["upstream"]]

    def shares(lines: list[dict[str, str]]) -> str:
        counts = Counter(line["cache"] or "-" for line in lines)
        total = max(len(lines), 1)
        return ", ".join(f"{k} {v} ({100 * v / total:.0f} %)" for k, v in counts.most_common())

    return "\n".join(
        [
            f"- nginx, all {len(log)} requests: {shares(log)}",
            f"- nginx, {len(api)} API requests: {shares(api)}",
            f"- requests nginx moved to the other instance: {len(moved)}",
        ]
    )


def run(setup: str, students: int, duration: float, seed: int) -> str:
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    with tempfile.TemporaryDirectory(prefix="rnnscope-proxy-") as tmp:
        if setup == "direct":
            with served(workers=2) as srv:
                cpu0 = srv.cpu_seconds()
                stats, wall = asyncio.run(lecture(srv.base, students, duration, seed))
                server_cpu, extra = srv.cpu_seconds() - cpu0, ""
        else:
            with behind_nginx(Path(tmp)) as (proxy, instances):
                cpu0 = sum(s.cpu_seconds() for s in instances)
                spent = [0.0]  # CPU of the stopped instance, read before it goes

                def halt() -> None:
                    spent[0] = instances[0].cpu_seconds()
                    stop(instances[0].proc)

                timer = threading.Timer(duration / 2, halt)
                if setup == "stopped":
                    timer.start()
                stats, wall = asyncio.run(lecture(proxy.base, students, duration, seed))
                if setup == "stopped":
                    timer.join()
                server_cpu = spent[0] + sum(s.cpu_seconds() for s in instances) - cpu0
                extra = f"\n- CPU seconds of nginx: {nginx_cpu(proxy):.1f}\n{cache_report(proxy)}"
    own1 = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
    return summary(stats, wall, server_cpu, client_cpu) + extra


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--duration", type=float, default=40.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--setups", default=",".join(SETUPS), help=f"some of {','.join(SETUPS)}")
    args = ap.parse_args()
    setups = args.setups.split(",")
    if not set(setups) <= set(SETUPS):
        ap.error(f"--setups: some of {', '.join(SETUPS)}")
    if not 1 <= args.students <= 1000 or not 1 <= args.duration <= 3600:
        ap.error("students in 1..1000 and duration in 1..3600 s: the load stays bounded")
    if setups != ["direct"] and not have_nginx():
        ap.error("nginx is missing: sudo apt-get install nginx")
    print(
        f"`{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        f" at start; {args.students} students, {args.duration:.0f} s per setup`"
    )
    for setup in setups:
        print(f"\n### {setup}\n")
        print(run(setup, args.students, args.duration, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
