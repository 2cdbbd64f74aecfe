"""torch.save's pickle (data.pkl), unpickled without torch and without running any code.

find_class hands out only what a checkpoint needs: OrderedDict, set, the storage types and
our own bounds-checked stand-ins for torch._utils._rebuild_tensor_v2 and _rebuild_parameter.
A class the file names (the student's model, torch.nn modules) becomes an inert stand-in made
with type(): the module is never imported, and calling the class is refused; pickle's NEWOBJ
only makes an instance (cls.__new__) and BUILD fills its __dict__, which is all a model's
pickle does. Names from the standard library or torch beyond those are refused outright,
so `os.system` is never even looked up. Storages arrive through persistent_load as
("storage", type, key, location, numel) and are checked against the archive's members.
"""

from __future__ import annotations

import io
import math
import pickle
import pickletools
import sys
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .. import limits as L
from .errors import CheckpointError, damaged, label, need

STORAGES = {
    "DoubleStorage": "<f8",
    "FloatStorage": "<f4",
    "HalfStorage": "<f2",
    "BFloat16Storage": "bf16",
    "LongStorage": "<i8",
    "IntStorage": "<i4",
    "ShortStorage": "<i2",
    "CharStorage": "i1",
    "ByteStorage": "u1",
    "BoolStorage": "?",
}
MAX_MEMO = 1 << 20  # memo indices: the C unpickler allocates an array up to the largest one
MAX_OPCODES = 1 << 22
REFUSED_ROOTS = set(sys.stdlib_module_names) | {"__builtin__", "copy_reg", "torch", "numpy"}
HELP = "save model.state_dict() instead (or safetensors): rnnscope runs no code from a file"
BROKEN = damaged("torch.save")


def _global(module: str, name: str) -> dict[str, object]:
    """The rule of a pickle that names (or calls) a global rnnscope will not load."""
    return {"rule": "pickle_global", "global": f"{label(module)}.{label(name)}"}


@dataclass(frozen=True)
class StorageType:
    name: str

    @property
    def dtype(self) -> str:
        return STORAGES[self.name]


@dataclass(frozen=True)
class Storage:
    """A storage of the archive: member data/<key>, numel elements of `dtype`."""

    key: str
    dtype: str
    numel: int


@dataclass(frozen=True)
class TensorRef:
    """A tensor as torch rebuilds it: a strided view into a storage, bounds-checked."""

    storage: Storage
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]

    @property
    def numel(self) -> int:
        return math.prod(self.size)


class StandIn:
    """An instance of a class named in the file; BUILD fills its __dict__ (or `_state`)."""

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __setstate__(self, state) -> None:
        if isinstance(state, tuple) and len(state) == 2:  # (dict state, slot state)
            state = {**(state[0] or {}), **(state[1] or {})}
        if isinstance(state, dict):
            self.__dict__.update({k: v for k, v in state.items() if isinstance(k, str)})
        else:
            self.__dict__["_state"] = state


class NoCalls(type):
    """The stand-ins' metaclass: NEWOBJ makes instances, but REDUCE or INST would *call* the
    class, which in the real library could run any code: refused."""

    def __call__(cls, *args, **kwargs):
        module, name = cls.__module__, cls.__qualname__
        msg = f"the pickle calls {label(module)}.{label(name)}; {HELP}"
        raise CheckpointError("file", msg, _global(module, name))


def _ints(value, field: str) -> tuple[int, ...]:
    ok = isinstance(value, (tuple, list)) and len(value) <= 8
    ok = ok and all(type(v) is int and 0 <= v < 2**40 for v in value)
    need(ok, "file", f"tensor {field} must be up to 8 integers >= 0", BROKEN)
    return tuple(value)


