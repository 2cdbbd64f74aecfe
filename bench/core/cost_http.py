"""Does core.estimate_cost stay above what the server spends on a request, through HTTP?

    python -m bench.core.cost_http

Starts `uvicorn server.main:app` on a free loopback port with the cache off (and COST_BUDGET
lifted, so that requests over it are measured too), sends each request 3 times with
`Accept-Encoding: gzip`, and reports the least CPU time the server process spent on it (utime +
stime of all its threads, from /proc: other processes on the machine barely change it) and the
least wall time. Texts are 250 characters of Korean and English prose with many distinct
characters, hidden 64, each cell, 1..3 layers, with and without training. The estimate's own
check, in this process at lecture sizes: `python -m bench.core.cost`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from rnnscope.core import estimate_cost
from rnnscope.core import limits as L
from rnnscope.core.cost import Work
from rnnscope.core.tokens import encode

ROOT = Path(__file__).resolve().parents[2]

# 250 characters each; the Korean has 112 distinct ones (MAX_VOCAB is 128).
KO = (
    "순환 신경망은 문장을 한 글자씩 읽으면서 지금까지 본 내용을 "
    "은닉 상태에 담아 둔다. 같은 가중치를 매 시점마다 다시 쓰기 "
    "때문에 긴 문장도 적은 수의 매개변수로 처리할 수 있다. "
    "하지만 오차를 시간의 역방향으로 전파하면 기울기가 매 단계 "
    "곱해지면서 점점 작아지거나 폭발적으로 커진다. 그래서 장기 "
    "의존성을 배우기 어렵고, 이를 해결하려고 게이트를 가진 "
    "LSTM과 GRU가 등장했다. 강의에서는 이 과정을 직접 눈으로 "
    "확인해 본다. 오늘도 함께 살펴보자."
)[:250]
EN = (
    "A recurrent network reads a sentence one character at a time and keeps what it has seen "
    "so far in its hidden state. Because the same weights are used at every step, a long "
    "sentence needs no more parameters than a short one. Backpropagation through time "
    "multiplies the gradient by the same Jacobian again and again."
)[:250]
TEXTS = {"ko": KO, "en": EN}
REPEATS = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _get(url: str) -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as err:
        return err.code, len(err.read())


def _serve() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "RNNSCOPE_CACHE_ENTRIES": "0"}
    code = (
        # measure over-budget ones too
        "import rnnscope.core.limits as L; L.COST_BUDGET = float('inf'); "
        f"import uvicorn; uvicorn.run('rnnscope.server.main:app', host='127.0.0.1', port={port}, "
        "log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _get(base + "/healthz")[0] == 200:
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def cases() -> list[dict]:
    return [
        {
            "text": text,
            "lang": lang,
            "cell": cell,
            "hidden": 64,
            "layers": layers,
            "train_steps": train,
        }
        for lang, text in TEXTS.items()
        for cell in L.CELL_NAMES
        for layers in (1, 2, 3)
        for train in (0, 20)
    ]


def http_main() -> None:
    """Realistic prose through GET /api/v1/trace: the server's CPU time per request."""
    proc, base = _serve()
    try:
        _get(base + "/api/v1/trace?text=warm+up")
        print(
            f"{'lang':4} {'cell':4} {'L':>1} {'train':>5} {'est s':>6} {'cpu s':>6} "
            f"{'wall s':>6} {'cpu/est':>7} {'wall/est':>8} {'gzip kB':>7}"
        )
        worst = 0.0
        for case in cases():
            query = {k: v for k, v in case.items() if k != "lang"}
            enc = encode(case["text"])
            est = estimate_cost(
                Work(
                    len(enc.tokens) - 1,
                    case["hidden"],
                    case["layers"],
                    case["cell"],
                    len(enc.vocab),
                    0,
                    case["train_steps"],
                )
            )
            url = f"{base}/api/v1/trace?{urlencode(query)}"
            cpu, wall, size = [], [], 0
            for _ in range(REPEATS):
                c0, w0 = _cpu_seconds(proc.pid), time.perf_counter()
                status, size = _get(url)
                wall.append(time.perf_counter() - w0)
                cpu.append(_cpu_seconds(proc.pid) - c0)
                assert status == 200, (status, case)
            worst = max(worst, min(cpu) / est)
            print(
                f"{case['lang']:4} {case['cell']:4} {case['layers']:>1} "
                f"{case['train_steps']:>5} {est:6.2f} {min(cpu):6.2f} {min(wall):6.2f} "
                f"{min(cpu) / est:7.2f} {min(wall) / est:8.2f} {size / 1e3:7.0f}"
            )
        print(f"worst cpu/estimated: {worst:.2f} (the target: none above 2)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    http_main()
