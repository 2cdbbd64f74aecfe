"""Hostile files: each refused with a CheckpointError naming the field and the reason; no
code from a file ever runs, no module it names is imported, nothing is allocated beyond the
limits."""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from rnnscope.core import limits as L
from rnnscope.core.checkpoints import CheckpointError, import_file

from ..refusal_lines import page_lines
from . import hostile as H

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "models"
V, HID = 3, 2
RNN = {
    "rnn.weight_ih_l0": np.ones((HID, V)),
    "rnn.weight_hh_l0": np.ones((HID, HID)),
    "rnn.bias_ih_l0": np.ones(HID),
    "rnn.bias_hh_l0": np.ones(HID),
    "fc.weight": np.ones((V, HID)),
    "fc.bias": np.ones(V),
}


def refused(
    data: bytes, field: str = "file", *words: str, vocab="abc", tokens=None
) -> CheckpointError:
    with pytest.raises(CheckpointError) as info:
        import_file(data, vocab=vocab, tokens=tokens)
    err = info.value
    assert err.field == field, str(err)
    rule = f"refusal.{(err.ctx or {}).get('rule')}"  # the page says it in its language
    assert rule in page_lines()["ko"] and rule in page_lines()["en"], (str(err), err.ctx)
    for word in words:
        assert word in str(err), str(err)
    return err


def safetensors_of(tensors: dict) -> bytes:
    return H.safetensors_raw(*H.tensors_header(tensors))


def test_a_good_small_file_imports():
    """The baseline the hostile variants below break one thing of."""
    model = import_file(safetensors_of(RNN), vocab="abc")
    assert (model.spec.cell, model.spec.hidden, model.vocab) == ("rnn", HID, ["a", "b", "c"])


@pytest.mark.parametrize("cut", [0, 5, 8, 20, -1, -7])
def test_truncated_safetensors(cut):
    data = safetensors_of(RNN)
    refused(data[:cut])


def test_header_of_100_mb_is_refused_before_reading():
    err = refused(
        H.safetensors_raw({}, b"", claimed=L.MAX_SAFETENSORS_HEADER + 1),
        "file",
        "100000001",
        "at most 100000000",
    )
    assert err.too_large


def test_header_longer_than_the_file():
    refused(H.safetensors_raw({}, b"", claimed=10**6), "file", "truncated")


def test_overlapping_offsets():
    header, data = H.tensors_header(RNN)
    header["rnn.bias_hh_l0"]["data_offsets"] = [
        x - 4 for x in header["rnn.bias_hh_l0"]["data_offsets"]
    ]
    refused(H.safetensors_raw(header, data), "rnn.bias_hh_l0", "overlaps")


def test_gap_between_tensors():
    header, data = H.tensors_header({"a": np.ones(2), "b": np.ones(2)})
    header["b"]["data_offsets"] = [12, 20]
    refused(H.safetensors_raw(header, data + b"\0" * 4), "b", "gap")


def test_offsets_out_of_range():
    header, data = H.tensors_header(RNN)
    header["fc.bias"]["data_offsets"][1] += 4
    refused(H.safetensors_raw(header, data), "fc.bias", "needs")
    header, data = H.tensors_header(RNN)
    header["fc.bias"]["data_offsets"] = [10**15, 10**15 + 12]
    refused(H.safetensors_raw(header, data), "fc.bias")


@pytest.mark.parametrize(
    "entry",
    [
        {"dtype": "F32", "shape": [2], "data_offsets": [0]},
        {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]},
        {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]},
        {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]},
        {"dtype": "F32", "shape": [2], "data_offsets": [0, 8], "extra": 1},
        "not an entry",
    ],
)
def test_malformed_entries(entry):
    refused(H.safetensors_raw({"w": entry}, b"\0" * 8), "w")


def test_header_not_json_or_duplicated():
    refused(H.safetensors_raw({}, b"")[:8] + b"{not json" + b" " * 3)
    raw = b'{"a": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}, "a": 1}'
    refused(len(raw).to_bytes(8, "little") + raw + b"\0" * 4, "file", "twice")


def test_nan_weights_name_the_tensor():
    bad = {**RNN, "rnn.weight_hh_l0": np.array([[1.0, np.nan], [np.inf, 0.0]])}
    refused(safetensors_of(bad), "rnn.weight_hh_l0", "2 of its 4 values are NaN or infinite")


def test_wrong_shapes_name_the_tensor():
    refused(
        safetensors_of({**RNN, "rnn.weight_hh_l0": np.ones((5, 2))}), "rnn.weight_hh_l0", "(G*H, H)"
    )
    refused(safetensors_of({**RNN, "rnn.weight_ih_l0": np.ones((3, V))}), "rnn.weight_ih_l0")
    refused(safetensors_of({**RNN, "rnn.bias_ih_l0": np.ones(5)}), "rnn.bias_ih_l0")
    no_readout = {k: v for k, v in RNN.items() if not k.startswith("fc")}
    refused(safetensors_of(no_readout), "readout", "linear layer")
    extra = {**RNN, "norm.weight": np.ones(7)}
    refused(safetensors_of(extra), "norm.weight", "no place")


