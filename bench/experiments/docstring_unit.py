"""Does an LSTM trained on argparse's source grow a unit that tracks "inside a docstring"?

    python -m bench.experiments.docstring_unit   # docs/units.md: 16 x 200, lr 0.003, 1500 steps
    python -m bench.experiments.docstring_unit --layers 2   # docs/units.md: the 2-layer run
    python -m bench.experiments.docstring_unit --evaluate WEIGHTS  # the final table (same --layers)
    python -m bench.experiments.docstring_unit --init WEIGHTS --lr 0.0005  # train on, lr lowered
    python -m bench.experiments.docstring_unit --evaluate WEIGHTS --misses 42000:1:c:112  # errs

Trains core.lm (as POST /api/v1/jobs does: char-rnn's streams, state carried, truncated BPTT
between chunks, Adam, clip 5) on the source of the running Python's argparse module (its last
10% held out), LSTM, hidden 128. Every `--every` steps it runs the unit finder (core.units.find,
as GET /api/v1/models/{id}/units does) on 10,000-character windows of that source with the
pattern PATTERN below (DOTALL: the characters inside a docstring, not its quotes) and prints
the best unit of the trained model and the best unit of the same architecture untrained (the
baseline, seed 0), by max(AUC, 1 - AUC). Windows that hold no docstring are skipped. At the
end, for the check with the lowest validation loss (the model is chosen by the held-out text,
never by the docstring labels): every window that holds whole docstrings, the whole source
read in one pass, and why the best unit falls short (a linear probe of all units; the best
unit against comments only).

The trained weights are written to `--out` as safetensors files (the store's format: upload one
with POST /api/v1/models), one per check, and the chosen one as argparse_lstm<H>.safetensors,
with the figures as JSON beside them. `--starts ""` checks the validation loss only (no
unit search: cheaper checks, more of them). Deterministic for a seed (the learning-rate decay, if
any, is per epoch: `--steps N` gives the weights of step N of a longer run); the figures depend
on the Python's argparse version, which is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rnnscope import core  # noqa: F401 (first: one BLAS thread before NumPy loads)
from rnnscope.core.checkpoints import import_file
from rnnscope.core.corpus import builtin
from rnnscope.core.lm import LN2, Corpus, Trainer
from rnnscope.core.model import Spec
from rnnscope.core.units import (
    activations,
    auc,
    baseline_params,
    find,
    pattern_mask,
    rank_units,
)

if TYPE_CHECKING:
    import numpy as np

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


def all_windows(text: str) -> list[tuple[int, str]]:
    """Every window starting at a multiple of 6,000 characters that holds a docstring and does not
    start or end inside one (there the pattern would pair the quotes wrongly)."""
    marks = pattern_mask(text, PATTERN)
    out = []
    for start, piece in windows(text, list(range(0, len(text), 6000))):
        if (pattern_mask(piece, PATTERN) == marks[start : start + len(piece)]).all():
            out.append((start, piece))
    return out


def whole_text(params: dict, spec: Spec, vocab: list[str], text: str) -> dict:
    """The best unit over the whole source read in one pass (state carried throughout), for
    the trained model and the baseline: beyond the API's 10,000 characters, the figure that
    no choice of window can flatter. Also the probe: how well the best linear read-out of all
    h and c units together detects a docstring (fitted on the first 60 %, scored on the rest)."""
    index = {ch: i for i, ch in enumerate(vocab)}
    ids = [index[ch] for ch in text]
    marks = pattern_mask(text, PATTERN)
    acts = activations(params, spec, ids)
    base = activations(baseline_params(spec), spec, ids)
    best, base_best = rank_units(acts, marks, 1)[0], rank_units(base, marks, 1)[0]
    # What the best unit confuses: docstrings against comments, and against the rest.
    comment = pattern_mask(text, r"#[^\n]*") & ~marks
    a = acts[best.layer][best.kind][:, best.unit] * best.sign
    against = {
        name: auc(a[marks | other], marks[marks | other])
        for name, other in (("comments", comment), ("code", ~marks & ~comment))
    }
    return {
        "marked": int(marks.sum()), "unit": f"{best.layer}:{best.kind}:{best.unit}",
        "auc": best.auc, "sign": best.sign, "probe_auc": probe(acts, marks),
        "auc_against": against, "comment_chars": int(comment.sum()),
        "baseline_unit": f"{base_best.layer}:{base_best.kind}:{base_best.unit}",
        "baseline_auc": base_best.auc, "baseline_probe_auc": probe(base, marks),
    }  # fmt: skip


def probe(acts: list[dict[str, np.ndarray]], marks: np.ndarray, iters: int = 200) -> float:
    """AUC on the last 40 % of the text of a logistic regression of `marks` on every h and c
    unit (standardised), fitted by gradient descent on the first 60 %."""
    import numpy as np  # here: rnnscope.core first sets NumPy's threads

    x = np.hstack([layer[k] for layer in acts for k in ("h", "c") if k in layer])
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-9)
    cut = int(len(x) * 0.6)
    y = marks[:cut].astype(np.float64)
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x[:cut] @ w + b)))
        w -= 0.5 * (x[:cut].T @ (p - y) / cut + 1e-4 * w)
        b -= 0.5 * float((p - y).mean())
    return auc(x[cut:] @ w + b, marks[cut:])


def misses(params: dict, spec: Spec, vocab: list[str], piece: str, unit: str) -> dict:
    """Where one unit (layer:kind:unit) errs on a window: its AUC (either way round), its AUC
    for each docstring alone against the window's unmarked characters, and the unmarked lines
    it holds above the median of its marked characters (more than 60 % of a line's
    characters: what it takes for a docstring)."""
    import re

    import numpy as np  # here: rnnscope.core first sets NumPy's threads

    marks = pattern_mask(piece, PATTERN)
    layer, kind, j = unit.split(":")
    a = activations(params, spec, [vocab.index(ch) for ch in piece])[int(layer)][kind][:, int(j)]
    a = a if auc(a, marks) >= 0.5 else -a
    docstrings = []
    for m in re.finditer(PATTERN, piece, re.DOTALL):
        one = np.zeros_like(marks)
        one[m.start(1) : m.end(1)] = True
        keep = one | ~marks
        docstrings.append((m.start(1), m.end(1) - m.start(1), auc(a[keep], one[keep])))
    above = ~marks & (a > np.median(a[marks]))
    lines, pos = [], 0
    for line in piece.split("\n"):
        if line.strip() and above[pos : pos + len(line)].mean() > 0.6:
            lines.append((pos, line))
        pos += len(line) + 1
    return {"auc": auc(a, marks), "docstrings": docstrings, "above": int(above.sum()),
            "unmarked": int((~marks).sum()), "lines": lines}  # fmt: skip


def print_misses(params: dict, spec: Spec, vocab: list[str], text: str, at: str) -> None:
    """--misses START:UNIT: misses() on the window at START of the text, printed."""
    start, _, unit = at.partition(":")
    piece = text[int(start) : int(start) + WINDOW]
    got = misses(params, spec, vocab, piece, unit)
    print(f"unit {unit} on the window at {start}: AUC {got['auc']:.3f}")
    for at_, length, score in got["docstrings"]:
        print(f"  docstring at {int(start) + at_} ({length} characters, "
              f"{piece[at_ : at_ + 30]!r}...): AUC {score:.3f}")  # fmt: skip
    print(f"  {got['above']} of {got['unmarked']} unmarked characters above the median of the "
          "marked ones; the lines they make up:")  # fmt: skip
    for pos, line in got["lines"]:
        print(f"  {int(start) + pos}: {line[:80]}")


def report(trainer: Trainer, corpus: Corpus, text: str, step: int | str, bpc: float | None) -> dict:
    """The final table: every window of all_windows, then the whole text."""
    rows = finder(trainer, corpus, all_windows(text))
    whole = whole_text(trainer.params, trainer.spec, corpus.vocab, text)
    for r in [*rows, {**whole, "start": "whole"}]:
        print(f"| {step} | {bpc if bpc is None else round(bpc, 3)} | {r['start']} | "
              f"{r['marked']} | {r['unit']} | {r['auc']:.3f} | {r['baseline_unit']} | "
              f"{r['baseline_auc']:.3f} |", flush=True)  # fmt: skip
    print(f"probe (all h and c units, fitted on the first 60 %, AUC on the rest): trained "
          f"{whole['probe_auc']:.3f}, untrained {whole['baseline_probe_auc']:.3f}; the best "
          f"unit's AUC against comments only ({whole['comment_chars']} characters) "
          f"{whole['auc_against']['comments']:.3f}, against the other code "
          f"{whole['auc_against']['code']:.3f}")  # fmt: skip
    return {"step": step, "val_bpc": bpc, "windows": rows, "whole": whole}


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


def save(trainer: Trainer, corpus: Corpus, path: Path) -> None:
    """The weights in the store's own format (safetensors, vocabulary in its metadata)."""
    from rnnscope.server.uploads import imported_params

    model = imported_params(trainer.params, corpus.vocab, "char", "tanh", "corpus")
    path.write_bytes(model.to_safetensors())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq-len", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--lr-decay", type=float, default=1.0, help="per epoch (char-rnn: 0.97)")
    ap.add_argument("--decay-after", type=int, default=10, help="epochs before the decay")
    ap.add_argument("--dropout", type=float, default=0.0, help="between layers, before readout")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--every", type=int, default=500, help="steps between two unit searches")
    ap.add_argument("--starts", default="0,24000,60000,90000", help="window starts (characters)")
    ap.add_argument("--out", default="artifacts/docstring_unit")
    ap.add_argument("--evaluate", type=Path, help="no training: the final table of these weights")
    ap.add_argument("--init", type=Path, help="train on from these weights (a fresh Adam)")
    ap.add_argument(
        "--misses",
        metavar="START:UNIT",
        help="with --evaluate: where that unit "
        "(layer:kind:unit) errs on the window at START, instead of the final table",
    )
    args = ap.parse_args()

    text = builtin("argparse")
    corpus = Corpus.of(text, 0.1)
    spec = Spec("lstm", len(corpus.vocab), args.hidden, args.layers)
    trainer = Trainer(
        corpus, spec, args.seq_len, args.batch, args.lr, args.seed,
        lr_decay=args.lr_decay, decay_after=args.decay_after, dropout=args.dropout,
    )  # fmt: skip
    if args.init:
        trainer.params = import_file(args.init.read_bytes()).params
    parts = windows(text, [int(s) for s in args.starts.split(",") if s])  # "": no searches
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"# argparse of Python {platform.python_version()}: {len(text)} characters, "
          f"{len(corpus.vocab)} distinct; LSTM {args.layers} x {args.hidden}, batch "
          f"{args.batch}, seq_len {args.seq_len}, lr {args.lr} (x {args.lr_decay} per epoch "
          f"after {args.decay_after}; {trainer.steps_per_epoch} steps an epoch), dropout "
          f"{args.dropout}, seed {args.seed}; load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("| step | val bpc | window | marked | best unit | AUC | baseline best | AUC |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    if args.evaluate:
        trainer.params = import_file(args.evaluate.read_bytes()).params
        if args.misses:
            print_misses(trainer.params, spec, corpus.vocab, text, args.misses)
            return
        report(trainer, corpus, text, "-", trainer.val_loss() / LN2)
        return
    history, began, chosen = [], time.monotonic(), {"val_bpc": float("inf")}
    for i in range(1, args.steps + 1):
        trainer.step()
        if i % args.every == 0 or i == args.steps:
            bpc = (trainer.val_loss() or float("nan")) / LN2  # the last 10 % is never empty
            rows = finder(trainer, corpus, parts)
            if not rows:
                print(f"| {i} | {bpc:.3f} | - | | | | | |", flush=True)
            for r in rows:
                print(f"| {i} | {bpc:.3f} | {r['start']} | {r['marked']} | {r['unit']} | "
                      f"{r['auc']:.3f} | {r['baseline_unit']} | {r['baseline_auc']:.3f} |",
                      flush=True)  # fmt: skip
            history.append({"step": i, "val_bpc": bpc, "lr": trainer.rate(), "windows": rows,
                            "seconds": time.monotonic() - began})  # fmt: skip
            save(trainer, corpus, out / f"argparse_lstm{args.hidden}_step{i}.safetensors")
            if bpc < chosen["val_bpc"]:  # the lowest validation loss (the earlier on a tie)
                chosen = {"step": i, "val_bpc": bpc, "params": trainer.params}
    trainer.params = chosen["params"]
    save(trainer, corpus, out / f"argparse_lstm{args.hidden}.safetensors")
    print(f"The final table, of step {chosen['step']} (the lowest validation loss): every "
          "window that holds whole docstrings, then the whole text")  # fmt: skip
    final = report(trainer, corpus, text, chosen["step"], chosen["val_bpc"])
    asked = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    figures = {"args": asked, "python": platform.python_version(),
               "history": history, "final": final}  # fmt: skip
    (out / "figures.json").write_text(json.dumps(figures, indent=1))
    print(f"weights and figures in {out}/")


if __name__ == "__main__":
    main()
