"""The lecture load for 10 minutes against 2 workers: does memory stay flat, errors at zero?

    .venv/bin/python -m bench.load.soak                       # 600 s, 200 students, 2 workers
    .venv/bin/python -m bench.load.soak --duration 120        # a shorter look
    .venv/bin/python -m bench.load.soak --cache-mb 32         # a cache that fills within minutes

Starts `rnnscope serve --workers 2` on a free 127.0.0.1 port (and always stops it), runs the
students of bench/load/students.py for the whole duration, and samples each worker's
resident memory every 5 s from /proc. Prints the request table of bench/load/lecture.py, the
memory of each worker minute by minute, and its growth over the second half of the run. The
answer cache (RNNSCOPE_CACHE_ENTRIES, RNNSCOPE_CACHE_BYTES: 512 entries, 256 MiB a worker by
default) grows until it reaches its bound and then stays; a leak keeps growing. `--cache-mb 32`
makes the bound reachable within the 10 minutes, so that the plateau shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import time

from bench.load.lecture import lecture, summary
from bench.load.server import served

EVERY = 5.0  # seconds between memory samples


async def soak(srv, students: int, duration: float, samples: list[tuple[float, dict[int, int]]]):
    async def sample() -> None:
        start = time.perf_counter()
        while time.perf_counter() - start < duration + 60:  # also while the last answers drain
            samples.append((time.perf_counter() - start, srv.rss_bytes()))
            await asyncio.sleep(EVERY)

    sampler = asyncio.create_task(sample())
    try:
        return await lecture(srv.base, students, duration)
    finally:
        sampler.cancel()


def slope_mb_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) points, in MB per minute."""
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(t for t, _ in points) / n
    my = sum(m for _, m in points) / n
    var = sum((t - mx) ** 2 for t, _ in points)
    return 60 * sum((t - mx) * (m - my) for t, m in points) / var if var else float("nan")


def memory_report(samples: list[tuple[float, dict[int, int]]], duration: float) -> str:
    pids = sorted({pid for _, rss in samples for pid in rss})
    lines = [
        "| minute | " + " | ".join(f"worker {i + 1} RSS MB" for i in range(len(pids))) + " |",
        "| ---: | " + " | ".join("---:" for _ in pids) + " |",
    ]
    for minute in range(int(duration // 60) + 1):
        at = [rss for t, rss in samples if t <= minute * 60 + EVERY / 2]
        if at:
            lines.append(
                f"| {minute} | "
                + " | ".join(f"{at[-1].get(p, 0) / 2**20:.0f}" for p in pids)
                + " |"
            )
    lines.append("")
    for i, pid in enumerate(pids):
        series = [(t, rss.get(pid, 0) / 2**20) for t, rss in samples if t <= duration]
        second_half = [(t, m) for t, m in series if t >= duration / 2]
        peak = max(m for _, m in series)
        lines.append(
            f"- worker {i + 1}: {series[0][1]:.0f} MB at start, peak {peak:.0f} MB, "
            f"{series[-1][1]:.0f} MB at the end; growth over the second half "
            f"{slope_mb_per_min(second_half):+.2f} MB/min"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--duration", type=float, default=600.0)
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cache-mb", type=int, help="RNNSCOPE_CACHE_BYTES in MiB (default: 256)")
    args = ap.parse_args()
    if not 10 <= args.duration <= 3600 or not 1 <= args.students <= 1000:
        ap.error("duration in 10..3600 s and students in 1..1000: the soak stays bounded")
    print(
        f"`{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        f" at start; {args.students} students, {args.duration:.0f} s, "
        f"{args.workers} workers, cache {args.cache_mb or 256} MiB a worker`\n"
    )
    samples: list[tuple[float, dict[int, int]]] = []
    env = {"RNNSCOPE_CACHE_BYTES": str(args.cache_mb * 2**20)} if args.cache_mb else {}
    with served(workers=args.workers, env=env) as srv:
        cpu0, own0 = srv.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
        stats, wall = asyncio.run(soak(srv, args.students, args.duration, samples))
        own1 = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = srv.cpu_seconds() - cpu0
        client_cpu = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
    print(summary(stats, wall, server_cpu, client_cpu))
    print()
    print(memory_report(samples, args.duration))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