def test_vocabulary_that_does_not_fit():
    data = safetensors_of(RNN)
    refused(data, "vocab", "2 tokens", "3 rows", vocab="ab")
    refused(data, "vocab", "both", vocab=["a", "b", "a"])
    refused(data, "vocab", "not one character", vocab=["a", "b", "cd"], tokens="char")
    refused(data, "vocab", "whitespace", vocab=["a", "b", "c d"])
    refused(data, "tokens", "char, word", vocab="abc", tokens="bytes")
    refused(data, "vocab", "required", vocab=None)
    refused(data, "vocab", "surrogate", vocab=["a", "b", "\ud800"])


def test_limits_of_the_model():
    big = {
        **RNN,
        "rnn.weight_ih_l0": np.ones((L.MAX_HIDDEN + 1, V)),
        "rnn.weight_hh_l0": np.ones((L.MAX_HIDDEN + 1,) * 2),
        "rnn.bias_ih_l0": np.ones(L.MAX_HIDDEN + 1),
        "rnn.bias_hh_l0": np.ones(L.MAX_HIDDEN + 1),
        "fc.weight": np.ones((V, L.MAX_HIDDEN + 1)),
    }
    refused(safetensors_of(big), "rnn.weight_hh_l0", "hidden size 257")


# ---- zip archives: .npz and torch.save files ----