def rebuild_tensor(storage, offset, size, stride, *_ignored) -> TensorRef:
    """torch._utils._rebuild_tensor_v2 without torch: every element must lie in the storage."""
    need(isinstance(storage, Storage), "file", "a tensor without a storage", BROKEN)
    msg = "tensor offset must be an integer >= 0"
    need(type(offset) is int and offset >= 0, "file", msg, BROKEN)
    size, stride = _ints(size, "size"), _ints(stride, "stride")
    need(len(size) == len(stride), "file", "tensor size and stride differ in length", BROKEN)
    ref = TensorRef(storage, offset, size, stride)
    if ref.numel:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
        need(
            last < storage.numel,
            "file",
            f"a tensor of size {size}, stride {stride} at offset {offset} reads element {last} "
            f"of a storage of {storage.numel}",
            BROKEN,
        )
    big = {"rule": "bytes_max", "what": "tensor", "n": ref.numel * 8, "max": L.MAX_CHECKPOINT_BYTES}
    need(ref.numel * 8 <= L.MAX_CHECKPOINT_BYTES, "file", f"a tensor of {ref.numel} elements", big)
    return ref


def rebuild_parameter(data, *_ignored):
    return data


def _codecs_encode(text, encoding="latin1"):
    need(
        isinstance(text, str) and encoding in ("latin1", "latin-1", "utf-8", "utf8"),
        "file",
        "unexpected bytes in the pickle",
        BROKEN,
    )
    return text.encode(encoding)


def _torch_device(*_args):
    return "device"


SAFE = {
    ("collections", "OrderedDict"): OrderedDict,
    ("builtins", "set"): set,
    ("__builtin__", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("__builtin__", "frozenset"): frozenset,
    ("_codecs", "encode"): _codecs_encode,
    ("torch._utils", "_rebuild_tensor_v2"): rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): rebuild_parameter,
    ("torch", "device"): _torch_device,
}


def _scan(data: bytes) -> None:
    """Walk the opcodes without running them: bounded count and memo indices."""
    try:
        for count, (op, arg, _) in enumerate(pickletools.genops(data)):
            need(count < MAX_OPCODES, "file", "the pickle is too long", BROKEN)
            if op.name in ("BINPUT", "LONG_BINPUT", "PUT", "BINGET", "LONG_BINGET", "GET"):
                need(
                    isinstance(arg, int) and 0 <= arg < MAX_MEMO,
                    "file",
                    "the pickle's memo index is out of range",
                    BROKEN,
                )
    except CheckpointError:
        raise
    except Exception as exc:
        raise CheckpointError("file", f"not a readable pickle: {exc}", BROKEN) from None


class Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, storage_bytes: Mapping[str, int]):
        super().__init__(io.BytesIO(data))
        self.storage_bytes = storage_bytes
        self.stand_ins: dict[tuple[str, str], type] = {}

    def find_class(self, module: str, name: str):
        if (module, name) in SAFE:
            return SAFE[(module, name)]
        if module == "torch" and name in STORAGES:
            return StorageType(name)
        if module.split(".")[0] in REFUSED_ROOTS and not module.startswith("torch.nn.modules."):
            msg = f"the pickle names {label(module)}.{label(name)}; {HELP}"
            raise CheckpointError("file", msg, _global(module, name))
        if (module, name) not in self.stand_ins:
            self.stand_ins[(module, name)] = NoCalls(name, (StandIn,), {"__module__": module})
        return self.stand_ins[(module, name)]

    def persistent_load(self, pid):
        ok = isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"
        need(ok, "file", "an unknown persistent id in the pickle", BROKEN)
        _, kind, key, _location, numel = pid
        need(isinstance(kind, StorageType), "file", "a storage of an unknown type", BROKEN)
        need(
            isinstance(key, str) and key in self.storage_bytes,
            "file",
            f"the pickle refers to storage {label(key)}, which the archive lacks",
            BROKEN,
        )
        item = 2 if kind.dtype == "bf16" else np.dtype(kind.dtype).itemsize
        need(
            type(numel) is int and numel * item == self.storage_bytes[key],
            "file",
            f"storage {label(key)} should hold {numel} elements of {item} bytes, "
            f"the archive has {self.storage_bytes[key]} bytes",
            BROKEN,
        )
        return Storage(key, kind.dtype, numel)


def load(data: bytes, storage_bytes: Mapping[str, int]) -> object:
    """The unpickled object of data.pkl; storages and tensors as Storage and TensorRef."""
    _scan(data)
    try:
        return Unpickler(data, storage_bytes).load()
    except CheckpointError:
        raise
    except Exception as exc:  # a malformed pickle: TypeError, EOFError, UnpicklingError, ...
        msg = f"not a readable pickle ({type(exc).__name__})"
        raise CheckpointError("file", msg, BROKEN) from None
