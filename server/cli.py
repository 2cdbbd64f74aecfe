"""The `rnnscope` command: `rnnscope serve` and `rnnscope trace "hello" --cell lstm`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from rnnscope.core.options import OptionError

from .jsonbytes import dumps
from .params import TraceQuery
from .settings import get_settings


def _serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    # The workers' settings must know the address really served (the write rule reads it).
    os.environ["RNNSCOPE_HOST"] = args.host
    # A served app starts its compute processes with each worker (server/pool.py).
    os.environ.setdefault("RNNSCOPE_COMPUTE_PRESTART", "1")
    # ... and lets them have the cores first (server/pool.py, yield_to_compute).
    os.environ.setdefault("RNNSCOPE_WORKER_NICE", "5")
    # ... and computes the recall lesson's offered seeds once, before anyone asks (server/warm.py).
    os.environ.setdefault("RNNSCOPE_WARM_RECALL", "1")
    get_settings.cache_clear()

    uvicorn.run(
        "rnnscope.server.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=get_settings().log_level,
        proxy_headers=False,
    )
    return 0


def _trace(args: argparse.Namespace) -> int:
    from rnnscope.core.trace import run

    from .traces import budget, cost_query, prepare

    given = {name: getattr(args, name) for name in TraceQuery.model_fields}
    try:
        query = TraceQuery(**{k: v for k, v in given.items() if v is not None})
        prepared = prepare(query, [query.cell])  # the limits the API applies, tokenized once
        result = run(prepared.options[query.cell], prepared.enc).to_dict()
        result["cost"] = budget(cost_query(query), prepared.enc)  # as the API's answer carries
    except ValidationError as exc:
        for err in exc.errors():
            print(f"error: {'.'.join(map(str, err['loc']))}: {err['msg']}", file=sys.stderr)
        return 2
    except OptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(dumps(result).decode() + "\n")
    else:
        print(summary(result))
    return 0


def summary(trace: dict[str, Any]) -> str:
    """A terminal view of a trace: per step input -> predicted (target), loss, decay."""
    r = trace["request"]
    grad = trace["layers"][-1]["grad"]
    lines = [
        f"{r['cell']}  H={r['hidden']}  layers={r['layers']}  seed={r['seed']}  "
        f"vocab={trace['vocab']}  params(pytorch)={trace['param_count']['pytorch']}",
        f"{'t':>3}  {'in':>6} {'pred':>6} {'target':>6}  {'loss':>8}  {'||dL_T/dh_t||':>14}",
    ]
    tokens, targets = trace["tokens"], trace["tokens"][1:]
    for t, (tok, pred, tgt) in enumerate(zip(tokens, trace["predicted"], targets, strict=False)):
        mark = " " if pred == tgt else "x"
        lines.append(
            f"{t + 1:>3}  {tok!r:>6} {pred!r:>6} {tgt!r:>6}{mark} {_num(trace['loss'][t]):>8}"
            f"  {_num(grad['dLlast_dh'][t]):>14}"
        )
    lines.append(f"total loss {_num(trace['total_loss'])}")
    bad = trace["nonfinite"]
    if bad["fields"]:
        lines.append(f"non-finite values (overflow) in {len(bad['fields'])} fields")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "null" if value is None else f"{value:.4g}"


def parser() -> argparse.ArgumentParser:
    settings = get_settings()
    top = argparse.ArgumentParser(prog="rnnscope", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the page and the API")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument("--workers", type=int, default=settings.workers)
    serve.set_defaults(run=_serve)

    trace = sub.add_parser("trace", help="print a trace summary (or --json) in the terminal")
    trace.add_argument("text")
    for name, field in TraceQuery.model_fields.items():
        if name != "text":
            flag = "--" + name.replace("_", "-")
            help_text = f"{field.description or ''} (default {field.default!r})"
            trace.add_argument(flag, dest=name, default=None, help=help_text)
    trace.add_argument("--json", action="store_true", help="print the whole trace as JSON")
    trace.set_defaults(run=_trace)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