def npz_of(arrays: dict) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def deflated(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, raw in members.items():
            z.writestr(name, raw)
    return buf.getvalue()


def test_zip_bomb_over_the_total_is_refused_before_inflating():
    bomb = deflated({"w.npy": b"\0" * (L.MAX_CHECKPOINT_BYTES + 1)})
    assert len(bomb) < L.MAX_CHECKPOINT_BYTES // 500
    err = refused(bomb, "file", "zip bomb")
    assert err.too_large


def test_zip_bomb_by_ratio_under_the_total():
    refused(deflated({"w.npy": b"\0" * (2 * 2**20)}), "file", "zip bomb")


def test_zip_member_that_lies_about_its_size():
    data = bytearray(deflated({"w.npy": b"\x93NUMPY" + b"\0" * 5000}))
    # shrink the declared size in the local header (offset 22) and the central directory
    data[22:26] = (100).to_bytes(4, "little")
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    refused(bytes(data), "file")


def test_npz_header_claiming_more_than_it_holds():
    raw = bytearray(npz_of({"w": np.ones(4)}))
    at = raw.index(b"(4,)")
    raw[at : at + 4] = b"(9,)"  # the header now claims 9 floats; the member holds 4
    refused(bytes(raw), "file")


def test_npz_with_pickled_objects():
    buf = io.BytesIO()
    np.savez(buf, w=np.array([{"a": 1}], dtype=object))
    refused(buf.getvalue(), "w", "pickled objects")


def test_npz_of_a_good_model_imports():
    model = import_file(npz_of({**RNN, "vocab": np.array(list("xyz"))}))
    assert model.vocab == ["x", "y", "z"] and model.format == "npz"


def f32(n: int) -> bytes:
    return np.ones(n, "<f4").tobytes()


def rnn_pickle(**override) -> tuple[bytes, dict[str, bytes]]:
    """A torch.save state_dict of RNN with one storage per tensor; `override` replaces
    entries by pickled tensors of the caller's."""
    entries, storages = {}, {}
    for i, (name, arr) in enumerate(RNN.items()):
        storages[str(i)] = f32(arr.size)
        strides = tuple(int(np.prod(arr.shape[d + 1 :])) for d in range(arr.ndim))
        entries[name] = H.tensor(str(i), arr.size, 0, arr.shape, strides)
    entries.update(override)
    return H.state_dict(entries), storages


def test_handmade_torch_state_dict_imports():
    model = import_file(H.torch_zip(*rnn_pickle()), vocab="abc")
    assert model.format == "pytorch" and model.mapped["weight_hh_l0"] == "rnn.weight_hh_l0"


@pytest.mark.parametrize(
    "offset,size,stride",
    [
        (1, (V, HID), (HID, 1)),  # one element past the end
        (0, (V, HID + 1), (HID, 1)),
        (0, (V, HID), (HID + 5, 1)),
        (0, (10**9,), (0,)),  # stride 0: a billion elements from one
    ],
)
def test_rebuild_tensor_is_bounds_checked(offset, size, stride):
    pkl, storages = rnn_pickle(**{"fc.weight": H.tensor("4", V * HID, offset, size, stride)})
    refused(H.torch_zip(pkl, storages), "file", "tensor")


def test_storage_missing_or_of_the_wrong_size():
    pkl, storages = rnn_pickle(**{"fc.weight": H.tensor("99", 6, 0, (V, HID), (HID, 1))})
    refused(H.torch_zip(pkl, storages), "file", "lacks")
    pkl, storages = rnn_pickle(**{"fc.weight": H.tensor("4", 600, 0, (V, HID), (HID, 1))})
    refused(H.torch_zip(pkl, storages), "file", "should hold")


class Reduce:
    """pickle.dumps(Reduce(f, args)) makes a pickle that calls f(*args) when loaded."""

    def __init__(self, func, args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


@pytest.mark.parametrize("func", [os.system, eval, exec, getattr, __import__])
def test_pickle_whose_reduce_calls_a_function_never_runs_it(tmp_path, func):
    canary = tmp_path / "canary"
    arg = f"open({str(canary)!r}, 'w')" if func in (eval, exec) else f"touch {canary}"
    pkl = pickle.dumps({"w": Reduce(func, (arg,))}, protocol=2)
    err = refused(H.torch_zip(pkl, {}), "file", "rnnscope runs no code")
    assert not canary.exists()
    assert func.__name__ in str(err)


def test_pickle_importing_an_arbitrary_module_never_imports_it(tmp_path, monkeypatch):
    canary = tmp_path / "canary"
    (tmp_path / "evil_rnnscope_probe.py").write_text(
        f"open({str(canary)!r}, 'w').close()\ndef run(*a):\n    open({str(canary)!r}, 'w')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    pkl = H.state_dict({"w": H.glob("evil_rnnscope_probe", "run") + H.tup(H.text("x")) + b"R"})
    err = refused(H.torch_zip(pkl, {}), "file", "calls evil_rnnscope_probe.run")
    assert "evil_rnnscope_probe" not in sys.modules and not canary.exists(), err


@pytest.mark.parametrize(
    "module,name",
    [
        ("subprocess", "Popen"),
        ("builtins", "getattr"),
        ("torch", "load"),
        ("numpy", "load"),
        ("copyreg", "_reconstructor"),
        ("importlib", "import_module"),
    ],
)
def test_pickle_naming_library_code_is_refused_at_the_name(module, name):
    pkl = H.state_dict({"w": H.glob(module, name) + H.tup() + b"R"})
    refused(H.torch_zip(pkl, {}), "file", f"names {module}.{name}")


def test_pickle_with_a_huge_memo_index():
    pkl = b"\x80\x02}r\xff\xff\xff\x7f."  # LONG_BINPUT 2**31 - 1
    refused(H.torch_zip(pkl, {}), "file", "memo")


def test_pickle_that_is_not_a_pickle():
    refused(H.torch_zip(b"\x80\x02garbage", {}), "file", "pickle")


def test_module_cycle_is_refused():
    """A whole-model pickle whose module lists itself as its child."""
    mod = (
        H.glob("__main__", "Net")
        + b")\x81"
        + b"q\x00"
        + b"}("
        + H.text("_parameters")
        + b"}"
        + H.text("_modules")
        + b"}("
        + H.text("me")
        + b"h\x00"
        + b"uub."
    )
    refused(H.torch_zip(b"\x80\x02" + mod, {}), "file", "cycle")


def test_legacy_and_unknown_formats():
    refused(b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19.", "file", "legacy")
    refused(b"hello world, not a model", "file", "not a format")
    refused(b"", "file")
    refused(deflated({"readme.txt": b"hi"}), "file", "neither")


@pytest.mark.parametrize(
    "name",
    [
        "lstm_state_dict.pt",
        "gru_whole_model.pt",
        "lstm.npz",
        "rnn_relu_checkpoint.pth",
        "lstm.safetensors",
    ],
)
def test_damaged_real_files_are_refused_cleanly(name):
    """Truncations and flipped bytes of real files: a model or a CheckpointError, never
    another exception."""
    data = (FIXTURES / name).read_bytes()
    rng = np.random.default_rng(0)
    variants = [data[:n] for n in (1, 10, 100, len(data) // 2, len(data) - 1)]
    for _ in range(40):
        flipped = bytearray(data)
        for at in rng.integers(0, len(data), 3):
            flipped[at] ^= int(rng.integers(1, 256))
        variants.append(bytes(flipped))
    vocab = "".join(sorted(set("the cat sat on the mat"))) + "xyz!"
    for variant in variants:
        with contextlib.suppress(CheckpointError):
            import_file(variant, vocab=vocab)


def test_a_refusal_survives_pickle():
    """A compute process (server/pool.py) sends a refusal back pickled: the same refusal."""
    exc = CheckpointError("weight_hh_l0", "holds 3 NaN", {"rule": "nonfinite", "n": 3}, True)
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is CheckpointError and str(back) == str(exc)
    assert (back.field, back.message, back.ctx, back.too_large) == (
        exc.field, exc.message, exc.ctx, exc.too_large)  # fmt: skip
