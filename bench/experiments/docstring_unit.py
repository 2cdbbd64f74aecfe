"""Does an LSTM trained on argparse's source grow a unit that tracks "inside a docstring"?

    python -m bench.experiments.docstring_unit --batch 32 --seq-len 100 --lr 0.002  # docs/units.md
    python -m bench.experiments.docstring_unit     # longer BPTT windows: 16 x 200, lr 0.003

Trains core.lm (as POST /api/v1/jobs does: char-rnn's streams, state carried, truncated BPTT
between chunks, Adam, clip 5) on the source of the running Python's argparse module (its last
10% held out), LSTM, hidden 128. Every `--every` steps it runs the unit finder (core.units.find,
as GET /api/v1/models/{id}/units does) on 10,000-character windows of that source with the
pattern PATTERN below (DOTALL: the characters inside a docstring, not its quotes) and prints
the best unit of the trained model and the best unit of the same architecture untrained (the
baseline, seed 0), by max(AUC, 1 - AUC). Windows that hold no docstring are skipped.

The trained weights are written to `--out` as a safetensors file (the store's format: upload it
with POST /api/v1/models, or put it in the store with `--store DATA_DIR`), with the figures as
JSON beside it. Deterministic for a seed; the figures depend on the Python's argparse version,
which is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from rnnscope import core  # noqa: F401 (first: one BLAS thread before NumPy loads)
from rnnscope.core.corpus import builtin
from rnnscope.core.lm import LN2, Corpus, Trainer
from rnnscope.core.model import Spec
from rnnscope.core.units import find

PATTERN = r'"""(.*?)"""'
WINDOW = 10_000


def windows(text: str, starts: list[int]) -> list[tuple[int, str]]:
    """(start, 10,000 characters) for each start that holds a docstring."""
    out = []
    for s in starts:
        piece = text[s : s + WINDOW]
        if piece.count('"""') >= 2:
            out.append((s, piece))
    return out


def finder(trainer: Trainer, corpus: Corpus, parts: list[tuple[int, str]]) -> list[dict]:
    rows = []
    for start, piece in parts:
        got = find(trainer.params, trainer.spec, corpus.vocab, "char", piece, PATTERN, top=1)
        best, base = got["units"][0], got["baseline"][0]
        rows.append({
            "start": start, "marked": int(got["marked"].sum()),
            "unit": f"{best.layer}:{best.kind}:{best.unit}", "auc": best.auc, "sign": best.sign,
            "baseline_unit": f"{base.layer}:{base.kind}:{base.unit}", "baseline_auc": base.auc,
        })  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq-len", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--every", type=int, default=1000, help="steps between two unit searches")
    ap.add_argument("--starts", default="0,24000", help="window starts (characters)")
    ap.add_argument("--out", default="artifacts/docstring_unit")
    args = ap.parse_args()

    text = builtin("argparse")
    corpus = Corpus.of(text, 0.1)
    spec = Spec("lstm", len(corpus.vocab), args.hidden)
    trainer = Trainer(corpus, spec, args.seq_len, args.batch, args.lr, args.seed)
    parts = windows(text, [int(s) for s in args.starts.split(",")])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"# argparse of Python {platform.python_version()}: {len(text)} characters, "
          f"{len(corpus.vocab)} distinct; LSTM {args.hidden}, batch {args.batch}, seq_len "
          f"{args.seq_len}, lr {args.lr}, seed {args.seed}; "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("| step | val bpc | window | marked | best unit | AUC | baseline best | AUC |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    history, began = [], time.monotonic()
    for i in range(1, args.steps + 1):
        trainer.step()
        if i % args.every == 0 or i == args.steps:
            val = trainer.val_loss()
            bpc = None if val is None else val / LN2
            rows = finder(trainer, corpus, parts)
            for r in rows:
                print(f"| {i} | {bpc:.3f} | {r['start']} | {r['marked']} | {r['unit']} | "
                      f"{r['auc']:.3f} | {r['baseline_unit']} | {r['baseline_auc']:.3f} |",
                      flush=True)  # fmt: skip
            history.append({"step": i, "val_bpc": bpc, "windows": rows,
                            "seconds": time.monotonic() - began})  # fmt: skip
    from rnnscope.server.uploads import imported_params  # the store's own format (safetensors)

    model = imported_params(trainer.params, corpus.vocab, "char", "tanh", "corpus")
    (out / "argparse_lstm128.safetensors").write_bytes(model.to_safetensors())
    figures = {"args": vars(args), "python": platform.python_version(), "history": history}
    (out / "figures.json").write_text(json.dumps(figures, indent=1))
    print(f"weights and figures in {out}/")


if __name__ == "__main__":
    main()
